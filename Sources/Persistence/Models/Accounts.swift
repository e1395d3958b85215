import Domain
import Fluent
import Foundation

/// A personal account. Never shared: every action in the audit trail names one person.
package final class User: Model, @unchecked Sendable {
    package static let schema = "users"
    @ID(key: .id) package var id: UUID?
    @Field(key: "username") package var username: String
    @Field(key: "display_name") package var displayName: String
    @OptionalField(key: "email") package var email: String?
    @OptionalField(key: "phone") package var phone: String?
    @Field(key: "role") package var role: Role
    @Parent(key: "unit_id") package var unit: OrganisationalUnit
    @Field(key: "password_hash") package var passwordHash: String
    @Field(key: "must_change_password") package var mustChangePassword: Bool
    @Field(key: "locked") package var locked: Bool
    @OptionalField(key: "last_login_at") package var lastLoginAt: Date?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] {
        declared([
            $id, $username, $displayName, $email, $phone, $role, $unit, $passwordHash, $mustChangePassword, $locked, $lastLoginAt,
            $createdAt, $updatedAt
        ])
    }

    package init() {}
    package init(id: UUID? = nil, username: String, displayName: String, email: String? = nil, role: Role,
         unitID: UUID, passwordHash: String, mustChangePassword: Bool = false) {
        self.id = id; self.username = username.lowercased(); self.displayName = displayName
        self.email = email; self.role = role; self.$unit.id = unitID
        self.passwordHash = passwordHash; self.mustChangePassword = mustChangePassword; self.locked = false
    }
}

/// A server-side login session. Only the SHA-256 of the cookie's token is stored,
/// so a copy of the database opens no session.
package final class UserSession: Model, @unchecked Sendable {
    package static let schema = "user_sessions"
    @ID(key: .id) package var id: UUID?
    @Field(key: "token_hash") package var tokenHash: String
    @Parent(key: "user_id") package var user: User
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "last_seen_at") package var lastSeenAt: Date
    @OptionalField(key: "address") package var address: String?
    @OptionalField(key: "user_agent") package var userAgent: String?

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] {
        declared([
            $id, $tokenHash, $user, $createdAt, $lastSeenAt, $address, $userAgent
        ])
    }

    package init() {}
    package init(tokenHash: String, userID: UUID, now: Date, address: String?, userAgent: String?) {
        self.tokenHash = tokenHash; self.$user.id = userID; self.createdAt = now; self.lastSeenAt = now
        self.address = address; self.userAgent = userAgent
    }
}

/// Every login attempt, for throttling per account and per address (ASVS 6.3.1, 16.3.1).
package final class LoginAttempt: Model, @unchecked Sendable {
    package static let schema = "login_attempts"
    @ID(key: .id) package var id: UUID?
    @Field(key: "username") package var username: String
    @Field(key: "address") package var address: String
    @Field(key: "succeeded") package var succeeded: Bool
    @Field(key: "attempted_at") package var attemptedAt: Date

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] { declared([$id, $username, $address, $succeeded, $attemptedAt]) }

    package init() {}
    package init(username: String, address: String, succeeded: Bool, at: Date) {
        self.username = username; self.address = address; self.succeeded = succeeded; self.attemptedAt = at
    }
}
