import Fluent
import Foundation
import NIOConcurrencyHelpers
import Persistence

/// A read of a model's records by conditions on its columns, built without Fluent's query builder.
///
/// Fluent's builder makes (and reflects over) two models when it is created and one more for every
/// condition written with its operators; on the person page, which reads eleven kinds of records,
/// that took a tenth of the server's time (BENCHMARKS.md, fifth round). This read starts from the
/// model's empty query, made once, and names columns through `ColumnNames`. On SQLite it runs
/// directly (`DirectSQLite`); on PostgreSQL Fluent's converter writes its SQL (`TableRead`).
/// Made by the access scope (`AccessScope.records`), which adds the scope's own condition first.
package struct RecordQuery<Record: Model>: Sendable {
    private(set) var query: DatabaseQuery
    private let database: any Database

    init(query: DatabaseQuery, database: any Database) {
        self.query = query
        self.database = database
    }

    /// Every record, before any condition: the model's query as Fluent's builder starts it (schema, space,
    /// id key), made once per model.
    static func all(on database: any Database) -> Self {
        if let empty = EmptyQueries.shared.query(for: Record.self) { return Self(query: empty, database: database) }
        let empty = Record.query(on: database).query
        EmptyQueries.shared.keep(empty, for: Record.self)
        return Self(query: empty, database: database)
    }

    package func filter<Field: QueryableProperty>(_ field: KeyPath<Record, Field>, equals value: Field.Value) -> Self
        where Field.Model == Record {
        adding(.value(ColumnNames.shared.path(field), .equality(inverse: false), Field.queryValue(value)))
    }

    /// Records whose field is one of the values (none for an empty list).
    package func filter<Field: QueryableProperty>(_ field: KeyPath<Record, Field>, in values: [Field.Value]) -> Self
        where Field.Model == Record {
        adding(.value(ColumnNames.shared.path(field), .subset(inverse: false), .array(values.map { Field.queryValue($0) })))
    }

    /// Records whose field compares with the value: `.greaterThanOrEqual`, `.notEqual`, …
    package func filter<Field: QueryableProperty>(_ field: KeyPath<Record, Field>, _ method: DatabaseQuery.Filter.Method, _ value: Field.Value) -> Self
        where Field.Model == Record {
        adding(.value(ColumnNames.shared.path(field), method, Field.queryValue(value)))
    }

    func adding(_ filter: DatabaseQuery.Filter) -> Self {
        var copy = self
        copy.query.filters.append(filter)
        return copy
    }

    package func sort<Field: QueryableProperty>(_ field: KeyPath<Record, Field>, _ direction: DatabaseQuery.Sort.Direction = .ascending) -> Self
        where Field.Model == Record {
        var copy = self
        copy.query.sorts.append(.sort(ColumnNames.shared.path(field), direction))
        return copy
    }

    package func limit(_ count: Int) -> Self {
        var copy = self
        copy.query.limits = [.count(count)]
        return copy
    }

    /// The records from `range.lowerBound` (counted from 0), at most `range.count` of them.
    package func range(_ range: Range<Int>) -> Self {
        var copy = self
        copy.query.offsets = [.count(range.lowerBound)]
        copy.query.limits = [.count(range.count)]
        return copy
    }

    package func fetch() async throws -> [Record] {
        try await TableRead.fetch(Record.self, query, on: database)
    }

    /// Rows of the selected fields, without models (`QueryBuilder.rows`).
    package func rows<Row>(_ fields: [PartialKeyPath<Record>], _ read: @escaping @Sendable (RowReader<Record>) throws -> Row) async throws -> [Row] {
        try await TableRead.rows(Record.self, query, FieldColumns(fields), on: database, read)
    }

    /// The same with the columns found once (`FieldColumns`).
    package func rows<Row>(_ columns: FieldColumns<Record>, _ read: @escaping @Sendable (RowReader<Record>) throws -> Row) async throws -> [Row] {
        try await TableRead.rows(Record.self, query, columns, on: database, read)
    }

    package func fetchFirst() async throws -> Record? {
        try await limit(1).fetch().first
    }
}

/// Each model's empty query, kept after its first use.
private final class EmptyQueries: @unchecked Sendable {
    static let shared = EmptyQueries()
    private let lock = NIOLock()
    private var queries: [ObjectIdentifier: DatabaseQuery] = [:]

    func query(for type: Any.Type) -> DatabaseQuery? {
        lock.withLock { queries[ObjectIdentifier(type)] }
    }

    func keep(_ query: DatabaseQuery, for type: Any.Type) {
        lock.withLock { queries[ObjectIdentifier(type)] = query }
    }
}

extension RecordQuery where Record == Person {
    /// The persons as list rows (`QueryBuilder.personRows`).
    package func personRows() async throws -> [PersonRow] {
        try await rows(PersonRow.columns, PersonRow.init)
    }
}
