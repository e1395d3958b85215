import Domain
import Foundation
import Persistence
import Platform

/// The personal data sheet of one person, as typed: used by the registration (several persons)
/// and by the edit form. Validation returns typed values or field messages, never both.
struct PersonInput: Decodable, Sendable {
    var familyName: String?
    var givenName: String?
    var sex: String?
    var birthDate: String?
    var nationality: String?
    var motherTongue: String?
    var otherLanguages: [String]?
    /// Further languages typed by name (comma-separated), beside the checkboxes of the common ones.
    var otherLanguagesMore: String?
    var germanLevel: String?
    var entryDate: String?
    var moveInDate: String?
    /// The combined «Ausländerausweis / Status» (ResidenceStatus); the two fields below are read
    /// only when it is absent (older clients, tests) or when a stored pair has no combined choice.
    var status: String?
    var permit: String?
    var asylumStatus: String?
    var relationship: String?
    var phone: String?
    var email: String?
    var socialAssistance: String?
    var focusNote: String?
    var targetGroupOverride: String?
    var targetGroupOverrideReason: String?

    init() {}

    init(_ person: Person) {
        familyName = person.familyName
        givenName = person.givenName
        sex = person.sex.rawValue
        birthDate = person.birthDate.description
        nationality = person.nationality
        motherTongue = person.motherTongue
        otherLanguages = person.otherLanguages
        germanLevel = person.germanLevel?.rawValue
        entryDate = person.entryDate?.description
        moveInDate = person.moveInDate?.description
        status = ResidenceStatus(permit: person.permit, asylumStatus: person.asylumStatus)?.rawValue
        permit = person.permit?.rawValue
        asylumStatus = (person.asylumStatus ?? AsylumStatus.none).rawValue
        relationship = person.relationship?.rawValue
        phone = person.phone
        email = person.email
        socialAssistance = person.socialAssistance ? "on" : nil
        focusNote = person.focusNote
        targetGroupOverride = person.targetGroupOverrideReason == nil ? "" : person.targetGroup?.rawValue
        targetGroupOverrideReason = person.targetGroupOverrideReason
    }

    /// A further person of the same household: what household members usually share is carried
    /// over from the first person (family name, nationality, language, dates, permit), all editable.
    func carriedOver() -> PersonInput {
        var next = PersonInput()
        next.familyName = familyName
        next.nationality = nationality
        next.motherTongue = motherTongue
        next.entryDate = entryDate
        next.moveInDate = moveInDate
        next.status = status
        if status == nil {
            next.permit = permit
            next.asylumStatus = asylumStatus
        }
        return next
    }

    /// The combined status, when given or derivable from the two separate fields.
    var residenceStatus: ResidenceStatus? {
        if let status, !status.isEmpty { return ResidenceStatus(rawValue: status) }
        return ResidenceStatus(permit: ResidencePermit(rawValue: permit ?? ""), asylumStatus: AsylumStatus(rawValue: asylumStatus ?? "") ?? AsylumStatus.none)
    }

    /// Whether the form shows the two separate fields (a stored pair without a combined choice).
    var needsSeparateStatus: Bool {
        (status ?? "").isEmpty && !(permit ?? "").isEmpty && residenceStatus == nil
    }
}

/// One person's checked values.
struct PersonValues: Sendable {
    let familyName: String
    let givenName: String
    let sex: Sex
    let birthDate: CalendarDate
    let nationality: String
    let motherTongue: String?
    let otherLanguages: [String]
    let germanLevel: GermanLevel?
    let entryDate: CalendarDate?
    let moveInDate: CalendarDate?
    let permit: ResidencePermit?
    let asylumStatus: AsylumStatus
    let relationship: Relationship?
    let phone: String?
    let email: String?
    let socialAssistance: Bool
    let focusNote: String?
    let targetGroup: TargetGroup
    let targetGroupReason: TargetGroupReason
    let overrideReason: String?

    /// Writes the values into a person; returns the names of the fields that changed (for the audit trail).
    @discardableResult
    func apply(to person: Person) -> [String] {
        let isNew = person.id == nil
        // A new person has no values yet: reading one would trap, so only existing ones are compared.
        let before = isNew ? [:] : Self.comparable(person)
        person.familyName = familyName
        person.givenName = givenName
        person.nameKey = NameFolding.key(familyName + givenName)
        person.sex = sex
        person.birthDate = birthDate
        person.nationality = nationality
        person.motherTongue = motherTongue
        person.otherLanguages = otherLanguages
        person.germanLevel = germanLevel
        person.entryDate = entryDate
        person.moveInDate = moveInDate
        person.permit = permit
        person.asylumStatus = asylumStatus
        person.relationship = relationship
        person.phone = phone
        person.email = email
        person.socialAssistance = socialAssistance
        person.focusNote = focusNote
        person.targetGroup = targetGroup
        person.targetGroupOverrideReason = overrideReason
        let after = Self.comparable(person)
        return Self.fieldOrder.filter { isNew || before[$0] != after[$0] }
    }

    static let fieldOrder = ["familyName", "givenName", "sex", "birthDate", "nationality", "motherTongue", "otherLanguages",
                             "germanLevel", "entryDate", "moveInDate", "permit", "asylumStatus", "relationship", "phone", "email",
                             "socialAssistance", "focusNote", "targetGroup", "targetGroupOverrideReason"]

    /// The stored values by field name, for comparing before and after.
    static func comparable(_ person: Person) -> [String: String] {
        ["familyName": person.familyName, "givenName": person.givenName, "sex": person.sex.rawValue,
         "birthDate": person.birthDate.description, "nationality": person.nationality, "motherTongue": person.motherTongue ?? "",
         "otherLanguages": person.otherLanguagesText ?? "", "germanLevel": person.germanLevel?.rawValue ?? "",
         "entryDate": person.entryDate?.description ?? "", "moveInDate": person.moveInDate?.description ?? "",
         "permit": person.permit?.rawValue ?? "", "asylumStatus": person.asylumStatus?.rawValue ?? "",
         "relationship": person.relationship?.rawValue ?? "", "phone": person.phone ?? "",
         "email": person.email ?? "", "socialAssistance": person.socialAssistance ? "yes" : "no", "focusNote": person.focusNote ?? "",
         "targetGroup": person.targetGroup?.rawValue ?? "", "targetGroupOverrideReason": person.targetGroupOverrideReason ?? ""]
    }
}

enum PersonForm {
    struct Context: Sendable {
        let today: CalendarDate
        let reference: ReferenceData
        let texts: Localizer
    }

    /// `relationshipRequired`: for the further persons of a registration (the first one is the reference).
    static func validate(_ input: PersonInput, context: Context, relationshipRequired: Bool = false) -> Validated<PersonValues> {
        let t = context.texts
        let today = context.today
        var errors = FieldMessages()
        let familyName = errors.text("familyName", input.familyName, max: 100, required: true, texts: t)
        let givenName = errors.text("givenName", input.givenName, max: 100, required: true, texts: t)
        let sex: Sex? = errors.choice("sex", input.sex, texts: t)
        // The plausibility rules below are this form's date ranges and name each problem (future, before 1900, …).
        let bounds = DateRange(earliest: CalendarDate(year: 1000, month: 1, day: 1)!, latest: CalendarDate(year: 9999, month: 12, day: 31)!)
        let birth = errors.date("birthDate", input.birthDate, required: true, range: bounds, texts: t)
        let entry = errors.date("entryDate", input.entryDate, required: false, range: bounds, texts: t)
        let moveIn = errors.date("moveInDate", input.moveInDate, required: true, range: bounds, texts: t)
        let nationality = FieldCheck.trimmed(input.nationality).uppercased()
        if context.reference.countries.country(nationality) == nil { errors.add("nationality", t("form.chooseOne")) }
        let languages = context.reference.languages
        let typedTongue = FieldCheck.trimmed(input.motherTongue)
        let tongue = typedTongue.isEmpty ? "" : (languages.resolve(typedTongue) ?? "")
        if !typedTongue.isEmpty, tongue.isEmpty { errors.add("motherTongue", t("registration.languageUnknown", ["name": String(typedTongue.prefix(60))])) }
        var others = (input.otherLanguages ?? []).filter { !$0.isEmpty }
        if others.count > 20 || others.contains(where: { !languages.contains($0) }) {
            errors.add("otherLanguages", t("form.chooseOne"))
        }
        let more = errors.text("otherLanguagesMore", input.otherLanguagesMore, max: 500, texts: t)
        for name in more.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            if let code = languages.resolve(name) {
                if !others.contains(code) { others.append(code) }
            } else {
                errors.add("otherLanguagesMore", t("registration.languageUnknown", ["name": String(name.prefix(60))]))
                break
            }
        }
        others.removeAll { $0 == tongue }
        let level: GermanLevel? = errors.choice("germanLevel", FieldCheck.trimmed(input.germanLevel), required: false, texts: t)
        var permit: ResidencePermit?
        var asylum: AsylumStatus?
        if let statusText = input.status.map(FieldCheck.trimmed), !statusText.isEmpty || input.permit == nil {
            // One question for the card: permit and asylum status follow from it.
            if statusText.isEmpty {
                asylum = AsylumStatus.none
            } else if let status = ResidenceStatus(rawValue: statusText) {
                permit = status.permit
                asylum = status.asylumStatus
            } else {
                errors.add("status", t("registration.permitUnknown"))
            }
        } else {
            let permitText = FieldCheck.trimmed(input.permit)
            permit = ResidencePermit(rawValue: permitText)
            if !permitText.isEmpty, permit == nil { errors.add("permit", t("registration.permitUnknown")) }
            asylum = errors.choice("asylumStatus", input.asylumStatus ?? AsylumStatus.none.rawValue, texts: t)
        }
        let relationshipText = FieldCheck.trimmed(input.relationship)
        let relationship = Relationship(rawValue: relationshipText)
        if relationship == nil, !relationshipText.isEmpty || relationshipRequired {
            errors.add("relationship", t(relationshipText.isEmpty ? "registration.relationshipRequired" : "form.chooseOne"))
        }
        let phone = errors.text("phone", input.phone, max: 30, texts: t)
        if !phone.isEmpty, !FieldCheck.isPhone(phone) { errors.add("phone", t("form.phoneInvalid")) }
        let email = errors.text("email", input.email, max: 254, texts: t)
        if !email.isEmpty, !FieldCheck.isEmail(email) { errors.add("email", t("form.emailInvalid")) }
        let focus = errors.text("focusNote", input.focusNote, max: 2000, multiline: true, texts: t)
        if let birth {
            for problem in PlausibilityRules.problems(birth: birth, entry: entry, moveIn: moveIn, today: today) {
                errors.add(problem.field, t("plausibility.\(problem.rawValue)"))
            }
        }
        let override: TargetGroup? = errors.choice("targetGroupOverride", FieldCheck.trimmed(input.targetGroupOverride), required: false,
                                                   texts: t)
        let overrideReason = errors.text("targetGroupOverrideReason", input.targetGroupOverrideReason, max: 500, texts: t)
        if override != nil, overrideReason.isEmpty { errors.add("targetGroupOverrideReason", t("registration.overrideReasonRequired")) }
        guard errors.isEmpty, let sex, let birth, let asylum else { return .invalid(errors) }
        let derived = TargetGroupRules.derive(nationality: nationality, permit: permit, asylumStatus: asylum)
        return .valid(PersonValues(
            familyName: familyName, givenName: givenName, sex: sex, birthDate: birth, nationality: nationality,
            motherTongue: tongue.isEmpty ? nil : tongue, otherLanguages: others, germanLevel: level,
            entryDate: entry, moveInDate: moveIn, permit: permit, asylumStatus: asylum, relationship: relationship,
            phone: phone.isEmpty ? nil : phone, email: email.isEmpty ? nil : email,
            socialAssistance: input.socialAssistance != nil, focusNote: focus.isEmpty ? nil : focus,
            targetGroup: override ?? derived.group, targetGroupReason: derived.reason,
            overrideReason: override == nil ? nil : overrideReason))
    }

    /// The derived target group with its reason, for what was typed so far.
    static func derivedTargetGroup(_ input: PersonInput, texts: Localizer) -> String? {
        guard let nationality = input.nationality, !nationality.isEmpty else { return nil }
        let status = input.residenceStatus
        let decision = TargetGroupRules.derive(nationality: nationality,
                                               permit: status?.permit ?? ResidencePermit(rawValue: input.permit ?? ""),
                                               asylumStatus: status?.asylumStatus ?? AsylumStatus(rawValue: input.asylumStatus ?? "") ?? .none)
        return "\(texts.label("targetGroup", decision.group)) – \(texts.label("targetGroup.reason", decision.reason))"
    }
}
