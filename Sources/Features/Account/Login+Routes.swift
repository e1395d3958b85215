import Domain
import Fluent
import Foundation
import Persistence
import Platform
import Vapor

/// Login and logout with personal accounts.
enum Login {
    struct Input: Decodable {
        var username: String?
        var password: String?
        var entwurf: String?
        var weiter: String?
    }

    /// Why the login page is shown again and where the user goes after it.
    struct Return: Sendable {
        var expired = false
        var draftID: UUID?
        var continuePath: String?

        init(_ req: Request) {
            expired = (try? req.query.get(String.self, at: FormDrafts.expiredItem.0)) == FormDrafts.expiredItem.1
            draftID = (try? req.query.get(String.self, at: FormDrafts.draftItem)).flatMap(UUID.init(uuidString:))
            continuePath = Return.ownPath(try? req.query.get(String.self, at: FormDrafts.continueItem))
        }

        init(_ input: Input) {
            draftID = input.entwurf.flatMap(UUID.init(uuidString:))
            continuePath = Return.ownPath(input.weiter)
        }

        /// Only a path of this app, never another host, never login or logout.
        static func ownPath(_ text: String?) -> String? {
            guard let text, text.count <= 500, Link(storedPath: text) != nil,
                  ![SiteURL.login.path, SiteURL.logout.path].contains(where: { text == $0 || text.hasPrefix($0 + "?") }) else { return nil }
            return text
        }
    }

    static func showForm(_ req: Request) async throws -> Response {
        if req.currentUser != nil { return req.redirect(to: .start, flash: nil) }
        let back = Return(req)
        return req.render(LoginView(username: "", message: nil, back: back).page(req.viewContext))
    }

    static func submit(_ req: Request) async throws -> Response {
        let input = try req.form(Input.self)
        let username = String(FieldCheck.trimmed(input.username).lowercased().prefix(100))
        let password = input.password ?? ""
        let address = req.clientAddress
        let now = req.now

        let back = Return(input)
        func refuse(_ message: String, status: HTTPResponseStatus) -> Response {
            var page = LoginView(username: username, message: message, back: back).page(req.viewContext)
            page.status = status
            return req.render(page)
        }

        let user = try await User.query(on: req.db).filter(\.$username == username).first()
        // Names of accounts that do not exist are kept only as a hash: they may be a mistyped password.
        let recorded = LoginThrottle.recordedName(username, accountExists: user != nil)
        if let until = try await LoginThrottle.nextAttempt(username: recorded, address: address, now: now, on: req.db) {
            // Throttled attempts are counted per address and minute: one audit entry per burst, not per request.
            if try await LoginThrottle.countThrottled(address: address, now: now, on: req.db) {
                try await req.audit(.loginThrottled, .user(user?.id), detail: "gebremst bis \(SwissTime.format(until)); weitere Versuche werden gezählt",
                                    username: recorded)
            }
            return refuse(req.texts("login.throttled", ["time": SwissTime.format(until)]), status: .tooManyRequests)
        }
        // Always run bcrypt, so the answer time does not tell whether the account exists.
        let hash = user?.passwordHash ?? req.application.dummyPasswordHash
        let passwordMatches = try await req.verifyPassword(password, against: hash)
        guard let user, passwordMatches, !user.locked, !password.isEmpty, password.count <= PasswordPolicy.maximumLength else {
            try await LoginThrottle.record(username: recorded, address: address, succeeded: false, now: now, on: req.db)
            try await req.audit(.loginFailed, .user(user?.id), username: recorded)
            return refuse(req.texts("login.failed"), status: .unauthorized)
        }
        try await LoginThrottle.record(username: username, address: address, succeeded: true, now: now, on: req.db)
        user.lastLoginAt = now
        try await user.update(on: req.db)
        // A form kept over the ended session goes back to its own user only.
        var target = Link(user.mustChangePassword ? .changePassword : .start).value
        if !user.mustChangePassword {
            if let draftID = back.draftID, try await FormDrafts.find(draftID, userID: user.requireID(), now: now, on: req.db) != nil {
                target = Link(.formDraft(.value(draftID))).value
            } else if let path = back.continuePath {
                target = path
            }
        }
        let response = req.redirect(to: target, redirectType: .normal)
        try await Sessions.start(for: user, request: req, response: response)
        let unitName = try await OrganisationalUnit.find(user.$unit.id, on: req.db)?.name ?? ""
        try await req.audit(.loginSucceeded, .user(user.id),
                            actor: AuditActor(userID: user.id, username: user.username, unitID: user.$unit.id, unitName: unitName,
                                              address: address))
        return response
    }

    /// The form kept over an ended session, ready to be sent again (once: the draft is gone after this page).
    static func draft(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard let draft = try await FormDrafts.find(try req.idParameter("draftID"), userID: user.userID, now: req.now, on: req.db),
              let target = Link(storedPath: draft.path) else { throw AppError.notFound }
        let fields = FormDrafts.fields(of: draft.body)
        try await draft.delete(on: req.db)
        return req.render(FormDraftView(target: target, fields: fields).page(req.viewContext))
    }

    static func logout(_ req: Request) async throws -> Response {
        try await req.audit(.logout, .user(req.currentUser?.userID))
        let response = req.redirect(to: .login, flash: nil)
        try await Sessions.end(request: req, response: response)
        return response
    }
}
