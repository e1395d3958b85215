import Domain
import Fluent
import Persistence
import Platform
import Vapor

/// A user changes their own password (required after a reset).
enum PasswordChange {
    struct Input: Decodable {
        var currentPassword: String?
        var newPassword: String?
        var confirmation: String?
    }

    static func showForm(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        return req.render(PasswordChangeView(mustChange: user.mustChangePassword, errors: FieldMessages()).page(req.viewContext))
    }

    static func submit(_ req: Request) async throws -> Response {
        let current = try req.requireUser()
        let input = try req.form(Input.self)
        guard let user = try await User.find(current.userID, on: req.db) else { throw AppError.notFound }
        var errors = FieldMessages()
        // Guessing the current password with a taken-over session is throttled like a login.
        if let until = try await LoginThrottle.nextAttempt(username: user.username, address: req.clientAddress, now: req.now, on: req.db) {
            errors.add("currentPassword", req.texts("login.throttled", ["time": SwissTime.format(until)]))
        } else if !(try await req.verifyPassword(input.currentPassword ?? "", against: user.passwordHash)) {
            errors.add("currentPassword", req.texts.text("password.currentWrong"))
            try await LoginThrottle.record(username: user.username, address: req.clientAddress, succeeded: false, now: req.now, on: req.db)
            try await req.audit(.loginFailed, .user(user.id), detail: "Passwortänderung: aktuelles Passwort falsch")
        }
        let new = input.newPassword ?? ""
        if let problem = PasswordPolicy.violations(password: new, username: user.username).first {
            errors.add("newPassword", req.texts.text(PasswordMessages.key(for: problem)))
        } else if new == input.currentPassword {
            errors.add("newPassword", req.texts.text("password.sameAsOld"))
        }
        if new != input.confirmation { errors.add("confirmation", req.texts.text("password.mismatch")) }
        guard errors.isEmpty else {
            var page = PasswordChangeView(mustChange: current.mustChangePassword, errors: errors).page(req.viewContext)
            page.status = .unprocessableEntity
            return req.render(page)
        }
        user.passwordHash = try await req.hashPassword(new)
        user.mustChangePassword = false
        let response = req.redirect(to: .start, flash: "passwordChanged")
        try await req.db.writeTransaction { tx in
            try await user.update(on: tx)
            // Other sessions of this account end; this one continues under a new token.
            try await Sessions.endAll(of: current.userID, on: tx)
            try await req.audit(.passwordChanged, .user(current.userID), in: tx)
        }
        try await Sessions.start(for: user, request: req, response: response)
        return response
    }
}
