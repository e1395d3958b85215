import Domain
import Foundation
import Vapor

/// The logged-in user of a request, with the access scope computed once.
package struct AuthenticatedUser: Sendable {
    package let userID: UUID
    package let username: String
    package let displayName: String
    package let role: Role
    package let unitID: UUID
    package let unitName: String
    package let unitKind: UnitKind
    /// The lead group of a lead-group unit (its regional offers).
    package var leadGroupID: UUID? = nil
    package let mustChangePassword: Bool
    package let sessionID: UUID
    /// The raw cookie token; the CSRF token is derived from it.
    let sessionToken: String
    package let scope: AccessScope

    package func has(_ permission: Permission) -> Bool { role.has(permission) }

    package var auditActor: AuditActor {
        AuditActor(userID: userID, username: username, unitID: unitID, unitName: unitName, address: "")
    }
}

extension Request {
    private struct CurrentUserKey: StorageKey { typealias Value = AuthenticatedUser }

    package var currentUser: AuthenticatedUser? {
        get { storage[CurrentUserKey.self] }
        set { storage[CurrentUserKey.self] = newValue }
    }

    /// The current user; routes behind `RequireLogin` always have one.
    package func requireUser() throws -> AuthenticatedUser {
        guard let user = currentUser else { throw AppError.sessionExpired }
        return user
    }
}
