import Domain
import FluentKit
import Foundation
import SQLiteKit

/// List reads on SQLite, written and decoded without SQLKit's serializer and Codable.
///
/// A page's list query went through Fluent's converter, SQLKit's serializer (quoting every identifier),
/// SQLiteKit's Codable encoder for each bound value and its Codable decoder for each column of each row;
/// together these cost more server time than SQLite took to run the query (BENCHMARKS.md, fourth round).
/// This writer knows the plain queries the lists use (one table; conditions on its columns joined by AND
/// and OR; order; range) and returns nil for anything else, which Fluent's converter then writes as before.
/// Values are bound with SQLiteKit's own encoder and, beyond text, ids, dates and enums, decoded with its
/// own decoder, so a value reads and compares exactly as through Fluent. PostgreSQL's reads are written by
/// the same writer (`statement(_:columns:dialect:)`), bound and decoded there by `PreparedPostgres`.
package enum DirectSQLite {
    /// The statement and its values, or nil when the query has a part this writer does not know.
    /// No columns: every column of the table (`"schema".*`, for models).
    package static func select(_ query: DatabaseQuery, columns: [String]) throws -> (sql: String, binds: [SQLiteData])? {
        guard let written = statement(query, columns: columns, dialect: .sqlite) else { return nil }
        return (written.sql, try written.binds.map(DirectSQLite.data))
    }

    /// Which database a statement is written for: they differ in little (`LIMIT -1`, the unindexed subset).
    package enum Dialect: Sendable { case sqlite, postgres }

    /// A statement with `?` for each value (PostgreSQL numbers them, `PreparedPostgres.numbered`), the values
    /// as the query holds them, and its order by itself (a `ReadBatch` orders the rows it hands over by it).
    package struct Written: Sendable {
        package let sql: String
        package let binds: [any Encodable & Sendable]
        package let orderBy: String
    }

    /// A table or column name this writer writes as it is (the models' own constants hold no quote).
    static func isPlain(_ name: String) -> Bool { Writer.plain(name) }

    /// The query written without SQLKit's serializer, or nil when it has a part this writer does not know.
    package static func statement(_ query: DatabaseQuery, columns: [String], dialect: Dialect) -> Written? {
        guard query.space == nil, query.joins.isEmpty, !query.isUnique,
              case .read = query.action, Writer.plain(query.schema), columns.allSatisfy(Writer.plain) else { return nil }
        var writer = Writer(schema: query.schema, dialect: dialect)
        writer.sql = "SELECT "
        if columns.isEmpty {
            writer.identifier(query.schema)
            writer.sql += ".*"
        }
        for (index, column) in columns.enumerated() {
            if index > 0 { writer.sql += ", " }
            writer.column(column)
            // Named: SQLite leaves the name of an unaliased result column unspecified.
            writer.sql += " AS "
            writer.identifier(column)
        }
        writer.sql += " FROM "
        writer.identifier(query.schema)
        if !query.filters.isEmpty {
            writer.sql += " WHERE "
            guard writer.filters(query.filters, separator: " AND ") else { return nil }
        }
        var order = ""
        for (index, sort) in query.sorts.enumerated() {
            guard case .sort(let field, let direction) = sort, let column = Writer.column(of: field, in: query.schema) else { return nil }
            if index > 0 { order += ", " }
            order += "\"\(query.schema)\".\"\(column)\""
            switch direction {
            case .ascending: order += " ASC"
            case .descending: order += " DESC"
            case .custom: return nil
            }
        }
        if !order.isEmpty { writer.sql += " ORDER BY " + order }
        guard query.limits.count <= 1, query.offsets.count <= 1 else { return nil }
        if let limit = query.limits.first {
            guard case .count(let count) = limit else { return nil }
            writer.sql += " LIMIT \(count)"
        }
        if let offset = query.offsets.first {
            guard case .count(let count) = offset else { return nil }
            if query.limits.isEmpty, dialect == .sqlite { writer.sql += " LIMIT -1" }
            writer.sql += " OFFSET \(count)"
        }
        return Written(sql: writer.sql, binds: writer.binds, orderBy: order)
    }

    private struct Writer {
        let schema: String
        let dialect: Dialect
        var sql = ""
        var binds: [any Encodable & Sendable] = []

        init(schema: String, dialect: Dialect) {
            self.schema = schema
            self.dialect = dialect
            sql.reserveCapacity(512)
        }

        /// Table and column names are the models' own constants; one with a quote is left to Fluent.
        static func plain(_ name: String) -> Bool { !name.isEmpty && !name.utf8.contains(0x22) }

        mutating func identifier(_ name: String) {
            sql += "\""
            sql += name
            sql += "\""
        }

        mutating func column(_ name: String) {
            identifier(schema)
            sql += "."
            identifier(name)
        }

        static func column(of field: DatabaseQuery.Field, in schema: String) -> String? {
            switch field {
            case .path(let path, let table) where path.count == 1 && table == schema && plain(path[0].description): path[0].description
            case .extendedPath(let path, let table, nil) where path.count == 1 && table == schema && plain(path[0].description): path[0].description
            default: nil
            }
        }

        mutating func filters(_ filters: [DatabaseQuery.Filter], separator: String) -> Bool {
            for (index, filter) in filters.enumerated() {
                if index > 0 { sql += separator }
                guard self.filter(filter) else { return false }
            }
            return true
        }

        mutating func filter(_ filter: DatabaseQuery.Filter) -> Bool {
            switch filter {
            case .group(let filters, let relation):
                let separator: String
                switch relation {
                case .and: separator = " AND "
                case .or: separator = " OR "
                case .custom: return false
                }
                sql += "("
                guard self.filters(filters, separator: separator) else { return false }
                sql += ")"
                return true
            case .value(let field, let method, let value):
                guard let column = Self.column(of: field, in: schema) else { return false }
                if case .equality(let inverse) = method, Self.isNull(value) {
                    self.column(column)
                    sql += inverse ? " IS NOT NULL" : " IS NULL"
                    return true
                }
                if case .subset(let inverse) = method, case .array(let values) = value, values.isEmpty {
                    // As Fluent writes it: nothing is in an empty list.
                    sql += inverse ? "1 <> 0" : "1 = 0"
                    return true
                }
                let op: String
                switch method {
                case .equality(let inverse): op = inverse ? " <> " : " = "
                case .order(let inverse, let equality): op = inverse ? (equality ? " <= " : " < ") : (equality ? " >= " : " > ")
                case .subset(let inverse): op = inverse ? " NOT IN " : " IN "
                case .contains, .custom: return false
                }
                self.column(column)
                sql += op
                return self.value(value)
            case .custom(let matching as MatchingIDs):
                guard matching.schema == schema, Self.plain(matching.column) else { return false }
                self.column(matching.column)
                sql += " IN ("
                guard let written = matching.written(dialect) else { return false }
                sql += written.sql
                binds += written.binds
                sql += ")"
                return true
            case .custom(let custom):
                guard dialect == .sqlite, let unindexed = custom as? UnindexedSubset, unindexed.schema == schema, !unindexed.values.isEmpty,
                      Self.plain(unindexed.column) else { return false }
                sql += "+"
                self.column(unindexed.column)
                sql += " IN ("
                for (index, value) in unindexed.values.enumerated() {
                    sql += index == 0 ? "?" : ", ?"
                    binds.append(value.text)
                }
                sql += ")"
                return true
            case .field:
                return false
            }
        }

        static func isNull(_ value: DatabaseQuery.Value) -> Bool {
            switch value {
            case .null: true
            case .bind(let bind):
                if let optional = bind as? any AnyOptionalType, case .none = optional.wrappedValue { true } else { false }
            default: false
            }
        }

        mutating func value(_ value: DatabaseQuery.Value) -> Bool {
            switch value {
            case .bind(let bind):
                if let optional = bind as? any AnyOptionalType, case .none = optional.wrappedValue {
                    sql += "NULL"
                } else {
                    sql += "?"
                    binds.append(bind)
                }
                return true
            case .null:
                sql += "NULL"
                return true
            case .array(let values):
                sql += "("
                for (index, element) in values.enumerated() {
                    if index > 0 { sql += "," }
                    guard self.value(element) else { return false }
                }
                sql += ")"
                return true
            case .dictionary, .enumCase, .default, .custom:
                return false
            }
        }
    }

    /// Statements run here are logged like SQLKit's (at debug level, with their values).
    package static func log(_ sql: String, _ binds: [SQLiteData], _ logger: Logger) {
        if logger.logLevel <= .debug { logger.debug("Executing query [binds: \(binds), sql: \(sql)]") }
    }

    /// A bound value as SQLiteKit stores it (ids and text directly, the rest through its encoder).
    package static func data(_ value: any Encodable & Sendable) throws -> SQLiteData {
        if let optional = value as? any AnyOptionalType, case .none = optional.wrappedValue { return .null }
        if let text = value as? String { return .text(text) }
        if let id = value as? UUID { return .text(id.text) }
        return try SQLiteDataEncoder().encode(value)
    }

    /// A column's value as SQLiteKit's decoder reads it, without its Codable round for text, ids, dates and enums.
    package static func decode<Value: Decodable>(_ type: Value.Type, from data: SQLiteData) throws -> Value {
        if case .text(let text) = data, let value = value(Value.self, fromText: text) { return value }
        // An optional as SQLiteKit's decoder reads it (null is none, else the wrapped type's value), without the
        // Codable round its decoder takes for every optional column of every model.
        if let optional = Value.self as? any DirectOptional.Type {
            if case .null = data { return optional.absent as! Value }
            return try optional.wrapping(data) as! Value
        }
        return try SQLiteDataDecoder().decode(Value.self, from: data)
    }

    /// A column's text as text, an id, or a value stored as its text (dates, enums), without Codable; nil for any
    /// other type or text that is not such a value. SQLite's and PostgreSQL's direct rows both read text this way.
    static func value<Value>(_ type: Value.Type, fromText text: String) -> Value? {
        if Value.self == String.self { return (text as! Value) }
        // Foundation parses a UUID with scanf (BENCHMARKS.md, «Where the time of an audited page goes»).
        if Value.self == UUID.self { return UUID(text: text).map { $0 as! Value } }
        if let stored = Value.self as? any StoredAsText.Type { return stored.init(storedText: text).map { $0 as! Value } }
        return nil
    }
}

/// An optional column's type, decoded by `DirectSQLite.decode` as its wrapped type.
protocol DirectOptional {
    static var absent: Self { get }
    static func wrapping(_ data: SQLiteData) throws -> Self
}

extension Optional: DirectOptional where Wrapped: Decodable {
    static var absent: Self { nil }
    static func wrapping(_ data: SQLiteData) throws -> Self { try DirectSQLite.decode(Wrapped.self, from: data) }
}

/// A value stored as its text: the enums of the models (their raw value, as Codable writes them).
package protocol StoredAsText {
    init?(storedText: String)
    /// The text Codable writes (a bound value on PostgreSQL, `PreparedPostgres`).
    var storedText: String { get }
}

extension StoredAsText where Self: RawRepresentable, RawValue == String {
    package init?(storedText: String) { self.init(rawValue: storedText) }
    package var storedText: String { rawValue }
}

/// An SQLite row as SQLKit's row, decoded like `DirectSQLite.decode`: Fluent builds models from it (`fetch()`).
struct DirectRow: SQLRow {
    let row: LiteRow

    var allColumns: [String] { row.columnNames }

    func contains(column: String) -> Bool { row.column(column) != nil }

    /// A missing column reads as nil, as SQLiteKit's row has it.
    func decodeNil(column: String) throws -> Bool {
        guard let data = row.column(column) else { return true }
        if case .null = data { return true }
        return false
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let data = row.column(column) else { throw DirectRow.missing(column) }
        return try DirectSQLite.decode(D.self, from: data)
    }

    static func missing(_ column: String) -> DecodingError {
        DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "no column \(column)"))
    }
}

/// `+"table"."column" IN (…)`: a condition SQLite checks on each row found but does not use to find rows
/// (the unary plus hides the column from the planner; `AccessScope.query(_:ids:on:)` says why). Fluent's
/// converter writes it as an SQL expression; `DirectSQLite` knows it by its type.
package struct UnindexedSubset: SQLExpression {
    let schema: String
    let column: String
    let values: [UUID]

    package init(schema: String, column: String, values: [UUID]) {
        self.schema = schema
        self.column = column
        self.values = values
    }

    package func serialize(to serializer: inout SQLSerializer) {
        serializer.write("+")
        SQLColumn(SQLIdentifier(column), table: SQLIdentifier(schema)).serialize(to: &serializer)
        serializer.write(" IN ")
        SQLGroupExpression(SQLKit.SQLList(values.map { SQLBind($0) })).serialize(to: &serializer)
    }
}

/// `"table"."column" IN (…)` over the ids that every group of lookups finds: a group's lookups are united,
/// the groups intersected. Each lookup is a one-table read that `DirectSQLite` writes, selecting one column
/// (with its own limit). One statement instead of a round trip per lookup, and the found ids never travel
/// to the app and back (a person search on PostgreSQL at 1,000,000 persons: BENCHMARKS.md, twelfth round).
package struct MatchingIDs: SQLExpression {
    let schema: String
    let column: String
    /// The column each lookup selects.
    let selected: String
    let groups: [[DatabaseQuery]]

    package init(schema: String, column: String, selected: String, groups: [[DatabaseQuery]]) {
        self.schema = schema
        self.column = column
        self.selected = selected
        self.groups = groups
    }

    /// The ids' statement (`?` for each value), or nil when a lookup has a part the writer does not know.
    /// Each lookup and each group is a subquery of its own (`SELECT … FROM (…) AS name`): SQLite allows no
    /// limit on a member of a compound select, and evaluates UNION and INTERSECT left to right where
    /// PostgreSQL binds INTERSECT first.
    func written(_ dialect: DirectSQLite.Dialect) -> (sql: String, binds: [any Encodable & Sendable])? {
        guard !groups.isEmpty, !groups.contains(where: \.isEmpty), DirectSQLite.isPlain(selected) else { return nil }
        var sql = "", binds: [any Encodable & Sendable] = []
        let column = "\"\(selected)\""
        for (g, lookups) in groups.enumerated() {
            if g > 0 { sql += " INTERSECT " }
            sql += "SELECT \(column) FROM ("
            for (l, lookup) in lookups.enumerated() {
                guard let read = DirectSQLite.statement(lookup, columns: [selected], dialect: dialect) else { return nil }
                if l > 0 { sql += " UNION " }
                sql += "SELECT \(column) FROM (\(read.sql)) AS \"l\(g)_\(l)\""
                binds += read.binds
            }
            sql += ") AS \"g\(g)\""
        }
        return (sql, binds)
    }

    package func serialize(to serializer: inout SQLSerializer) {
        // Through Fluent's converter (a query this project's writer does not know as a whole): the same text,
        // its values bound by the serializer.
        let dialect: DirectSQLite.Dialect = serializer.dialect.name == "sqlite" ? .sqlite : .postgres
        SQLColumn(SQLIdentifier(column), table: SQLIdentifier(schema)).serialize(to: &serializer)
        guard let (sql, binds) = written(dialect) else {
            // The lookups are the callers' own one-table reads: a part the writer does not know is a mistake here.
            assertionFailure("lookups the writer does not know")
            serializer.write(" IN (NULL)")
            return
        }
        serializer.write(" IN (")
        var values = binds.makeIterator()
        for (index, part) in sql.split(separator: "?", omittingEmptySubsequences: false).enumerated() {
            if index > 0, let value = values.next() { serializer.write(bind: value) }
            serializer.write(String(part))
        }
        serializer.write(")")
    }
}
