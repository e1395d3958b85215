import Fluent
import Foundation

/// A personal account. Never shared: every action in the audit trail names one person.
final class User: Model, @unchecked Sendable {
    static let schema = "users"
    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "display_name") var displayName: String
    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "phone") var phone: String?
    @Field(key: "role") var role: Role
    @Parent(key: "unit_id") var unit: OrganisationalUnit
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "must_change_password") var mustChangePassword: Bool
    @Field(key: "locked") var locked: Bool
    @OptionalField(key: "last_login_at") var lastLoginAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
    init(id: UUID? = nil, username: String, displayName: String, email: String? = nil, role: Role,
         unitID: UUID, passwordHash: String, mustChangePassword: Bool = false) {
        self.id = id; self.username = username.lowercased(); self.displayName = displayName
        self.email = email; self.role = role; self.$unit.id = unitID
        self.passwordHash = passwordHash; self.mustChangePassword = mustChangePassword; self.locked = false
    }
}

/// A server-side login session. Only the SHA-256 of the cookie's token is stored,
/// so a copy of the database opens no session.
final class UserSession: Model, @unchecked Sendable {
    static let schema = "user_sessions"
    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: User
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @OptionalField(key: "address") var address: String?
    @OptionalField(key: "user_agent") var userAgent: String?

    init() {}
    init(tokenHash: String, userID: UUID, now: Date, address: String?, userAgent: String?) {
        self.tokenHash = tokenHash; self.$user.id = userID; self.createdAt = now; self.lastSeenAt = now
        self.address = address; self.userAgent = userAgent
    }
}

/// Every login attempt, for throttling per account and per address (ASVS 6.3.1, 16.3.1).
final class LoginAttempt: Model, @unchecked Sendable {
    static let schema = "login_attempts"
    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "address") var address: String
    @Field(key: "succeeded") var succeeded: Bool
    @Field(key: "attempted_at") var attemptedAt: Date

    init() {}
    init(username: String, address: String, succeeded: Bool, at: Date) {
        self.username = username; self.address = address; self.succeeded = succeeded; self.attemptedAt = at
    }
}
