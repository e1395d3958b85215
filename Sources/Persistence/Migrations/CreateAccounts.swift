import Fluent
import SQLKit

/// Users, their sessions and the login attempts used for throttling.
package struct CreateAccounts: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(User.schema)
            .id()
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("email", .string)
            .field("phone", .string)
            .field("role", .string, .required)
            .field("unit_id", .uuid, .required, .references(OrganisationalUnit.schema, "id"))
            .field("password_hash", .string, .required)
            .field("must_change_password", .bool, .required)
            .field("locked", .bool, .required)
            .field("last_login_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "username")
            .create()
        try await database.schema(UserSession.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("address", .string)
            .field("user_agent", .string)
            .unique(on: "token_hash")
            .create()
        try await database.schema(LoginAttempt.schema)
            .id()
            .field("username", .string, .required)
            .field("address", .string, .required)
            .field("succeeded", .bool, .required)
            .field("attempted_at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "login_attempts_username_at").on(LoginAttempt.schema).column("username").column("attempted_at").run()
        try await sql.create(index: "login_attempts_address_at").on(LoginAttempt.schema).column("address").column("attempted_at").run()
        try await sql.create(index: "user_sessions_user").on(UserSession.schema).column("user_id").run()
    }

    package func revert(on database: any Database) async throws {
        for schema in [LoginAttempt.schema, UserSession.schema, User.schema] {
            try await database.schema(schema).delete()
        }
    }
}
