import Fluent
import Vapor

/// User administration: personal accounts, roles, units, locking and password resets.
enum UsersFeature {
    static func register(_ routes: any RoutesBuilder) {
        let admins = routes.requiring(.manageUsers)
        admins.get("verwaltung", "benutzer", use: list)
        admins.get("verwaltung", "benutzer", "neu", use: newUser)
        admins.post("verwaltung", "benutzer", "neu", use: create)
        admins.get("verwaltung", "benutzer", ":userID", use: edit)
        admins.post("verwaltung", "benutzer", ":userID", use: update)
        admins.post("verwaltung", "benutzer", ":userID", "sperren", use: lock)
        admins.post("verwaltung", "benutzer", ":userID", "entsperren", use: unlock)
        admins.post("verwaltung", "benutzer", ":userID", "passwort", use: resetPassword)
    }

    struct ListPage: Encodable {
        struct Row: Encodable {
            let href: String; let username: String; let displayName: String; let role: String
            let unit: String; let locked: Bool; let lastLogin: String
        }
        let rows: [Row]
    }

    static func list(_ req: Request) async throws -> Response {
        let users = try await User.query(on: req.db).with(\.$unit).sort(\.$username).all()
        let rows = users.map { user in
            ListPage.Row(href: Paths.user(user.id!), username: user.username, displayName: user.displayName,
                         role: req.texts.text("role.\(user.role.rawValue)"), unit: user.unit.name, locked: user.locked,
                         lastLogin: user.lastLoginAt.map(SwissTime.format) ?? "–")
        }
        return try await req.renderPage("Users/list", title: req.texts.text("users.title"), body: ListPage(rows: rows))
    }

    static func userID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("userID", as: UUID.self) else { throw Abort(.notFound) }
        return id
    }

    static func findUser(_ req: Request) async throws -> User {
        guard let user = try await User.find(try userID(req), on: req.db) else { throw Abort(.notFound) }
        return user
    }

    static func newUser(_ req: Request) async throws -> Response {
        try await UserForm.render(req, user: nil, input: UserForm.Input(), errors: FieldMessages())
    }

    static func create(_ req: Request) async throws -> Response {
        let input = try req.content.decode(UserForm.Input.self)
        switch try await UserForm.validate(input, existing: nil, req: req) {
        case .invalid(let errors):
            return try await UserForm.render(req, user: nil, input: input, errors: errors)
        case .valid(let values):
            let password = OneTimePassword.generate()
            let user = User(username: values.username, displayName: values.displayName, email: values.email, role: values.role,
                            unitID: values.unitID, passwordHash: try await req.hashPassword(password), mustChangePassword: true)
            user.phone = values.phone
            try await req.db.transaction { tx in
                try await user.create(on: tx)
                try await req.audit(.userCreated, recordType: "user", recordID: user.id,
                                    detail: "\(values.username): \(values.role.rawValue)", on: tx)
            }
            return try await showOneTimePassword(req, user: user, password: password)
        }
    }

    static func edit(_ req: Request) async throws -> Response {
        let user = try await findUser(req)
        let input = UserForm.Input(username: user.username, displayName: user.displayName, email: user.email, phone: user.phone,
                                   role: user.role.rawValue, unitID: user.$unit.id.uuidString)
        return try await UserForm.render(req, user: user, input: input, errors: FieldMessages())
    }

    static func update(_ req: Request) async throws -> Response {
        let user = try await findUser(req)
        let input = try req.content.decode(UserForm.Input.self)
        switch try await UserForm.validate(input, existing: user, req: req) {
        case .invalid(let errors):
            return try await UserForm.render(req, user: user, input: input, errors: errors)
        case .valid(let values):
            let scopeChanged = user.role != values.role || user.$unit.id != values.unitID
            user.displayName = values.displayName; user.email = values.email; user.phone = values.phone
            user.role = values.role; user.$unit.id = values.unitID
            try await req.db.transaction { tx in
                try await user.update(on: tx)
                // A new role or unit means a new scope: end the sessions computed with the old one.
                if scopeChanged { try await Sessions.endAll(of: user.id!, on: tx) }
                try await req.audit(.userUpdated, recordType: "user", recordID: user.id,
                                    detail: scopeChanged ? "Rolle/Einheit: \(values.role.rawValue)" : "Angaben", on: tx)
            }
            return req.redirectAfterSave(to: Paths.user(user.id!))
        }
    }

    static func lock(_ req: Request) async throws -> Response {
        let user = try await findUser(req)
        guard user.id != req.currentUser?.userID else { return req.redirectAfterSave(to: Paths.user(user.id!), flash: "cannotLockSelf") }
        user.locked = true
        try await req.db.transaction { tx in
            try await user.update(on: tx)
            try await Sessions.endAll(of: user.id!, on: tx)
            try await req.audit(.userLocked, recordType: "user", recordID: user.id, on: tx)
        }
        return req.redirectAfterSave(to: Paths.user(user.id!), flash: "locked")
    }

    static func unlock(_ req: Request) async throws -> Response {
        let user = try await findUser(req)
        user.locked = false
        try await req.db.transaction { tx in
            try await user.update(on: tx)
            // Unlocking also forgives the failed attempts that may have blocked the account.
            try await LoginAttempt.query(on: tx).filter(\.$username == user.username).filter(\.$succeeded == false).delete()
            try await req.audit(.userUnlocked, recordType: "user", recordID: user.id, on: tx)
        }
        return req.redirectAfterSave(to: Paths.user(user.id!), flash: "unlocked")
    }

    static func resetPassword(_ req: Request) async throws -> Response {
        let user = try await findUser(req)
        let password = OneTimePassword.generate()
        user.passwordHash = try await req.hashPassword(password)
        user.mustChangePassword = true
        try await req.db.transaction { tx in
            try await user.update(on: tx)
            try await Sessions.endAll(of: user.id!, on: tx)
            try await req.audit(.userPasswordReset, recordType: "user", recordID: user.id, on: tx)
        }
        return try await showOneTimePassword(req, user: user, password: password)
    }

    struct OneTimePasswordPage: Encodable { let username: String; let displayName: String; let password: String; let backHref: String }

    /// Shown once; the user must change it at the first login.
    static func showOneTimePassword(_ req: Request, user: User, password: String) async throws -> Response {
        try await req.renderPage("Users/password", title: req.texts.text("users.oneTimePassword"),
                                 body: OneTimePasswordPage(username: user.username, displayName: user.displayName,
                                                           password: password, backHref: Paths.user(user.id!)))
    }
}

/// Times shown in Swiss local time.
enum SwissTime {
    static func format(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "de_CH")
        formatter.timeZone = TimeZone(identifier: "Europe/Zurich")
        formatter.dateFormat = "dd.MM.yyyy HH:mm"
        return formatter.string(from: date)
    }
}
