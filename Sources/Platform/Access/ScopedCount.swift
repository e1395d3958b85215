import Fluent
import Foundation
import Persistence
import SQLKit
import SQLiteKit

/// A count over a table of person-related records, with its conditions; `AccessScope.counts` adds
/// the municipality filter itself, so no count can forget it.
package struct ScopedCount: Sendable {
    /// A condition on one field of the counted model.
    package struct Condition: Sendable {
        let column: String
        /// The operator as SQL text ("=", "<=", ">=", "IS"): the statement is written, not built, per request.
        let op: String
        let value: (any Encodable & Sendable)?
        /// For "IN": the values.
        var values: [any Encodable & Sendable] = []

        package static func equals<Record: Model, Property: AnyQueryableProperty>(
            _ field: KeyPath<Record, Property>, _ value: some Encodable & Sendable) -> Condition {
            Condition(column: columnName(field), op: "=", value: value)
        }

        package static func atMost<Record: Model, Property: AnyQueryableProperty>(
            _ field: KeyPath<Record, Property>, _ value: some Encodable & Sendable) -> Condition {
            Condition(column: columnName(field), op: "<=", value: value)
        }

        package static func atLeast<Record: Model, Property: AnyQueryableProperty>(
            _ field: KeyPath<Record, Property>, _ value: some Encodable & Sendable) -> Condition {
            Condition(column: columnName(field), op: ">=", value: value)
        }

        package static func oneOf<Record: Model, Property: AnyQueryableProperty>(
            _ field: KeyPath<Record, Property>, _ values: [some Encodable & Sendable]) -> Condition {
            Condition(column: columnName(field), op: "IN", value: nil, values: values)
        }

        package static func isNull<Record: Model, Property: AnyQueryableProperty>(_ field: KeyPath<Record, Property>) -> Condition {
            Condition(column: columnName(field), op: "IS", value: nil)
        }

        /// Fluent finds a field's column by building a model and reflecting over it: done once per key path
        /// (`ColumnNames`), not per request.
        static func columnName<Record: Model, Property: AnyQueryableProperty>(_ field: KeyPath<Record, Property>) -> String {
            ColumnNames.shared.column(field)
        }
    }

    let table: String
    let conditions: [Condition]

    package init<Record: MunicipalityScoped>(_ type: Record.Type, _ conditions: [Condition]) {
        self.table = Record.schema
        self.conditions = conditions
    }
}

extension AccessScope {
    /// Several counts in one round trip (`SELECT (SELECT count(*) …) AS c0, (SELECT count(*) …) AS c1`):
    /// the start page's work lists cost one query, not one per list.
    package func counts(_ counts: [ScopedCount], on db: any Database) async throws -> [Int] {
        guard !counts.isEmpty else { return [] }
        let ids: [UUID]?
        var misa = false
        switch kind {
        case .system: ids = nil
        case .municipalities(let list) where !list.isEmpty: ids = list
        // MISA counts only the reports sent to it.
        case .misaInbox where counts.allSatisfy({ $0.table == DeficitReport.schema }): ids = nil; misa = true
        default: return counts.map { _ in 0 }
        }
        // Written as text with bound values: table and column names are the models' own constants, and
        // building it with SQLKit's serializer (quoting every identifier) cost more than running it.
        var text = "SELECT "
        var values: [any Encodable & Sendable] = []
        func bind(_ list: [any Encodable & Sendable]) {
            text += Array(repeating: "?", count: list.count).joined(separator: ", ")
            values += list
        }
        for (index, count) in counts.enumerated() {
            text += (index == 0 ? "" : ", ") + "(SELECT count(*) FROM \"\(count.table)\" WHERE 1 = 1"
            if misa { text += " AND \"status\" <> 'draft'" }
            if let ids {
                text += " AND \"municipality_id\" IN ("
                bind(ids)
                text += ")"
            }
            for condition in count.conditions {
                text += " AND \"\(condition.column)\" \(condition.op) "
                if condition.op == "IN" {
                    text += "("
                    bind(condition.values)
                    text += ")"
                } else if let value = condition.value {
                    bind([value])
                } else {
                    text += "NULL"
                }
            }
            text += ") AS c\(index)"
        }
        if db is any SQLiteDatabase {
            // Run directly: no SQLKit serializer, no Codable for the values and the counts.
            let found = FirstRow()
            _ = try await DirectSQLite.read(on: db, text, try values.map(DirectSQLite.data)) { found.keep($0) }
            guard let row = found.row else { return counts.map { _ in 0 } }
            return try counts.indices.map { index in
                guard case .integer(let count)? = row.column("c\(index)") else { throw AppError.internalError("count c\(index) missing") }
                return count
            }
        }
        // Inside a `ReadBatch` part the counts join its round; otherwise prepared, or the unnamed way.
        var rows = try await ReadBatch.rows(ReadBatch.Read(sql: text, binds: values, alias: "counts", orderBy: ""), on: db)
        if rows == nil { rows = try await PreparedPostgres.rowsOrUnprepared(text, values, on: db) }
        guard let row = rows?.first else { return counts.map { _ in 0 } }
        return try counts.indices.map { try row.decode(column: "c\($0)", as: Int.self) }
    }
}
