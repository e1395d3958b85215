import Domain
import FluentKit
import Foundation
import NIOConcurrencyHelpers
import FluentPostgresDriver

/// Reads on PostgreSQL as named prepared statements, kept per connection.
///
/// Through PostgresKit every statement goes as an unnamed one: PostgreSQL parses and plans it anew each
/// time. The start page's count query (eleven sub-selects) and the lists are the same text on every request
/// with other values; prepared once per connection, they are only bound and run (BENCHMARKS.md, seventh
/// round). The values are bound exactly as PostgresKit binds them (`PostgresEncodable`, and the text of
/// enums and dates); a value of another kind, or a text never seen before once `StatementNames` is full,
/// goes the unnamed way.
package enum PreparedPostgres {
    /// The rows of `sql` (placeholders `$1`, `$2`, …) with `binds`, run as a prepared statement; nil when the
    /// database is not PostgreSQL or a value has no direct encoding (the caller then runs it as before).
    /// `logged: false` logs the statement without its values (a session token's hash).
    package static func rows(_ sql: String, _ binds: [any Encodable & Sendable], on database: any Database,
                             logged: Bool = true) async throws -> [any SQLRow]? {
        let rows = NIOLockedValueBox([any SQLRow]())
        guard try await run(sql, binds, on: database, logged: logged, { row in rows.withLockedValue { $0.append(row) } }) else { return nil }
        return rows.withLockedValue { $0 }
    }

    /// The rows of a statement SQLKit writes (`TableRead`), prepared as `rows(_:_:on:)`; nil when the database
    /// is not PostgreSQL (it is not written then) or the statement is left to the unnamed way.
    package static func rows(of statement: any SQLExpression, on database: any Database) async throws -> [any SQLRow]? {
        guard database is any PostgresDatabase, let sql = database as? any SQLDatabase else { return nil }
        let (text, binds) = sql.serialize(statement)
        return try await rows(text, binds, on: database)
    }

    /// The rows of a statement written with `?` (as SQLite runs it): prepared where its values allow, else as
    /// PostgresKit runs it (on any SQL database).
    package static func rowsOrUnprepared(_ sql: String, _ binds: [any Encodable & Sendable], on database: any Database) async throws -> [any SQLRow] {
        if let rows = try await rows(numbered(sql), binds, on: database) { return rows }
        guard let database = database as? any SQLDatabase else { preconditionFailure("reads need an SQL database") }
        let rows = NIOLockedValueBox([any SQLRow]())
        try await database.execute(sql: SQLQueryString(sql, binding: binds)) { row in rows.withLockedValue { $0.append(row) } }
        return rows.withLockedValue { $0 }
    }

    /// A statement written with `?` for each value (as SQLite runs it) with PostgreSQL's numbered placeholders.
    /// The text holds no other `?` (the callers' texts are their own constants and column names).
    package static func numbered(_ text: String) -> String {
        // By bytes, the text between the marks copied whole: walking a batch's text character by character
        // cost a twentieth of the person page's server time.
        let utf8 = text.utf8
        var result = ""
        result.reserveCapacity(utf8.count + 64)
        var number = 0
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == UInt8(ascii: "?") {
                result += text[start..<index]
                number += 1
                result += "$"
                result += String(number)
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        result += text[start...]
        return result
    }

    /// Runs `sql` with `binds` as a prepared statement and hands each row to `onRow`. False when the database
    /// is not PostgreSQL or a value has no direct encoding (the caller then runs the statement as before).
    package static func run(_ sql: String, _ binds: [any Encodable & Sendable], on database: any Database, logged: Bool = true,
                            _ onRow: @escaping @Sendable (any SQLRow) throws -> Void) async throws -> Bool {
        guard let postgres = database as? any PostgresDatabase else { return false }
        var bindings = PostgresBindings(capacity: binds.count)
        var types: [PostgresDataType] = []
        types.reserveCapacity(binds.count)
        for bind in binds {
            if isNil(bind) {
                bindings.appendNull()
                types.append(.null)
            } else if let value = bind as? any PostgresThrowingDynamicTypeEncodable {
                try bindings.append(value, context: .default)
                types.append(value.psqlType)
            } else if let value = bind as? any StoredAsText {
                // An enum or a date: PostgresKit binds the text its Codable writes.
                bindings.append(value.storedText)
                types.append(.text)
            } else {
                return false
            }
        }
        guard let name = StatementNames.shared.name(sql, types) else { return false }
        if let level = (database as? any SQLDatabase)?.queryLogLevel {
            database.logger.log(level: level, "Executing prepared query",
                                metadata: ["sql": .string(sql), "binds": .array(logged ? binds.map { .string("\($0)") } : [])])
        }
        let statement = Statement(bindings: bindings)
        let current = Statement.Text(name: name, sql: sql, types: types)
        do {
            try await execute(statement, current, on: postgres, logger: database.logger, onRow)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "0A000" {
            // "cached plan must not change result type": another instance migrated a table this connection had
            // prepared `SELECT "table".*` for. Nothing was read; the unnamed way reads the new columns.
            database.logger.info("prepared statement \(name) outdated by a migration; read unprepared")
            return false
        }
        return true
    }

    private static func execute(_ statement: Statement, _ current: Statement.Text, on postgres: any PostgresDatabase, logger: Logger,
                                _ onRow: @escaping @Sendable (any SQLRow) throws -> Void) async throws {
        try await postgres.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                try await Statement.$current.withValue(current) {
                    var columns: LiteColumns?
                    for try await row in try await connection.execute(statement, logger: logger) {
                        let cells = Array(row)
                        // One lookup of the columns by name for all rows of the result.
                        let shared = columns ?? LiteColumns(names: cells.map(\.columnName))
                        columns = shared
                        try onRow(PostgresDirectRow(row: row, cells: cells, columns: shared))
                    }
                }
            }
        }.get()
    }

    private static func isNil(_ value: any Encodable & Sendable) -> Bool {
        if let optional = value as? any AnyOptionalType, case .none = optional.wrappedValue { return true }
        return false
    }

    /// The one statement type: its name and text are those of the statement being run. PostgresNIO reads a
    /// prepared statement's name, text and types from its type (they are meant to be constants); here they
    /// come from a task-local value set around the one `execute` that reads them.
    private struct Statement: PostgresPreparedStatement {
        struct Text: Sendable {
            let name: String
            let sql: String
            let types: [PostgresDataType]
        }

        @TaskLocal static var current = Text(name: "", sql: "", types: [])

        static var name: String { current.name }
        static var sql: String { current.sql }
        static var bindingDataTypes: [PostgresDataType] { current.types }

        let bindings: PostgresBindings

        func makeBindings() throws -> PostgresBindings { bindings }
        func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
    }
}

/// One name per statement text and value types, the same on every connection of the process (a connection
/// prepares a name the first time it meets it). Bounded: texts whose shape depends on a list's length
/// (an `IN` of a lead group's municipalities) stay few, but nothing unbounded is kept.
final class StatementNames: Sendable {
    static let shared = StatementNames()
    static let limit = 1024

    private struct Key: Hashable {
        let sql: String
        let types: [PostgresDataType]
    }

    private let names = NIOLockedValueBox([Key: String]())

    func name(_ sql: String, _ types: [PostgresDataType]) -> String? {
        names.withLockedValue { names in
            let key = Key(sql: sql, types: types)
            if let name = names[key] { return name }
            guard names.count < Self.limit else { return nil }
            let name = "si_\(names.count + 1)"
            names[key] = name
            return name
        }
    }
}

/// A PostgreSQL row as SQLKit's row, its text, ids, numbers and enums decoded straight from their bytes.
/// Through PostgresKit's row each value took a round through its Codable translation: reading the start
/// page's forty persons was a quarter of its server time on PostgreSQL (BENCHMARKS.md, seventh round).
/// Any other kind of value is read by PostgresKit's row, as before.
struct PostgresDirectRow: SQLRow {
    let row: PostgresRow
    let cells: [PostgresCell]
    let columns: LiteColumns

    var allColumns: [String] { columns.names }

    func contains(column: String) -> Bool { columns.positions[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let index = columns.positions[column] else { return true }
        return cells[index].bytes == nil
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let index = columns.positions[column] else { throw DirectRow.missing(column) }
        if let value = try Self.direct(D.self, cells[index]) { return value }
        return try row.sql().decode(column: column, as: D.self)
    }

    /// The value when its column's type and the Swift type are one of the plain pairs; nil otherwise.
    static func direct<D: Decodable>(_ type: D.Type, _ cell: PostgresCell) throws -> D? {
        guard var bytes = cell.bytes else { return nil }
        switch cell.dataType {
        case .text, .varchar, .name, .bpchar:
            guard let text = bytes.readString(length: bytes.readableBytes) else { return nil }
            return DirectSQLite.value(D.self, fromText: text)
        case .uuid where D.self == UUID.self: return (try cell.decode(UUID.self) as! D)
        case .uuid where D.self == String.self: return (try cell.decode(UUID.self).uuidString as! D)
        case .int8 where D.self == Int.self, .int4 where D.self == Int.self, .int2 where D.self == Int.self:
            return (try cell.decode(Int.self) as! D)
        case .bool where D.self == Bool.self: return (try cell.decode(Bool.self) as! D)
        case .timestamptz where D.self == Date.self, .timestamp where D.self == Date.self: return (try cell.decode(Date.self) as! D)
        case .float8 where D.self == Double.self: return (try cell.decode(Double.self) as! D)
        default: return nil
        }
    }
}

extension SQLQueryString {
    /// A statement written with `?` for each value (as SQLite runs it directly), with SQLKit's binds in
    /// their places: PostgreSQL numbers its placeholders. The text holds no other `?`.
    package init(_ text: String, binding values: [any Encodable & Sendable]) {
        self.init("")
        for (index, piece) in text.split(separator: "?", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { appendInterpolation(bind: values[index - 1]) }
            appendLiteral(String(piece))
        }
    }
}
