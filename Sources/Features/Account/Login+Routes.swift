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
    }

    static func showForm(_ req: Request) async throws -> Response {
        if req.currentUser != nil { return req.redirect(to: .start, flash: nil) }
        return req.render(LoginView(username: "", message: nil).page(req.viewContext))
    }

    static func submit(_ req: Request) async throws -> Response {
        let input = try req.form(Input.self)
        let username = String(FieldCheck.trimmed(input.username).lowercased().prefix(100))
        let password = input.password ?? ""
        let address = req.clientAddress
        let now = req.now

        func refuse(_ message: String, status: HTTPResponseStatus) -> Response {
            var page = LoginView(username: username, message: message).page(req.viewContext)
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
        let response = req.redirect(to: user.mustChangePassword ? .changePassword : .start, flash: nil)
        try await Sessions.start(for: user, request: req, response: response)
        let unitName = try await OrganisationalUnit.find(user.$unit.id, on: req.db)?.name ?? ""
        try await req.audit(.loginSucceeded, .user(user.id),
                            actor: AuditActor(userID: user.id, username: user.username, unitID: user.$unit.id, unitName: unitName,
                                              address: address))
        return response
    }

    static func logout(_ req: Request) async throws -> Response {
        try await req.audit(.logout, .user(req.currentUser?.userID))
        let response = req.redirect(to: .login, flash: nil)
        try await Sessions.end(request: req, response: response)
        return response
    }
}
