import Fluent
import Foundation
import Vapor

/// Reads the session cookie, ends idle, expired or locked sessions, and puts the user on the request.
struct SessionAuthenticator: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let config = request.application.config
        guard let token = request.cookies[SessionCookie.name(config)]?.string, SessionToken.isWellFormed(token) else {
            return try await next.respond(to: request)
        }
        let now = request.now
        var expired = false
        if let session = try await UserSession.query(on: request.db)
            .filter(\.$tokenHash == SessionToken.digest(token)).with(\.$user).first() {
            let idle = now.timeIntervalSince(session.lastSeenAt) > config.sessionIdleTimeout
            let tooOld = now.timeIntervalSince(session.createdAt) > config.sessionAbsoluteTimeout
            if idle || tooOld || session.user.locked {
                try await session.delete(on: request.db)
                expired = true
            } else {
                request.currentUser = try await Sessions.authenticatedUser(session.user, session: session, token: token, on: request.db)
                // Touch at most once a minute: an idle timeout needs no write per request.
                if now.timeIntervalSince(session.lastSeenAt) > 60 {
                    session.lastSeenAt = now
                    try await session.update(on: request.db)
                }
            }
        } else {
            expired = true
        }
        let response = try await next.respond(to: request)
        if expired && request.currentUser == nil && response.cookies[SessionCookie.name(config)] == nil {
            response.cookies[SessionCookie.name(config)] = SessionCookie.expired(config: config)
        }
        return response
    }
}

/// Creating and ending login sessions.
enum Sessions {
    static func authenticatedUser(_ user: User, session: UserSession, token: String, on db: any Database) async throws -> AuthenticatedUser {
        guard let unit = try await OrganisationalUnit.find(user.$unit.id, on: db) else { throw Abort(.internalServerError) }
        let scope = try await AccessScope.of(role: user.role, unit: unit, on: db)
        return AuthenticatedUser(userID: try user.requireID(), username: user.username, displayName: user.displayName,
                                 role: user.role, unitID: try unit.requireID(), unitName: unit.name, unitKind: unit.kind,
                                 mustChangePassword: user.mustChangePassword, sessionID: try session.requireID(),
                                 sessionToken: token, scope: scope)
    }

    /// A new session with a new token: the token from before the login never becomes valid (ASVS 7.2.4).
    static func start(for user: User, request: Request, response: Response) async throws {
        let config = request.application.config
        if let old = request.cookies[SessionCookie.name(config)]?.string {
            try await UserSession.query(on: request.db).filter(\.$tokenHash == SessionToken.digest(old)).delete()
        }
        let token = SessionToken.generate()
        let session = UserSession(tokenHash: SessionToken.digest(token), userID: try user.requireID(), now: request.now,
                                  address: request.clientAddress,
                                  userAgent: request.headers.first(name: .userAgent).map { String($0.prefix(200)) })
        try await session.create(on: request.db)
        response.cookies[SessionCookie.name(config)] = SessionCookie.value(token, config: config)
    }

    static func end(request: Request, response: Response) async throws {
        let config = request.application.config
        if let user = request.currentUser {
            try await UserSession.query(on: request.db).filter(\.$id == user.sessionID).delete()
        }
        response.cookies[SessionCookie.name(config)] = SessionCookie.expired(config: config)
    }

    /// Locking or resetting an account ends all its sessions at once (ASVS 7.4.2).
    static func endAll(of userID: UUID, on db: any Database) async throws {
        try await UserSession.query(on: db).filter(\.$user.$id == userID).delete()
    }
}
