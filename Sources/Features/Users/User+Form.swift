import Domain
import Fluent
import Foundation
import Persistence
import Platform

/// Creating or editing an account.
struct UserInput: Decodable, Sendable {
    var username: String?
    var displayName: String?
    var email: String?
    var phone: String?
    var role: String?
    var unitID: String?
}

struct UserValues: Sendable {
    let username: String
    let displayName: String
    let email: String?
    let phone: String?
    let role: Role
    let unitID: UUID
}

enum UserForm {
    static func validate(_ input: UserInput, existing: User?, currentUserID: UUID?, on db: any Database,
                         texts t: Localizer) async throws -> Validated<UserValues> {
        var errors = FieldMessages()
        let username = existing?.username ?? FieldCheck.trimmed(input.username).lowercased()
        if existing == nil {
            if !Username.isValid(username) {
                errors.add("username", t("users.usernameInvalid"))
            } else if try await User.query(on: db).filter(\.$username == username).first() != nil {
                errors.add("username", t("users.usernameTaken"))
            }
        }
        let displayName = errors.text("displayName", input.displayName, max: 100, required: true, texts: t)
        let email = errors.text("email", input.email, max: 254, texts: t)
        if !email.isEmpty, !FieldCheck.isEmail(email) { errors.add("email", t("form.emailInvalid")) }
        let phone = errors.text("phone", input.phone, max: 30, texts: t)
        if !phone.isEmpty, !FieldCheck.isPhone(phone) { errors.add("phone", t("form.phoneInvalid")) }
        let role: Role? = errors.choice("role", input.role, texts: t)
        let unitID = UUID(uuidString: input.unitID ?? "")
        let unit = unitID == nil ? nil : try await OrganisationalUnit.find(unitID, on: db)
        if unit == nil { errors.add("unitID", t("form.chooseOne")) }
        if let role, let unit, !role.allowedUnitKinds.contains(unit.kind) { errors.add("unitID", t("users.unitDoesNotFitRole")) }
        if let existing, existing.id == currentUserID, role != existing.role { errors.add("role", t("users.cannotChangeOwnRole")) }
        guard errors.isEmpty, let role, let unitID else { return .invalid(errors) }
        return .valid(UserValues(username: username, displayName: displayName, email: email.isEmpty ? nil : email,
                                 phone: phone.isEmpty ? nil : phone, role: role, unitID: unitID))
    }
}
