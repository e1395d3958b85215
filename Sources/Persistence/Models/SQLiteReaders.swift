import FluentKit
import Foundation
import NIOConcurrencyHelpers
import SQLiteKit
import VaporCSQLite

/// Read-only connections to the SQLite file for the direct reads (`DirectSQLite`), with their statements
/// kept prepared, run on the calling thread.
///
/// Through SQLiteNIO each read leased a pooled connection, crossed to a thread pool and back, handed every
/// row to the event loop as a task of its own, and parsed and planned its statement anew: on the person
/// page (13 reads) these steps took more server time than SQLite's work (BENCHMARKS.md, fifth round).
/// The direct reads are index lookups and short lists on pages already in memory (microseconds), so
/// they run where the request runs; writes, transactions and everything else keep Fluent's pool.
package final class SQLiteReaders: @unchecked Sendable {
    private let path: String
    private let lock = NIOLock()
    private var idle: [LiteConnection] = []
    private var isClosed = false
    /// More idle connections than threads that read at once are closed when given back.
    private let maxIdle = 8

    package init(path: String) {
        self.path = path
    }

    /// Runs one statement and hands each row to `onRow`, on this thread.
    package func read(_ sql: String, _ binds: [SQLiteData], _ onRow: (LiteRow) throws -> Void) throws {
        let connection = try checkOut()
        defer { checkIn(connection) }
        try connection.run(sql, binds, onRow)
    }

    /// Closes the idle connections; one in use is closed when given back.
    package func close() {
        let closing = lock.withLock {
            isClosed = true
            defer { idle = [] }
            return idle
        }
        for connection in closing { connection.close() }
    }

    private func checkOut() throws -> LiteConnection {
        let reused: LiteConnection? = try lock.withLock {
            guard !isClosed else { throw SQLiteReadError(message: "database closed") }
            return idle.popLast()
        }
        return try reused ?? LiteConnection(path: path, readOnly: true)
    }

    private func checkIn(_ connection: LiteConnection) {
        let keep = lock.withLock {
            guard !isClosed, idle.count < maxIdle else { return false }
            idle.append(connection)
            return true
        }
        if !keep { connection.close() }
    }
}

/// One raw connection to the SQLite file and its prepared statements; used by one thread at a time
/// (checked out of `SQLiteReaders`, or held by `SQLiteWriter` under its lock).
package final class LiteConnection {
    private var handle: OpaquePointer?
    private var statements: [String: Statement] = [:]
    /// Beyond this many different statements the cache starts over (the app has a few dozen).
    private let maxStatements = 256

    struct Statement {
        let handle: OpaquePointer
        let columns: LiteColumns
    }

    init(path: String, readOnly: Bool) throws {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let opened = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard opened == SQLITE_OK, let handle else {
            if let handle { sqlite_nio_sqlite3_close(handle) }
            throw SQLiteReadError(message: "cannot open \(path) (\(opened))")
        }
        self.handle = handle
        // A reader waits for nothing in WAL mode but a rare recovery, the writer for the other writers' transactions;
        // both for at most 10 s, not for ever.
        sqlite_nio_sqlite3_busy_timeout(handle, 10_000)
        // A reader never writes (the file's writes all go through Fluent's connections and the audit's writer).
        // The writer's statement journal (a multi-row insert's) stays in memory.
        let setting = readOnly ? "PRAGMA query_only = 1" : "PRAGMA temp_store = MEMORY"
        guard sqlite_nio_sqlite3_exec(handle, setting, nil, nil, nil) == SQLITE_OK else {
            close()
            throw SQLiteReadError(message: "cannot set up \(path) (\(setting))")
        }
    }

    /// Runs one statement (kept prepared) and hands each row to `onRow`.
    package func run(_ sql: String, _ binds: [SQLiteData] = [], _ onRow: (LiteRow) throws -> Void = { _ in }) throws {
        let statement = try prepared(sql)
        let h = statement.handle
        // Reset at once: a statement left open holds its read snapshot and keeps the WAL from being checkpointed.
        // Not `clear_bindings`: every value is bound anew, and clearing made SQLite prepare the statement again.
        defer { sqlite_nio_sqlite3_reset(h) }
        for (index, value) in binds.enumerated() {
            let position = Int32(index + 1)
            let bound: Int32
            switch value {
            case .integer(let integer): bound = sqlite_nio_sqlite3_bind_int64(h, position, Int64(integer))
            case .float(let double): bound = sqlite_nio_sqlite3_bind_double(h, position, double)
            case .text(let text):
                bound = sqlite_nio_sqlite3_bind_text64(h, position, text, UInt64(text.utf8.count), Self.transient, UInt8(SQLITE_UTF8))
            case .blob(let buffer):
                bound = buffer.withUnsafeReadableBytes {
                    sqlite_nio_sqlite3_bind_blob64(h, position, $0.baseAddress, UInt64($0.count), Self.transient)
                }
            case .null: bound = sqlite_nio_sqlite3_bind_null(h, position)
            }
            guard bound == SQLITE_OK else { throw error(bound) }
        }
        let count = Int32(statement.columns.names.count)
        while true {
            let stepped = sqlite_nio_sqlite3_step(h)
            if stepped == SQLITE_DONE { return }
            guard stepped == SQLITE_ROW else { throw error(stepped) }
            var values: [SQLiteData] = []
            values.reserveCapacity(Int(count))
            for column in 0..<count { values.append(value(h, column)) }
            try onRow(LiteRow(columns: statement.columns, values: values))
        }
    }

    /// A column's value as SQLiteNIO reads it.
    private func value(_ h: OpaquePointer, _ column: Int32) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(h, column) {
        case SQLITE_INTEGER: return .integer(Int(sqlite_nio_sqlite3_column_int64(h, column)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(h, column))
        case SQLITE_TEXT:
            guard let text = sqlite_nio_sqlite3_column_text(h, column) else { return .text("") }
            let length = Int(sqlite_nio_sqlite3_column_bytes(h, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self))
        case SQLITE_BLOB:
            let length = Int(sqlite_nio_sqlite3_column_bytes(h, column))
            guard let bytes = sqlite_nio_sqlite3_column_blob(h, column) else { return .blob(ByteBuffer()) }
            return .blob(ByteBuffer(bytes: UnsafeRawBufferPointer(start: bytes, count: length)))
        default: return .null
        }
    }

    private func prepared(_ sql: String) throws -> Statement {
        if let statement = statements[sql] { return statement }
        if statements.count >= maxStatements { finalizeAll() }
        var prepared: OpaquePointer?
        let result = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil)
        guard result == SQLITE_OK, let prepared else { throw error(result) }
        var names: [String] = []
        for column in 0..<sqlite_nio_sqlite3_column_count(prepared) {
            names.append(sqlite_nio_sqlite3_column_name(prepared, column).map { String(cString: $0) } ?? "")
        }
        let statement = Statement(handle: prepared, columns: LiteColumns(names: names))
        statements[sql] = statement
        return statement
    }

    private func error(_ code: Int32) -> SQLiteReadError {
        SQLiteReadError(message: "\(code): " + (sqlite_nio_sqlite3_errmsg(handle).map { String(cString: $0) } ?? "unknown"))
    }

    private func finalizeAll() {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement.handle) }
        statements = [:]
    }

    package func close() {
        finalizeAll()
        if let handle { sqlite_nio_sqlite3_close(handle) }
        handle = nil
    }

    deinit { close() }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// One read-write connection to the SQLite file with its statements kept prepared, for the audit committer's
/// group commits: a batch is one transaction of a few statements run where the committer runs (its own
/// thread), without SQLiteNIO's pool, thread hop and parsing of every statement (BENCHMARKS.md, sixth round).
package final class SQLiteWriter: @unchecked Sendable {
    private let path: String
    private let lock = NIOLock()
    private var connection: LiteConnection?
    /// Whether the connection's commits wait for the disk (`synchronous`), as last set.
    private var syncsCommits = true
    private var isClosed = false

    package init(path: String) {
        self.path = path
    }

    /// Runs `body` in one transaction that takes the write lock at once: committed when `body` returns,
    /// rolled back when it throws (nothing of it stays).
    ///
    /// Unless `synced`, the commit is written to the WAL but not synced to the disk (`synchronous = NORMAL`):
    /// it survives a crash of the application at once, and a crash of the machine once a later synced commit
    /// (of any connection) or a checkpoint has synced the WAL, which holds every commit before it.
    package func transaction<T>(synced: Bool, _ body: (LiteConnection) throws -> T) throws -> T {
        try lock.withLock {
            guard !isClosed else { throw SQLiteReadError(message: "database closed") }
            let connection = try self.connection ?? LiteConnection(path: path, readOnly: false)
            if self.connection == nil || syncsCommits != synced {
                try connection.run(synced ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
                syncsCommits = synced
            }
            self.connection = connection
            try connection.run("BEGIN IMMEDIATE")
            do {
                let result = try body(connection)
                try connection.run("COMMIT")
                return result
            } catch {
                try? connection.run("ROLLBACK")
                throw error
            }
        }
    }

    /// Syncs the WAL to the disk, and with it every commit written to it so far (by any connection). A synced
    /// commit would not do: SQLite syncs only a commit that changed a page, and a row rewritten as it was changes none.
    package func syncWAL() throws {
        let descriptor = open(path + "-wal", O_RDONLY | O_CLOEXEC)
        // No WAL: the last connection closed and checkpointed it (synced) into the database file.
        guard descriptor >= 0 else {
            if errno == ENOENT { return }
            throw SQLiteReadError(message: "cannot open the WAL of \(path) (errno \(errno))")
        }
        defer { _ = Foundation.close(descriptor) }
        guard fsync(descriptor) == 0 else { throw SQLiteReadError(message: "cannot sync the WAL of \(path) (errno \(errno))") }
    }

    package func close() {
        lock.withLock {
            isClosed = true
            connection?.close()
            connection = nil
        }
    }
}

package struct SQLiteReadError: Error, CustomStringConvertible {
    package let message: String
    package var description: String { "SQLite read: \(message)" }
}

/// A statement's column names and where each is, shared by its rows.
package final class LiteColumns: Sendable {
    let names: [String]
    let positions: [String: Int]

    init(names: [String]) {
        self.names = names
        var positions: [String: Int] = [:]
        // The first of two equal names wins, as with SQLiteNIO's rows.
        for (index, name) in names.enumerated() where positions[name] == nil { positions[name] = index }
        self.positions = positions
    }
}

/// One row of a direct read: from the readers or, inside a transaction and for the audit's database,
/// from SQLiteNIO.
package struct LiteRow: Sendable {
    private enum Source: Sendable {
        case own(LiteColumns, [SQLiteData])
        case nio(SQLiteRow)
    }

    private let source: Source

    init(columns: LiteColumns, values: [SQLiteData]) { source = .own(columns, values) }
    init(_ row: SQLiteRow) { source = .nio(row) }

    package func column(_ name: String) -> SQLiteData? {
        switch source {
        case .own(let columns, let values): columns.positions[name].map { values[$0] }
        case .nio(let row): row.column(name)
        }
    }

    /// The row's values in its columns' order; nil when this row finds columns only by name.
    var values: [SQLiteData]? {
        if case .own(_, let values) = source { return values }
        return nil
    }

    /// The value of the row's column at this position; nil when this row finds columns only by name.
    func value(at index: Int) -> SQLiteData? {
        if case .own(_, let values) = source, values.indices.contains(index) { return values[index] }
        return nil
    }

    package var columnNames: [String] {
        switch source {
        case .own(let columns, _): columns.names
        case .nio(let row): row.columns.map(\.name)
        }
    }
}

/// The SQLite configuration with its readers (and the audit's with its writer): a database made from it
/// finds them in its context.
package struct SQLiteWithReaders: DatabaseConfiguration {
    private var inner: any DatabaseConfiguration
    package let readers: SQLiteReaders
    package let writer: SQLiteWriter?

    package init(_ inner: any DatabaseConfiguration, readers: SQLiteReaders, writer: SQLiteWriter? = nil) {
        self.inner = inner
        self.readers = readers
        self.writer = writer
    }

    package var middleware: [any AnyModelMiddleware] {
        get { inner.middleware }
        set { inner.middleware = newValue }
    }

    package func makeDriver(for databases: Databases) -> any DatabaseDriver {
        Driver(inner: inner.makeDriver(for: databases), readers: readers, writer: writer)
    }

    private struct Driver: DatabaseDriver {
        let inner: any DatabaseDriver
        let readers: SQLiteReaders
        let writer: SQLiteWriter?

        func makeDatabase(with context: DatabaseContext) -> any Database { inner.makeDatabase(with: context) }

        func shutdown() {
            readers.close()
            writer?.close()
            inner.shutdown()
        }

        func shutdownAsync() async {
            readers.close()
            writer?.close()
            await inner.shutdownAsync()
        }
    }
}

extension DirectSQLite {
    /// Runs a read on SQLite: on the readers when the database has them and is not inside a transaction
    /// (a transaction's own writes are visible only on its connection), else through SQLiteNIO.
    /// False when the database is not SQLite.
    /// `logged: false` logs the statement without its values (a session token's hash).
    package static func read(on database: any Database, _ sql: String, _ binds: [SQLiteData], logged: Bool = true,
                             _ onRow: @escaping @Sendable (LiteRow) -> Void) async throws -> Bool {
        guard let lite = database as? any SQLiteDatabase else { return false }
        log(sql, logged ? binds : [], database.logger)
        if !database.inTransaction, let readers = (database.context.configuration as? SQLiteWithReaders)?.readers {
            try readers.read(sql, binds, onRow)
        } else {
            try await lite.query(sql, binds) { onRow(LiteRow($0)) }
        }
        return true
    }
}

/// The first row of a read (the rest are not kept).
package final class FirstRow: @unchecked Sendable {
    package private(set) var row: LiteRow?

    package init() {}

    /// Called per row, one after another.
    package func keep(_ row: LiteRow) {
        if self.row == nil { self.row = row }
    }
}
