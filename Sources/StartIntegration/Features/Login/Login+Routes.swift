import Fluent
import Vapor

/// Login and logout with personal accounts.
enum LoginFeature {
    static func register(_ routes: any RoutesBuilder) {
        routes.get("login", use: showForm)
        routes.post("login", use: login)
        routes.grouped(RequireLogin()).post("logout", use: logout)
    }

    struct FormInput: Content {
        var username: String?
        var password: String?
    }

    struct Page: Encodable {
        var username: String
        var message: String?
    }

    static func showForm(_ req: Request) async throws -> Response {
        if req.currentUser != nil { return req.redirect(to: Paths.start) }
        return try await req.renderPage("Login/login", title: req.texts.text("login.title"), body: Page(username: "", message: nil))
    }

    static func login(_ req: Request) async throws -> Response {
        let input = try req.content.decode(FormInput.self)
        let username = String(FieldCheck.trimmed(input.username).lowercased().prefix(100))
        let password = input.password ?? ""
        let address = req.clientAddress
        let now = req.now

        func refuse(_ key: String, status: HTTPResponseStatus) async throws -> Response {
            let response = try await req.renderPage("Login/login", title: req.texts.text("login.title"),
                                                    body: Page(username: username, message: req.texts.text(key)))
            response.status = status
            return response
        }

        if try await LoginThrottle.isBlocked(username: username, address: address, now: now, on: req.db) {
            try await req.audit(.loginThrottled, recordType: "user", username: username)
            return try await refuse("login.throttled", status: .tooManyRequests)
        }
        let user = try await User.query(on: req.db).filter(\.$username == username).first()
        // Always run bcrypt, so the answer time does not tell whether the account exists.
        let hash = user?.passwordHash ?? req.application.dummyPasswordHash
        let passwordMatches = try await req.verifyPassword(password, against: hash)
        guard let user, passwordMatches, !user.locked, !password.isEmpty,
              password.count <= PasswordPolicy.maximumLength else {
            try await LoginThrottle.record(username: username, address: address, succeeded: false, now: now, on: req.db)
            try await req.audit(.loginFailed, recordType: "user", recordID: user?.id, username: username)
            return try await refuse("login.failed", status: .unauthorized)
        }
        try await LoginThrottle.record(username: username, address: address, succeeded: true, now: now, on: req.db)
        user.lastLoginAt = now
        try await user.update(on: req.db)
        let response = req.redirect(to: user.mustChangePassword ? Paths.changePassword : Paths.start, redirectType: .normal)
        try await Sessions.start(for: user, request: req, response: response)
        let unitName = try await OrganisationalUnit.find(user.$unit.id, on: req.db)?.name ?? ""
        try await AuditTrail.record(.loginSucceeded, recordType: "user", recordID: user.id?.uuidString,
                                    actor: AuditActor(userID: user.id, username: user.username, unitID: user.$unit.id,
                                                      unitName: unitName, address: address),
                                    at: now, on: req.db)
        return response
    }

    static func logout(_ req: Request) async throws -> Response {
        try await req.audit(.logout, recordType: "user", recordID: req.currentUser?.userID)
        let response = req.redirect(to: Paths.login, redirectType: .normal)
        try await Sessions.end(request: req, response: response)
        return response
    }
}

extension Application {
    private struct DummyHashKey: StorageKey { typealias Value = String }
    /// A hash of a random password, compared against when the account does not exist.
    var dummyPasswordHash: String {
        if let hash = storage[DummyHashKey.self] { return hash }
        let hash = (try? PasswordHasher(cost: config.bcryptCost).hash(OneTimePassword.generate())) ?? ""
        storage[DummyHashKey.self] = hash
        return hash
    }
}
