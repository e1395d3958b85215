import Domain
import Fluent
import FluentPostgresDriver
import FluentSQL
import Foundation
import SQLKit
import SQLiteKit

/// Reading rows without building models. Fluent builds a model by walking its properties through
/// reflection, row by row; for a list of persons that walk costs more than the query itself. These
/// readers select the named columns and decode them directly (measured: scripts/bench, BENCHMARKS.md).
private final class Collected<Row>: @unchecked Sendable {
    private var rows: [Row] = []
    private var error: (any Error)?

    /// Called per row (on the event loop, one after another); after the first error the rest is skipped.
    func add(_ make: () throws -> Row) {
        guard error == nil else { return }
        do { rows.append(try make()) } catch { self.error = error }
    }

    func result() throws -> [Row] {
        if let error { throw error }
        return rows
    }
}

extension QueryBuilder {
    /// Every row decoded by `read` from the selected columns (the builder's filters, sorts and range apply).
    /// The Fluent query is converted to SQL and run directly: no model is built, and Fluent's per-query
    /// reflection (soft-delete and timestamp lookups; no model here deletes softly) is skipped.
    package func rows<Row>(_ fields: [PartialKeyPath<Model>], _ read: @escaping @Sendable (RowReader<Model>) throws -> Row) async throws -> [Row] {
        try await TableRead.rows(Model.self, query, FieldColumns(fields), on: database, read)
    }

    /// The same with the columns found once (`FieldColumns`).
    package func rows<Row>(_ columns: FieldColumns<Model>, _ read: @escaping @Sendable (RowReader<Model>) throws -> Row) async throws -> [Row] {
        try await TableRead.rows(Model.self, query, columns, on: database, read)
    }

    /// The models, read like `all()` but without Fluent's per-query reflection and column aliases
    /// (`"schema".*`, decoded by column name). Not for joins or eager loads: those keep `all()`.
    package func fetch() async throws -> [Model] {
        precondition(eagerLoaders.isEmpty && query.joins.isEmpty, "fetch() reads one table; use all() for joins and eager loads")
        return try await TableRead.fetch(Model.self, query, on: database)
    }

    /// The first model, as `fetch()` reads it.
    package func fetchFirst() async throws -> Model? {
        try await copy().limit(1).fetch().first
    }

    /// The values of one field (e.g. the person ids of matching search keys).
    package func values<Field: QueryableProperty & SendableMetatype>(of field: KeyPath<Model, Field>) async throws -> [Field.Value] where Field.Model == Model {
        try await rows([field]) { try $0[field] }
    }
}

/// The reads of one table behind `rows`, `fetch` and `RecordQuery`: on SQLite written and decoded directly
/// (`DirectSQLite`); otherwise, and for what that writer does not know, converted to SQL by Fluent's
/// converter and run without a query builder.
package enum TableRead {
    package static func rows<Model: Schema, Row>(_ type: Model.Type, _ query: DatabaseQuery, _ selection: FieldColumns<Model>, on database: any Database,
                                                 _ read: @escaping @Sendable (RowReader<Model>) throws -> Row) async throws -> [Row] {
        let collected = Collected<Row>()
        if database is any SQLiteDatabase, let (statement, binds) = try DirectSQLite.select(query, columns: selection.names) {
            _ = try await DirectSQLite.read(on: database, statement, binds) { row in
                collected.add { try read(RowReader(lite: row, columns: selection)) }
            }
            return try collected.result()
        }
        guard let sql = database as? any SQLDatabase else { preconditionFailure("rows need an SQL database") }
        if let rows = try await postgresRows(query, columns: selection.names, on: database) {
            for row in rows { collected.add { try read(RowReader(row: row, columns: selection)) } }
            return try collected.result()
        }
        // What the writer does not know, through Fluent's converter: `"persons".*` rather than one aliased
        // column per field (SQLKit's serialising of the aliases cost more than fetching the few columns more).
        let statement = converted(query, Model.schema)
        if let rows = try await PreparedPostgres.rows(of: statement, on: database) {
            for row in rows { collected.add { try read(RowReader(row: row, columns: selection)) } }
        } else {
            try await sql.execute(sql: statement) { row in collected.add { try read(RowReader(row: row, columns: selection)) } }
        }
        return try collected.result()
    }

    /// The models a one-table query finds.
    package static func fetch<Model: FluentKit.Model>(_ type: Model.Type, _ query: DatabaseQuery, on database: any Database) async throws -> [Model] {
        let collected = Collected<Model>()
        if database is any SQLiteDatabase, let (statement, binds) = try DirectSQLite.select(query, columns: []) {
            _ = try await DirectSQLite.read(on: database, statement, binds) { row in collected.add { try DirectRow(row: row).decode(fluentModel: Model.self) } }
            return try collected.result()
        }
        guard let sql = database as? any SQLDatabase else { preconditionFailure("reads need an SQL database") }
        if let rows = try await postgresRows(query, columns: [], on: database) {
            for row in rows { collected.add { try row.decode(fluentModel: Model.self) } }
            return try collected.result()
        }
        let statement = converted(query, Model.schema)
        if let rows = try await PreparedPostgres.rows(of: statement, on: database) {
            for row in rows { collected.add { try row.decode(fluentModel: Model.self) } }
        } else {
            try await sql.execute(sql: statement) { row in collected.add { try row.decode(fluentModel: Model.self) } }
        }
        return try collected.result()
    }

    /// The query as Fluent's converter writes it, every column of the table (`"schema".*`).
    private static func converted(_ query: DatabaseQuery, _ schema: String) -> any SQLExpression {
        var query = query
        query.fields = [.custom(SQLColumn(SQLLiteral.all, table: SQLIdentifier(schema)))]
        return SQLQueryConverter(delegate: PlainConverter()).convert(query)
    }

    /// The rows on PostgreSQL of a query this project's writer knows (`DirectSQLite.statement`), written
    /// without SQLKit's serializer; inside a `ReadBatch` part they are read in the part's round. Nil when
    /// the writer does not know the query. Rows read the named columns (and those the order uses) only.
    private static func postgresRows(_ query: DatabaseQuery, columns: [String], on database: any Database) async throws -> [any SQLRow]? {
        guard database is any PostgresDatabase else { return nil }
        var named = columns
        if !columns.isEmpty {
            guard let sorted = sortColumns(query) else { return nil }
            named += sorted.filter { !columns.contains($0) }
        }
        guard let written = DirectSQLite.statement(query, columns: named, dialect: .postgres) else { return nil }
        if let rows = try await ReadBatch.rows(ReadBatch.Read(sql: written.sql, binds: written.binds, alias: query.schema, orderBy: written.orderBy), on: database) {
            return rows
        }
        return try await PreparedPostgres.rowsOrUnprepared(written.sql, written.binds, on: database)
    }

    /// The columns the query's order names; nil when it orders by anything else.
    private static func sortColumns(_ query: DatabaseQuery) -> [String]? {
        var columns: [String] = []
        for sort in query.sorts {
            switch sort {
            case .sort(.path(let path, _), _), .sort(.extendedPath(let path, _, _), _):
                guard path.count == 1, let key = path.first else { return nil }
                columns.append(key.description)
            default: return nil
            }
        }
        return columns
    }
}

/// Reading queries needs no custom column types.
private struct PlainConverter: SQLConverterDelegate {
    func customDataType(_ dataType: DatabaseSchema.DataType) -> (any SQLExpression)? { nil }
}

/// Selected fields and their columns, found once: a rows type keeps its own (`PersonRow.columns`), since
/// finding them hashes every field's key path, for every read.
package final class FieldColumns<Model: Fields>: @unchecked Sendable {
    package let fields: [PartialKeyPath<Model>]
    let keys: [PartialKeyPath<Model>: String]
    /// The columns in the fields' order.
    let names: [String]
    /// The fields' key paths as objects, in their order: a row finds a field's value by identity (`RowReader`),
    /// in an array that is no generic type (walking `fields` looked up its type's metadata for every value).
    let identities: [ObjectIdentifier]

    package init(_ fields: [PartialKeyPath<Model>]) {
        self.fields = fields
        let keys = ColumnNames.shared.columns(of: fields, in: Model.self)
        self.keys = keys
        names = fields.map { keys[$0]! }
        identities = fields.map { ObjectIdentifier($0) }
    }
}

/// The columns of a model's fields, found once per key path: Fluent finds a field's column by building a
/// model (every property wrapper of it) and reflecting over it.
package final class ColumnNames: @unchecked Sendable {
    package static let shared = ColumnNames()
    private let lock = NSLock()
    private var names: [AnyKeyPath: String] = [:]

    /// One field's column, as a field path of the query (for conditions written without Fluent's operators,
    /// which build a model for every condition to find the column).
    package func path<Model: Schema, Field: QueryableProperty>(_ field: KeyPath<Model, Field>) -> DatabaseQuery.Field where Field.Model == Model {
        let column = column(field)
        return .extendedPath([column == "id" ? .id : .string(column)], schema: Model.schemaOrAlias, space: Model.spaceIfNotAliased)
    }

    package func column<Model: Fields>(_ field: PartialKeyPath<Model>) -> String {
        // Found without the arrays and dictionaries of `columns(of:in:)`: the counts of the start page ask for a
        // dozen columns per request.
        if let name = lock.withLock({ names[field] }) { return name }
        return columns(of: [field], in: Model.self)[field]!
    }

    func columns<Model: Fields>(of fields: [PartialKeyPath<Model>], in type: Model.Type) -> [PartialKeyPath<Model>: String] {
        var found: [PartialKeyPath<Model>: String] = [:]
        var missing: [PartialKeyPath<Model>] = []
        lock.withLock {
            for field in fields {
                if let name = names[field] { found[field] = name } else { missing.append(field) }
            }
        }
        guard !missing.isEmpty else { return found }
        let sample = Model()
        for field in missing {
            guard let property = sample[keyPath: field] as? any AnyQueryableProperty, let key = property.path.first else {
                preconditionFailure("\(field) is not a stored field")
            }
            found[field] = key.description
        }
        lock.withLock { for field in missing { names[field] = found[field] } }
        return found
    }
}

/// One row's columns, by the model's typed fields (only the fields the query selected).
package struct RowReader<Model: Fields>: @unchecked Sendable {
    private enum Source {
        case sql(any SQLRow)
        case lite(LiteRow)
    }

    private let source: Source
    /// The selected fields and their columns; a direct read's columns come in the fields' order.
    private let columns: FieldColumns<Model>

    init(row: any SQLRow, columns: FieldColumns<Model>) {
        self.source = .sql(row)
        self.columns = columns
    }

    init(lite row: LiteRow, columns: FieldColumns<Model>) {
        self.source = .lite(row)
        self.columns = columns
    }

    func column(_ field: PartialKeyPath<Model>) -> String {
        guard let column = columns.keys[field] else { preconditionFailure("\(field) was not selected") }
        return column
    }

    private func data(_ field: PartialKeyPath<Model>) throws -> SQLiteData? {
        guard case .lite(let row) = source else { return nil }
        // The columns come in the fields' order: a field is found by identity (a key path literal is one
        // object), without hashing the key path and the column's name for every value of every row.
        let identities = columns.identities, wanted = ObjectIdentifier(field)
        for index in 0..<identities.count where identities[index] == wanted {
            if let data = row.value(at: index) { return data }
        }
        let column = column(field)
        guard let data = row.column(column) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "no column \(column)"))
        }
        return data
    }

    /// The row's values in the order of the selected fields (SQLite's direct reads, and PostgreSQL's rows of
    /// a `ReadBatch`, as SQLite would hold them); nil for other rows.
    package var valuesInFieldOrder: [SQLiteData]? {
        switch source {
        case .lite(let row): return row.values
        case .sql(let row): return (row as? JSONRow)?.values(named: columns.names)
        }
    }

    package subscript<Field: QueryableProperty>(_ field: KeyPath<Model, Field>) -> Field.Value {
        get throws { try decoded(field) }
    }

    // Text, ids and values stored as their text (enums, dates) read as their own type, where the call site knows
    // it: the general subscript asks each value's type at run time (`DirectSQLite.value(_:fromText:)`) for every
    // value of every row. Anything else, and every row of PostgreSQL, takes the general way.

    package subscript<Field: QueryableProperty>(_ field: KeyPath<Model, Field>) -> Field.Value where Field.Value: StoredAsText {
        get throws { try parsed(field, Field.Value.init(storedText:)) }
    }

    package subscript<Field: QueryableProperty>(_ field: KeyPath<Model, Field>) -> Field.Value where Field.Value == UUID {
        get throws { try parsed(field, UUID.init(text:)) }
    }

    package subscript<Field: QueryableProperty>(_ field: KeyPath<Model, Field>) -> Field.Value where Field.Value == String {
        get throws { try parsed(field) { $0 } }
    }

    package subscript<Value: Codable & Sendable>(_ field: KeyPath<Model, OptionalFieldProperty<Model, Value>>) -> Value?
        where Model: FluentKit.Model, Value: StoredAsText {
        get throws { try parsedOptional(field, Value.init(storedText:)) }
    }

    package subscript(_ field: KeyPath<Model, OptionalFieldProperty<Model, UUID>>) -> UUID? where Model: FluentKit.Model {
        get throws { try parsedOptional(field, UUID.init(text:)) }
    }

    /// A direct read's text parsed as the field's type; anything else the general way.
    private func parsed<Field: QueryableProperty>(_ field: KeyPath<Model, Field>, _ parse: (String) -> Field.Value?) throws -> Field.Value {
        if case .text(let text)? = try data(field), let value = parse(text) { return value }
        return try decoded(field)
    }

    private func parsedOptional<Value: Codable & Sendable>(_ field: KeyPath<Model, OptionalFieldProperty<Model, Value>>,
                                                         _ parse: (String) -> Value?) throws -> Value? where Model: FluentKit.Model {
        switch try data(field) {
        case .null?: return nil
        case .text(let text)?: if let value = parse(text) { return value }
        default: break
        }
        return try decodedOptional(field)
    }

    private func decoded<Field: QueryableProperty>(_ field: KeyPath<Model, Field>) throws -> Field.Value {
        if let data = try data(field) { return try DirectSQLite.decode(Field.Value.self, from: data) }
        guard case .sql(let row) = source else { preconditionFailure("unreachable") }
        let column = column(field)
        // Ids as text, parsed here: Foundation parses a UUID with scanf (BENCHMARKS.md, «Where the time of an audited page goes»).
        if Field.Value.self == UUID.self, !(row is PostgresDirectRow), let id = UUID(text: try row.decode(column: column, as: String.self)) {
            return id as! Field.Value
        }
        return try row.decode(column: column, as: Field.Value.self)
    }

    package subscript<Value: Codable & Sendable>(_ field: KeyPath<Model, OptionalFieldProperty<Model, Value>>) -> Value? where Model: FluentKit.Model {
        get throws { try decodedOptional(field) }
    }

    private func decodedOptional<Value: Codable & Sendable>(_ field: KeyPath<Model, OptionalFieldProperty<Model, Value>>) throws -> Value?
        where Model: FluentKit.Model {
        if let data = try data(field) {
            if case .null = data { return nil }
            return try DirectSQLite.decode(Value.self, from: data)
        }
        guard case .sql(let row) = source else { preconditionFailure("unreachable") }
        let column = column(field)
        return try row.decodeNil(column: column) ? nil : try row.decode(column: column, as: Value.self)
    }
}

/// What lists show of a person, read without building the model.
package struct PersonRow: Sendable {
    package let id: UUID
    package let householdID: UUID
    package let municipalityID: UUID
    package let givenName: String
    package let familyName: String
    package let sex: Sex
    package let birthDate: CalendarDate
    package let nationality: String
    package let motherTongue: String?
    package let permit: ResidencePermit?
    package let moveInDate: CalendarDate?
    package let targetGroup: TargetGroup?
    package let stage: InformierenStage

    package var name: PersonName { PersonName(given: givenName, family: familyName) }

    package static var fields: [PartialKeyPath<Person>] { [\Person.$id, \Person.$household.$id, \Person.$municipality.$id, \Person.$givenName,
                                                    \Person.$familyName, \Person.$sex, \Person.$birthDate, \Person.$nationality,
                                                    \Person.$motherTongue, \Person.$permit, \Person.$moveInDate, \Person.$targetGroup,
                                                    \Person.$stage] }
    package static let columns = FieldColumns(fields)
}

extension QueryBuilder where Model == Person {
    /// The persons as list rows (the builder's scope, filters, sorts and range apply).
    package func personRows() async throws -> [PersonRow] {
        try await rows(PersonRow.columns, PersonRow.init)
    }
}

extension PersonRow {
    package init(_ row: RowReader<Person>) throws {
        if let read = PersonRow(positional: row.valuesInFieldOrder) {
            self = read
            return
        }
        self.init(id: try row[\.$id], householdID: try row[\.$household.$id], municipalityID: try row[\.$municipality.$id],
                  givenName: try row[\.$givenName], familyName: try row[\.$familyName], sex: try row[\.$sex],
                  birthDate: try row[\.$birthDate], nationality: try row[\.$nationality], motherTongue: try row[\.$motherTongue],
                  permit: try row[\.$permit], moveInDate: try row[\.$moveInDate], targetGroup: try row[\.$targetGroup],
                  stage: try row[\.$stage])
    }

    /// A direct read's row, its columns in `fields`' order, each value read as its own type. The generic
    /// reader finds each field's column and casts its type at run time, for every value: a twentieth of the
    /// start page's server time (BENCHMARKS.md, ninth round). Nil when a value is not stored as expected
    /// (the generic reader then says which).
    private init?(positional values: [SQLiteData]?) {
        guard let values, values.count == Self.fields.count else { return nil }
        func text(_ index: Int) -> String? {
            if case .text(let text) = values[index] { return text }
            return nil
        }
        func stored<Value: StoredAsText>(_ index: Int) -> Value? { text(index).flatMap(Value.init(storedText:)) }
        // Nil for a value that is not as stored; .some(nil) for a null.
        func optional<Value>(_ index: Int, _ parse: (String) -> Value?) -> Value?? {
            if case .null = values[index] { return .some(nil) }
            return text(index).flatMap(parse).map { .some($0) }
        }
        guard let id = text(0).flatMap(UUID.init(text:)), let householdID = text(1).flatMap(UUID.init(text:)),
              let municipalityID = text(2).flatMap(UUID.init(text:)), let givenName = text(3), let familyName = text(4),
              let sex: Sex = stored(5), let birthDate: CalendarDate = stored(6), let nationality = text(7),
              let motherTongue = optional(8, { $0 }), let permit = optional(9, ResidencePermit.init(storedText:)),
              let moveInDate = optional(10, CalendarDate.init(storedText:)), let targetGroup = optional(11, TargetGroup.init(storedText:)),
              let stage: InformierenStage = stored(12) else { return nil }
        self.init(id: id, householdID: householdID, municipalityID: municipalityID, givenName: givenName, familyName: familyName,
                  sex: sex, birthDate: birthDate, nationality: nationality, motherTongue: motherTongue, permit: permit,
                  moveInDate: moveInDate, targetGroup: targetGroup, stage: stage)
    }
}
