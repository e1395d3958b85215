import Domain
import Fluent
import Foundation
import Persistence
import SQLKit
import SQLiteKit
import Vapor

/// Reads the session cookie, ends idle, expired or locked sessions, and puts the user on the request.
/// One query finds session, user and unit; a lead group's members are a second.
package struct SessionAuthenticator: AsyncMiddleware {
    /// `last_seen_at` is written at most this often: an idle timeout needs no write per request.
    static let touchInterval: TimeInterval = 60

    package init() {}

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let config = request.application.config
        guard let token = request.cookies[SessionCookie.name(config)]?.string, SessionToken.isWellFormed(token) else {
            return try await next.respond(to: request)
        }
        let now = request.now
        var expired = false
        if let row = try await Sessions.lookup(tokenHash: SessionToken.digest(token), on: request.db) {
            // The last activity may lie up to one touch interval after the stored time: never end a session early.
            let idle = now.timeIntervalSince(row.lastSeenAt) > config.sessionIdleTimeout + Self.touchInterval
            let tooOld = now.timeIntervalSince(row.createdAt) > config.sessionAbsoluteTimeout
            if idle || tooOld || row.locked {
                try await UserSession.query(on: request.db).filter(\.$id == row.sessionID).delete()
                expired = true
                request.sessionEnded = true
                // A form sent into the ended session is kept for this user (see CSRFMiddleware); a lock keeps nothing.
                if !row.locked { request.endedSession = EndedSession(userID: row.userID, token: token) }
            } else {
                let scope = try await Sessions.scope(role: row.role, unitKind: row.unitKind, municipalityID: row.municipalityID,
                                                     leadGroupID: row.leadGroupID, on: request.db)
                request.currentUser = AuthenticatedUser(
                    userID: row.userID, username: row.username, displayName: row.displayName, role: row.role,
                    unitID: row.unitID, unitName: row.unitName, unitKind: row.unitKind, leadGroupID: row.leadGroupID,
                    mustChangePassword: row.mustChangePassword,
                    sessionID: row.sessionID, sessionToken: token, scope: scope)
                if now.timeIntervalSince(row.lastSeenAt) > Self.touchInterval {
                    try await UserSession.query(on: request.db).filter(\.$id == row.sessionID).set(\.$lastSeenAt, to: now).update()
                }
            }
        } else {
            expired = true
            request.sessionEnded = true
        }
        let response = try await next.respond(to: request)
        if expired && request.currentUser == nil && response.cookies[SessionCookie.name(config)] == nil {
            response.cookies[SessionCookie.name(config)] = SessionCookie.expired(config: config)
        }
        return response
    }
}

/// The session a request's cookie named, when it had just ended by timeout.
package struct EndedSession: Sendable {
    package let userID: UUID
    package let token: String
}

extension Request {
    private struct EndedSessionKey: StorageKey { typealias Value = EndedSession }

    package var endedSession: EndedSession? {
        get { storage[EndedSessionKey.self] }
        set { storage[EndedSessionKey.self] = newValue }
    }

    private struct SessionEndedKey: StorageKey { typealias Value = Bool }

    /// The request carried a session cookie whose session has ended (timeout, logout elsewhere, lock).
    package var sessionEnded: Bool {
        get { storage[SessionEndedKey.self] ?? false }
        set { storage[SessionEndedKey.self] = newValue }
    }
}

/// Creating, finding and ending login sessions.
package enum Sessions {
    struct Row: Decodable {
        let sessionID: UUID
        let createdAt: Date
        let lastSeenAt: Date
        let userID: UUID
        let username: String
        let displayName: String
        let role: Role
        let mustChangePassword: Bool
        let locked: Bool
        let unitID: UUID
        let unitName: String
        let unitKind: UnitKind
        let municipalityID: UUID?
        let leadGroupID: UUID?
    }

    static let lookupSelect = """
        SELECT s.id AS "sessionID", s.created_at AS "createdAt", s.last_seen_at AS "lastSeenAt", u.id AS "userID",
               u.username AS "username", u.display_name AS "displayName", u.role AS "role",
               u.must_change_password AS "mustChangePassword", u.locked AS "locked", o.id AS "unitID", o.name AS "unitName",
               o.kind AS "unitKind", o.municipality_id AS "municipalityID", o.lead_group_id AS "leadGroupID"
        FROM user_sessions s JOIN users u ON u.id = s.user_id JOIN organisational_units o ON o.id = u.unit_id
        WHERE s.token_hash =
        """

    static func lookup(tokenHash: String, on db: any Database) async throws -> Row? {
        // Every logged-in request asks this: on SQLite read directly, without SQLKit's Codable row decoder.
        if db is any SQLiteDatabase {
            // The token's hash is not logged.
            let found = FirstRow()
            _ = try await DirectSQLite.read(on: db, lookupSelect + " ?", [.text(tokenHash)], logged: false) { found.keep($0) }
            guard let row = found.row else { return nil }
            func value<Value: Decodable>(_ column: String) throws -> Value {
                try DirectSQLite.decode(Value.self, from: row.column(column) ?? .null)
            }
            func optional(_ column: String) throws -> UUID? {
                guard let data = row.column(column), data != .null else { return nil }
                return try DirectSQLite.decode(UUID.self, from: data)
            }
            return Row(sessionID: try value("sessionID"), createdAt: try value("createdAt"), lastSeenAt: try value("lastSeenAt"),
                       userID: try value("userID"), username: try value("username"), displayName: try value("displayName"),
                       role: try value("role"), mustChangePassword: try value("mustChangePassword"), locked: try value("locked"),
                       unitID: try value("unitID"), unitName: try value("unitName"), unitKind: try value("unitKind"),
                       municipalityID: try optional("municipalityID"), leadGroupID: try optional("leadGroupID"))
        }
        if let rows = try await PreparedPostgres.rows(lookupSelect + " $1", [tokenHash], on: db, logged: false) {
            return try rows.first?.decode(model: Row.self)
        }
        guard let sql = db as? any SQLDatabase else { throw AppError.internalError("sessions need an SQL database") }
        return try await sql.raw("\(unsafeRaw: lookupSelect) \(bind: tokenHash)").first(decoding: Row.self)
    }

    /// The scope of a role in a unit: its municipality, or the lead group's members and lead.
    package static func scope(role: Role, unitKind: UnitKind, municipalityID: UUID?, leadGroupID: UUID?,
                              on db: any Database) async throws -> AccessScope {
        if role.has(.viewPersons) {
            switch unitKind {
            case .municipality:
                return AccessScope(kind: .municipalities([municipalityID].compactMap { $0 }))
            case .leadGroup:
                guard let leadGroupID, let sql = db as? any SQLDatabase else { return AccessScope(kind: .nothing) }
                struct Member: Decodable { let id: UUID }
                let members = try await sql.raw("""
                    SELECT id FROM municipalities WHERE lead_group_id = \(bind: leadGroupID)
                    UNION SELECT lead_municipality_id AS id FROM lead_groups WHERE id = \(bind: leadGroupID)
                    """).all(decoding: Member.self)
                return AccessScope(kind: .municipalities(members.map(\.id).sorted { $0.uuidString < $1.uuidString }))
            case .canton, .migrationOffice:
                return AccessScope(kind: .nothing)
            }
        }
        if role.has(.viewCantonFigures) { return AccessScope(kind: .cantonAggregates) }
        if role.has(.receiveDeficitReports) { return AccessScope(kind: .misaInbox) }
        return AccessScope(kind: .nothing)
    }

    /// A new session with a new token: the token from before the login never becomes valid (ASVS 7.2.4).
    package static func start(for user: User, request: Request, response: Response) async throws {
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

    package static func end(request: Request, response: Response) async throws {
        let config = request.application.config
        if let user = request.currentUser {
            try await UserSession.query(on: request.db).filter(\.$id == user.sessionID).delete()
        }
        response.cookies[SessionCookie.name(config)] = SessionCookie.expired(config: config)
    }

    /// Locking or resetting an account ends all its sessions at once (ASVS 7.4.2).
    package static func endAll(of userID: UUID, on db: any Database) async throws {
        try await UserSession.query(on: db).filter(\.$user.$id == userID).delete()
    }
}
