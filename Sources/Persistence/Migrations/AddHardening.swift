import Fluent
import SQLKit

/// One-time form keys, throttle bursts, the audit key's id on every entry, and the index the
/// per-account-and-address throttle reads.
package struct AddHardening: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(FormSubmission.schema)
            .id()
            .field("form_key", .string, .required)
            .field("user_id", .uuid, .required)
            .field("result_path", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "form_key")
            .create()
        try await database.schema(LoginThrottleBurst.schema)
            .id()
            .field("address", .string, .required)
            .field("window_start", .datetime, .required)
            .field("attempts", .int, .required)
            .field("last_at", .datetime, .required)
            .unique(on: "address", "window_start")
            .create()
        try await database.schema(AuditEntry.schema)
            .field("key_id", .string, .required, .custom(SQLColumnConstraintAlgorithm.default("")))
            .update()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "form_submissions_created").on(FormSubmission.schema).column("created_at").run()
        try await sql.create(index: "login_attempts_pair").on(LoginAttempt.schema)
            .column("username").column("address").column("attempted_at").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema).deleteField("key_id").update()
        try await database.schema(LoginThrottleBurst.schema).delete()
        try await database.schema(FormSubmission.schema).delete()
    }
}
