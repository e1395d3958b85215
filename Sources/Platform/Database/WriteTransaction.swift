import Fluent
import SQLKit

extension Database {
    /// A transaction for a change. On SQLite it takes the write lock with its first statement: a
    /// transaction that read first and wrote later could otherwise fail when another connection
    /// committed in between (SQLITE_BUSY_SNAPSHOT). PostgreSQL needs nothing of the kind.
    package func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await transaction { tx in
            if let sql = tx as? any SQLDatabase, sql.dialect.name == "sqlite" {
                try await sql.raw("UPDATE audit_head SET sequence = sequence WHERE id = 1").run()
            }
            return try await body(tx)
        }
    }

    /// Whether this is SQLite (a few statements differ).
    package var isSQLite: Bool { (self as? any SQLDatabase)?.dialect.name == "sqlite" }
}
