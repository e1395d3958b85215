import Foundation
import Vapor

/// The logged-in user of a request, with the access scope computed once.
public struct AuthenticatedUser: Sendable {
    public let userID: UUID
    public let username: String
    public let displayName: String
    public let role: Role
    public let unitID: UUID
    public let unitName: String
    public let unitKind: UnitKind
    public let mustChangePassword: Bool
    public let sessionID: UUID
    /// The raw cookie token; the CSRF token is derived from it.
    let sessionToken: String
    public let scope: AccessScope

    public func has(_ permission: Permission) -> Bool { role.has(permission) }
}

extension Request {
    private struct CurrentUserKey: StorageKey { typealias Value = AuthenticatedUser }

    public var currentUser: AuthenticatedUser? {
        get { storage[CurrentUserKey.self] }
        set { storage[CurrentUserKey.self] = newValue }
    }

    /// The current user; routes behind `RequireLogin` always have one.
    func requireUser() throws -> AuthenticatedUser {
        guard let user = currentUser else { throw Abort(.unauthorized) }
        return user
    }
}
