import Fluent
import SQLKit
import SQLiteKit

/// The backlog of the audit's record index (`AuditRecordBacklog`): a table that only grows at its end
/// and is emptied when its ids move into the index (SQLite; on PostgreSQL it stays empty).
package struct AddAuditRecordBacklog: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(AuditRecordBacklog.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("sequence", .int64, .required)
            .field("record_ids", .string, .required)
            .create()
    }

    package func revert(on database: any Database) async throws {
        // The ids not yet indexed move into the index first: none is lost.
        try await database.transaction { tx in
            if tx is any SQLiteDatabase, let sql = tx as? any SQLDatabase {
                try await sql.raw("""
                    INSERT INTO audit_record_refs (sequence, record_id)
                    SELECT b.sequence, j.value FROM audit_record_backlog b, json_each(b.record_ids) j ORDER BY j.value, b.sequence
                    """).run()
            }
            try await tx.schema(AuditRecordBacklog.schema).delete()
        }
    }
}
