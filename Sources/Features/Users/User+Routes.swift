import Domain
import Fluent
import Foundation
import Persistence
import Platform
import Vapor

enum UserRoutes {
    static func list(_ req: Request) async throws -> Response {
        let users = try await User.query(on: req.db).with(\.$unit).sort(\.$username).all()
        return req.render(UserListView(users: users).page(req.viewContext))
    }

    static func find(_ req: Request) async throws -> User {
        guard let user = try await User.find(try req.idParameter("userID"), on: req.db) else { throw AppError.notFound }
        return user
    }

    static func newForm(_ req: Request) async throws -> Response {
        try await render(req, user: nil, input: UserInput(), errors: FieldMessages())
    }

    static func create(_ req: Request) async throws -> Response {
        let input = try req.form(UserInput.self)
        switch try await UserForm.validate(input, existing: nil, currentUserID: req.currentUser?.userID, on: req.db, texts: req.texts) {
        case .invalid(let errors):
            return try await render(req, user: nil, input: input, errors: errors)
        case .valid(let values):
            let password = OneTimePassword.generate()
            let user = User(username: values.username, displayName: values.displayName, email: values.email, role: values.role,
                            unitID: values.unitID, passwordHash: try await req.hashPassword(password), mustChangePassword: true)
            user.phone = values.phone
            switch try await req.submitOnce({ tx in
                try await user.create(on: tx)
                try await req.audit(.userCreated, .user(user.id), detail: "\(values.username): \(values.role.rawValue)", in: tx)
                return (Link.afterSave(.user(.value(user.id!)), flash: "alreadyCreated"), ())
            }) {
            case .stored: return req.render(OneTimePasswordView(user: user, password: password).page(req.viewContext))
            // A double click: the first answer showed the password; the second goes to the account.
            case .repeated(let link): return req.redirect(to: (link ?? Link(.users)).value, redirectType: .normal)
            }
        }
    }

    static func editForm(_ req: Request) async throws -> Response {
        let user = try await find(req)
        let input = UserInput(username: user.username, displayName: user.displayName, email: user.email, phone: user.phone,
                              role: user.role.rawValue, unitID: user.$unit.id.uuidString)
        return try await render(req, user: user, input: input, errors: FieldMessages())
    }

    static func update(_ req: Request) async throws -> Response {
        let user = try await find(req)
        let input = try req.form(UserInput.self)
        switch try await UserForm.validate(input, existing: user, currentUserID: req.currentUser?.userID, on: req.db, texts: req.texts) {
        case .invalid(let errors):
            return try await render(req, user: user, input: input, errors: errors)
        case .valid(let values):
            let scopeChanged = user.role != values.role || user.$unit.id != values.unitID
            user.displayName = values.displayName
            user.email = values.email
            user.phone = values.phone
            user.role = values.role
            user.$unit.id = values.unitID
            try await req.db.writeTransaction { tx in
                try await user.update(on: tx)
                // A new role or unit means a new scope: end the sessions computed with the old one.
                if scopeChanged { try await Sessions.endAll(of: user.id!, on: tx) }
                try await req.audit(.userUpdated, .user(user.id), detail: scopeChanged ? "Rolle/Einheit: \(values.role.rawValue)" : "Angaben",
                                    in: tx)
            }
            return req.redirect(to: .user(.value(user.id!)))
        }
    }

    static func lock(_ req: Request) async throws -> Response {
        let user = try await find(req)
        guard user.id != req.currentUser?.userID else { return req.redirect(to: .user(.value(user.id!)), flash: "cannotLockSelf") }
        user.locked = true
        try await req.db.writeTransaction { tx in
            try await user.update(on: tx)
            try await Sessions.endAll(of: user.id!, on: tx)
            try await req.audit(.userLocked, .user(user.id), in: tx)
        }
        return req.redirect(to: .user(.value(user.id!)), flash: "locked")
    }

    static func unlock(_ req: Request) async throws -> Response {
        let user = try await find(req)
        user.locked = false
        try await req.db.writeTransaction { tx in
            try await user.update(on: tx)
            // Unlocking also forgives the failed attempts that may have blocked the account.
            try await LoginAttempt.query(on: tx).filter(\.$username == user.username).filter(\.$succeeded == false).delete()
            try await req.audit(.userUnlocked, .user(user.id), in: tx)
        }
        return req.redirect(to: .user(.value(user.id!)), flash: "unlocked")
    }

    static func resetPassword(_ req: Request) async throws -> Response {
        let user = try await find(req)
        let password = OneTimePassword.generate()
        user.passwordHash = try await req.hashPassword(password)
        user.mustChangePassword = true
        try await req.db.writeTransaction { tx in
            try await user.update(on: tx)
            try await Sessions.endAll(of: user.id!, on: tx)
            try await req.audit(.userPasswordReset, .user(user.id), in: tx)
        }
        return req.render(OneTimePasswordView(user: user, password: password).page(req.viewContext))
    }

    static func render(_ req: Request, user: User?, input: UserInput, errors: FieldMessages) async throws -> Response {
        let units = try await OrganisationalUnit.query(on: req.db).all().sorted { a, b in
            // The canton offices first, then municipalities and groups by name.
            let order: [UnitKind: Int] = [.canton: 0, .migrationOffice: 1, .leadGroup: 2, .municipality: 3]
            return (order[a.kind]!, a.name) < (order[b.kind]!, b.name)
        }
        var page = UserFormView(user: user, input: input, errors: errors, units: units).page(req.viewContext)
        if !errors.isEmpty { page.status = .unprocessableEntity }
        return req.render(page)
    }
}
