import Fluent
import Vapor

/// A user changes their own password (required after a reset).
enum AccountFeature {
    static func register(_ routes: any RoutesBuilder) {
        routes.get("konto", "passwort", use: showForm)
        routes.post("konto", "passwort", use: change)
    }

    struct FormInput: Content {
        var currentPassword: String?
        var newPassword: String?
        var confirmation: String?
    }

    struct Page: Encodable {
        var mustChange: Bool
        var errors: FieldMessages
    }

    static func showForm(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        return try await req.renderPage("Account/password", title: req.texts.text("password.title"),
                                        body: Page(mustChange: user.mustChangePassword, errors: FieldMessages()))
    }

    static func change(_ req: Request) async throws -> Response {
        let current = try req.requireUser()
        let input = try req.content.decode(FormInput.self)
        guard let user = try await User.find(current.userID, on: req.db) else { throw Abort(.notFound) }
        var errors = FieldMessages()
        // Guessing the current password with a taken-over session is throttled like a login.
        if try await LoginThrottle.isBlocked(username: user.username, address: req.clientAddress, now: req.now, on: req.db) {
            errors.add("currentPassword", req.texts.text("login.throttled"))
        } else if !(try await req.verifyPassword(input.currentPassword ?? "", against: user.passwordHash)) {
            errors.add("currentPassword", req.texts.text("password.currentWrong"))
            try await LoginThrottle.record(username: user.username, address: req.clientAddress, succeeded: false, now: req.now, on: req.db)
            try await req.audit(.loginFailed, recordType: "user", recordID: user.id, detail: "Passwortänderung: aktuelles Passwort falsch")
        }
        let new = input.newPassword ?? ""
        if let problem = PasswordPolicy.violations(password: new, username: user.username).first {
            errors.add("newPassword", req.texts.text(PasswordMessages.key(for: problem)))
        } else if new == input.currentPassword {
            errors.add("newPassword", req.texts.text("password.sameAsOld"))
        }
        if new != input.confirmation { errors.add("confirmation", req.texts.text("password.mismatch")) }
        guard errors.isEmpty else {
            let response = try await req.renderPage("Account/password", title: req.texts.text("password.title"),
                                                    body: Page(mustChange: current.mustChangePassword, errors: errors))
            response.status = .unprocessableEntity
            return response
        }
        user.passwordHash = try await req.hashPassword(new)
        user.mustChangePassword = false
        let response = req.redirectAfterSave(to: Paths.start, flash: "passwordChanged")
        try await req.db.transaction { tx in
            try await user.update(on: tx)
            // Other sessions of this account end; this one continues under a new token.
            try await Sessions.endAll(of: current.userID, on: tx)
            try await req.audit(.passwordChanged, recordType: "user", recordID: current.userID, on: tx)
        }
        try await Sessions.start(for: user, request: req, response: response)
        return response
    }
}

/// German messages for password rule violations.
enum PasswordMessages {
    static func key(for violation: PasswordPolicy.Violation) -> String {
        switch violation {
        case .tooShort: "password.tooShort"
        case .tooLong: "password.tooLong"
        case .containsUsername: "password.containsUsername"
        case .singleRepeatedCharacter: "password.repeated"
        }
    }
}
