import Fluent
import SQLKit

/// The backlog of the audit's record index (`AuditRecordBacklog`): a table that only grows at its end
/// and is emptied when its ids move into the index.
package struct AddAuditRecordBacklog: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(AuditRecordBacklog.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("sequence", .int64, .required)
            .field("record_id", .string, .required)
            .create()
    }

    package func revert(on database: any Database) async throws {
        // The ids not yet indexed move into the index first: none is lost.
        try await database.transaction { tx in
            if let sql = tx as? any SQLDatabase {
                try await sql.raw("""
                    INSERT INTO audit_record_refs (sequence, record_id)
                    SELECT sequence, record_id FROM audit_record_backlog ORDER BY record_id, sequence
                    """).run()
            }
            try await tx.schema(AuditRecordBacklog.schema).delete()
        }
    }
}
