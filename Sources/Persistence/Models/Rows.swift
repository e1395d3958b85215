import Domain
import Fluent
import FluentSQL
import Foundation
import SQLKit

/// Reading rows without building models. Fluent builds a model by walking its properties through
/// reflection, row by row; for a list of persons that walk costs more than the query itself. These
/// readers select the named columns and decode them directly (measured: scripts/bench, BENCHMARKS.md).
private final class Collected<Row>: @unchecked Sendable {
    var rows: [Row] = []
    var error: (any Error)?
}

extension QueryBuilder {
    /// Every row decoded by `read` from the selected columns (the builder's filters, sorts and range apply).
    /// The Fluent query is converted to SQL and run directly: no model is built, and Fluent's per-query
    /// reflection (soft-delete and timestamp lookups; no model here deletes softly) is skipped.
    package func rows<Row>(_ fields: [PartialKeyPath<Model>], _ read: @escaping @Sendable (RowReader<Model>) throws -> Row) async throws -> [Row] {
        guard let sql = database as? any SQLDatabase else { preconditionFailure("rows need an SQL database") }
        // The columns' names, found once on one model instance (not per row and field).
        let sample = Model()
        var keys: [PartialKeyPath<Model>: String] = [:]
        // `"persons".*` rather than one aliased column per field: serialising the aliases cost more than
        // fetching the few columns more.
        var query = self.query
        query.fields = [.custom(SQLColumn(SQLLiteral.all, table: SQLIdentifier(Model.schema)))]
        for field in fields {
            guard let property = sample[keyPath: field] as? any AnyQueryableProperty, let key = property.path.first else {
                preconditionFailure("\(field) is not a stored field")
            }
            keys[field] = key.description
        }
        let statement = SQLQueryConverter(delegate: PlainConverter()).convert(query)
        nonisolated(unsafe) let columns = keys
        let collected = Collected<Row>()
        try await sql.execute(sql: statement) { row in
            guard collected.error == nil else { return }
            do {
                collected.rows.append(try read(RowReader(row: row, keys: columns)))
            } catch {
                collected.error = error
            }
        }
        if let error = collected.error { throw error }
        return collected.rows
    }

    /// The models, read like `all()` but without Fluent's per-query reflection and column aliases
    /// (`"schema".*`, decoded by column name). Not for joins or eager loads: those keep `all()`.
    package func fetch() async throws -> [Model] {
        precondition(eagerLoaders.isEmpty && query.joins.isEmpty, "fetch() reads one table; use all() for joins and eager loads")
        guard let sql = database as? any SQLDatabase else { return try await all() }
        var query = self.query
        query.fields = [.custom(SQLColumn(SQLLiteral.all, table: SQLIdentifier(Model.schema)))]
        let statement = SQLQueryConverter(delegate: PlainConverter()).convert(query)
        let collected = Collected<Model>()
        try await sql.execute(sql: statement) { row in
            guard collected.error == nil else { return }
            do { collected.rows.append(try row.decode(fluentModel: Model.self)) } catch { collected.error = error }
        }
        if let error = collected.error { throw error }
        return collected.rows
    }

    /// The first model, as `fetch()` reads it.
    package func fetchFirst() async throws -> Model? {
        try await copy().limit(1).fetch().first
    }

    /// The values of one field (e.g. the person ids of matching search keys).
    package func values<Field: QueryableProperty>(of field: KeyPath<Model, Field>) async throws -> [Field.Value] where Field.Model == Model {
        try await rows([field]) { try $0[field] }
    }
}

/// Reading queries needs no custom column types.
private struct PlainConverter: SQLConverterDelegate {
    func customDataType(_ dataType: DatabaseSchema.DataType) -> (any SQLExpression)? { nil }
}

/// One row's columns, by the model's typed fields (only the fields the query selected).
package struct RowReader<Model: Fields>: @unchecked Sendable {
    let row: any SQLRow
    let keys: [PartialKeyPath<Model>: String]

    func column(_ field: PartialKeyPath<Model>) -> String {
        guard let column = keys[field] else { preconditionFailure("\(field) was not selected") }
        return column
    }

    package subscript<Field: QueryableProperty>(_ field: KeyPath<Model, Field>) -> Field.Value {
        get throws {
            // Ids as text, parsed here: Foundation parses a UUID with scanf (BENCHMARKS.md, «Where the time of an audited page goes»).
            if Field.Value.self == UUID.self, let id = UUID(text: try row.decode(column: column(field), as: String.self)) {
                return id as! Field.Value
            }
            return try row.decode(column: column(field), as: Field.Value.self)
        }
    }

    package subscript<Value: Codable & Sendable>(_ field: KeyPath<Model, OptionalFieldProperty<Model, Value>>) -> Value? where Model: FluentKit.Model {
        get throws {
            let column = column(field)
            return try row.decodeNil(column: column) ? nil : try row.decode(column: column, as: Value.self)
        }
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

    static var fields: [PartialKeyPath<Person>] { [\Person.$id, \Person.$household.$id, \Person.$municipality.$id, \Person.$givenName,
                                                    \Person.$familyName, \Person.$sex, \Person.$birthDate, \Person.$nationality,
                                                    \Person.$motherTongue, \Person.$permit, \Person.$moveInDate, \Person.$targetGroup,
                                                    \Person.$stage] }
}

extension QueryBuilder where Model == Person {
    /// The persons as list rows (the builder's scope, filters, sorts and range apply).
    package func personRows() async throws -> [PersonRow] {
        try await rows(PersonRow.fields) { row in
            PersonRow(id: try row[\.$id], householdID: try row[\.$household.$id], municipalityID: try row[\.$municipality.$id],
                      givenName: try row[\.$givenName], familyName: try row[\.$familyName], sex: try row[\.$sex],
                      birthDate: try row[\.$birthDate], nationality: try row[\.$nationality], motherTongue: try row[\.$motherTongue],
                      permit: try row[\.$permit], moveInDate: try row[\.$moveInDate], targetGroup: try row[\.$targetGroup],
                      stage: try row[\.$stage])
        }
    }
}
