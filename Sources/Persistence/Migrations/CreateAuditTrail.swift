import Fluent
import SQLKit

/// The append-only audit trail and its head row.
package struct CreateAuditTrail: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema)
            .id()
            .field("sequence", .int64, .required)
            .field("occurred_at", .string, .required)
            .field("actor_user_id", .uuid)
            .field("actor_username", .string, .required)
            .field("unit_id", .uuid)
            .field("unit_name", .string, .required)
            .field("action", .string, .required)
            .field("record_type", .string, .required)
            .field("record_id", .string)
            .field("detail", .string, .required)
            .field("address", .string, .required)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "sequence")
            .create()
        try await database.schema(AuditHead.schema)
            .field("id", .int, .identifier(auto: false))
            .field("sequence", .int64, .required)
            .field("hash", .string, .required)
            .create()
        try await AuditHead(id: 1, sequence: 0, hash: AuditHead.genesisHash).create(on: database)
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "audit_entries_record").on(AuditEntry.schema).column("record_id").run()
        try await sql.create(index: "audit_entries_actor").on(AuditEntry.schema).column("actor_username").run()
        try await sql.create(index: "audit_entries_occurred").on(AuditEntry.schema).column("occurred_at").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(AuditHead.schema).delete()
        try await database.schema(AuditEntry.schema).delete()
    }
}
