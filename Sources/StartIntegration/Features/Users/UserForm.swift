import Fluent
import Vapor

/// Creating or editing an account.
enum UserForm {
    struct Input: Content {
        var username: String?
        var displayName: String?
        var email: String?
        var phone: String?
        var role: String?
        var unitID: String?
    }

    struct Values {
        let username: String, displayName: String, email: String?, phone: String?, role: Role, unitID: UUID
    }


    struct Page: Encodable {
        let isNew: Bool
        let action: String
        let input: [String: String]
        let roleOptions: [SelectOption]
        let unitOptions: [SelectOption]
        let errors: FieldMessages
        let locked: Bool
        let lockHref: String?
        let unlockHref: String?
        let resetHref: String?
    }

    static func isValidUsername(_ name: String) -> Bool {
        (3...50).contains(name.count) && name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || ".-_".contains($0) }
    }

    static func validate(_ input: Input, existing: User?, req: Request) async throws -> Validated<Values> {
        let texts = req.texts
        var errors = FieldMessages()
        let username = existing?.username ?? FieldCheck.trimmed(input.username).lowercased()
        if existing == nil {
            if !isValidUsername(username) {
                errors.add("username", texts.text("users.usernameInvalid"))
            } else if try await User.query(on: req.db).filter(\.$username == username).first() != nil {
                errors.add("username", texts.text("users.usernameTaken"))
            }
        }
        let displayName = FieldCheck.trimmed(input.displayName)
        if displayName.isEmpty { errors.add("displayName", texts.text("form.required")) }
        else if displayName.count > 100 { errors.add("displayName", texts.text("form.tooLong", ["max": "100"])) }
        let email = FieldCheck.trimmed(input.email)
        if !email.isEmpty, !FieldCheck.isEmail(email) { errors.add("email", texts.text("form.emailInvalid")) }
        let phone = FieldCheck.trimmed(input.phone)
        if !phone.isEmpty, !FieldCheck.isPhone(phone) { errors.add("phone", texts.text("form.phoneInvalid")) }
        let role = Role(rawValue: input.role ?? "")
        if role == nil { errors.add("role", texts.text("form.chooseOne")) }
        let unitID = UUID(uuidString: input.unitID ?? "")
        let unit = unitID == nil ? nil : try await OrganisationalUnit.find(unitID, on: req.db)
        if unit == nil { errors.add("unitID", texts.text("form.chooseOne")) }
        if let role, let unit, !role.allowedUnitKinds.contains(unit.kind) {
            errors.add("unitID", texts.text("users.unitDoesNotFitRole"))
        }
        if let existing, existing.id == req.currentUser?.userID, role != existing.role {
            errors.add("role", texts.text("users.cannotChangeOwnRole"))
        }
        guard errors.isEmpty, let role, let unitID else { return .invalid(errors) }
        return .valid(Values(username: username, displayName: displayName, email: email.isEmpty ? nil : email,
                             phone: phone.isEmpty ? nil : phone, role: role, unitID: unitID))
    }

    static func render(_ req: Request, user: User?, input: Input, errors: FieldMessages) async throws -> Response {
        let texts = req.texts
        let units = try await OrganisationalUnit.query(on: req.db).all().sorted { a, b in
            // The canton offices first, then municipalities and groups by name.
            let order: [UnitKind: Int] = [.canton: 0, .migrationOffice: 1, .leadGroup: 2, .municipality: 3]
            return (order[a.kind]!, a.name) < (order[b.kind]!, b.name)
        }
        let page = Page(
            isNew: user == nil,
            action: user.map { Paths.user($0.id!) } ?? Paths.newUser,
            input: ["username": input.username ?? "", "displayName": input.displayName ?? "", "email": input.email ?? "",
                    "phone": input.phone ?? ""],
            roleOptions: Role.allCases.map { SelectOption(value: $0.rawValue, label: texts.text("role.\($0.rawValue)"), selected: $0.rawValue == input.role) },
            unitOptions: units.map { SelectOption(value: $0.id!.uuidString, label: "\($0.name) (\(texts.text("unitKind.\($0.kind.rawValue)")))",
                                            selected: $0.id!.uuidString == input.unitID) },
            errors: errors,
            locked: user?.locked ?? false,
            lockHref: user.map { Paths.userLock($0.id!) },
            unlockHref: user.map { Paths.userUnlock($0.id!) },
            resetHref: user.map { Paths.userPasswordReset($0.id!) })
        let title = user.map { texts.text("users.edit", ["name": $0.username]) } ?? texts.text("users.new")
        let response = try await req.renderPage("Users/form", title: title, body: page)
        if !errors.isEmpty { response.status = .unprocessableEntity }
        return response
    }
}
