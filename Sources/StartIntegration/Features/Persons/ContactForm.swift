import Vapor

/// Phone, e-mail and the focus note of a person.
enum ContactForm {
    struct Input: Content {
        var phone: String?
        var email: String?
        var focusNote: String?
    }

    struct Contact {
        let phone: String?
        let email: String?
        let focusNote: String?
    }

    struct Page: Encodable {
        let personName: String
        let action: String
        let backHref: String
        let input: [String: String]
        let errors: FieldMessages

        init(person: Person, input: Input, errors: FieldMessages) {
            personName = "\(person.givenName) \(person.familyName)"
            action = Paths.personContact(person.id!)
            backHref = Paths.person(person.id!)
            self.input = ["phone": input.phone ?? "", "email": input.email ?? "", "focusNote": input.focusNote ?? ""]
            self.errors = errors
        }
    }

    static func validate(_ input: Input, texts: Localizer) -> Validated<Contact> {
        var errors = FieldMessages()
        let phone = FieldCheck.trimmed(input.phone)
        let email = FieldCheck.trimmed(input.email)
        let focus = FieldCheck.trimmed(input.focusNote)
        if !phone.isEmpty, !FieldCheck.isPhone(phone) { errors.add("phone", texts.text("form.phoneInvalid")) }
        if !email.isEmpty, !FieldCheck.isEmail(email) { errors.add("email", texts.text("form.emailInvalid")) }
        if focus.count > 2000 { errors.add("focusNote", texts.text("form.tooLong", ["max": "2000"])) }
        guard errors.isEmpty else { return .invalid(errors) }
        return .valid(Contact(phone: phone.isEmpty ? nil : phone, email: email.isEmpty ? nil : email,
                              focusNote: focus.isEmpty ? nil : focus))
    }
}
