import Foundation
import Vapor

/// The personal data sheet of one person, as typed: used by the registration (several persons)
/// and by the edit form. Validation returns typed values or field messages, never both.
struct PersonInput: Content {
    var familyName: String?
    var givenName: String?
    var sex: String?
    var birthDate: String?
    var nationality: String?
    var motherTongue: String?
    var otherLanguages: [String]?
    var germanLevel: String?
    var entryDate: String?
    var moveInDate: String?
    var permit: String?
    var asylumStatus: String?
    var phone: String?
    var email: String?
    var socialAssistance: String?
    var focusNote: String?
    var targetGroupOverride: String?
    var targetGroupOverrideReason: String?

    init() {}

    init(_ person: Person) {
        familyName = person.familyName; givenName = person.givenName; sex = person.sex
        birthDate = person.birthDate; nationality = person.nationality; motherTongue = person.motherTongue
        otherLanguages = person.otherLanguages?.split(separator: ",").map(String.init)
        germanLevel = person.germanLevel; entryDate = person.entryDate; moveInDate = person.moveInDate
        permit = person.permit; asylumStatus = person.asylumStatus ?? AsylumStatus.none.rawValue
        phone = person.phone; email = person.email
        socialAssistance = person.socialAssistance ? "on" : nil; focusNote = person.focusNote
        targetGroupOverride = person.targetGroupOverrideReason == nil ? "" : person.targetGroup
        targetGroupOverrideReason = person.targetGroupOverrideReason
    }
}

struct PersonValues {
    let familyName: String, givenName: String, sex: Sex, birthDate: CalendarDate, nationality: String
    let motherTongue: String?, otherLanguages: [String], germanLevel: GermanLevel?
    let entryDate: CalendarDate?, moveInDate: CalendarDate?, permit: ResidencePermit?, asylumStatus: AsylumStatus
    let phone: String?, email: String?, socialAssistance: Bool, focusNote: String?
    let targetGroup: TargetGroup, targetGroupReason: TargetGroupReason, overrideReason: String?

    /// Writes the values into a person; returns the names of the fields that changed.
    @discardableResult
    func apply(to person: Person) -> [String] {
        let stored = storedValues
        // A new person has no values yet: reading one would trap, so only existing ones are compared.
        let before = person.id == nil ? [:] : Self.storedValues(of: person)
        let changed = stored.keys.sorted { Self.fieldOrder.firstIndex(of: $0)! < Self.fieldOrder.firstIndex(of: $1)! }
            .filter { person.id == nil || before[$0] != stored[$0] }
        person.familyName = familyName; person.givenName = givenName
        person.nameKey = NameFolding.key(familyName + givenName)
        person.sex = sex.rawValue; person.birthDate = birthDate.description; person.nationality = nationality
        person.motherTongue = motherTongue; person.otherLanguages = stored["otherLanguages"] ?? nil
        person.germanLevel = germanLevel?.rawValue; person.entryDate = entryDate?.description
        person.moveInDate = moveInDate?.description; person.permit = permit?.rawValue; person.asylumStatus = asylumStatus.rawValue
        person.phone = phone; person.email = email; person.socialAssistance = socialAssistance; person.focusNote = focusNote
        person.targetGroup = targetGroup.rawValue; person.targetGroupOverrideReason = overrideReason
        return changed
    }

    static let fieldOrder = ["familyName", "givenName", "sex", "birthDate", "nationality", "motherTongue", "otherLanguages",
                             "germanLevel", "entryDate", "moveInDate", "permit", "asylumStatus", "phone", "email",
                             "socialAssistance", "focusNote", "targetGroup", "targetGroupOverrideReason"]

    /// The values as they are stored, by field name, for comparing before and after.
    var storedValues: [String: String?] {
        ["familyName": familyName, "givenName": givenName, "sex": sex.rawValue, "birthDate": birthDate.description,
         "nationality": nationality, "motherTongue": motherTongue,
         "otherLanguages": otherLanguages.isEmpty ? nil : otherLanguages.joined(separator: ","),
         "germanLevel": germanLevel?.rawValue, "entryDate": entryDate?.description, "moveInDate": moveInDate?.description,
         "permit": permit?.rawValue, "asylumStatus": asylumStatus.rawValue, "phone": phone, "email": email,
         "socialAssistance": socialAssistance ? "yes" : "no", "focusNote": focusNote, "targetGroup": targetGroup.rawValue,
         "targetGroupOverrideReason": overrideReason]
    }

    static func storedValues(of person: Person) -> [String: String?] {
        ["familyName": person.familyName, "givenName": person.givenName, "sex": person.sex, "birthDate": person.birthDate,
         "nationality": person.nationality, "motherTongue": person.motherTongue, "otherLanguages": person.otherLanguages,
         "germanLevel": person.germanLevel, "entryDate": person.entryDate, "moveInDate": person.moveInDate,
         "permit": person.permit, "asylumStatus": person.asylumStatus, "phone": person.phone, "email": person.email,
         "socialAssistance": person.socialAssistance ? "yes" : "no", "focusNote": person.focusNote,
         "targetGroup": person.targetGroup, "targetGroupOverrideReason": person.targetGroupOverrideReason]
    }
}

enum PersonForm {
    struct Context {
        let today: CalendarDate
        let countries: Countries
        let languages: Languages
        let texts: Localizer
    }

    static func validate(_ input: PersonInput, context: Context) -> (PersonValues?, FieldMessages) {
        let texts = context.texts
        var errors = FieldMessages()
        func required(_ field: String, _ value: String?, max: Int = 100) -> String {
            let text = FieldCheck.trimmed(value)
            if text.isEmpty { errors.add(field, texts.text("form.required")) }
            else if text.count > max { errors.add(field, texts.text("form.tooLong", ["max": String(max)])) }
            return text
        }
        func date(_ field: String, _ value: String?, required: Bool) -> CalendarDate? {
            let text = FieldCheck.trimmed(value)
            if text.isEmpty {
                if required { errors.add(field, texts.text("form.required")) }
                return nil
            }
            guard let parsed = CalendarDate(parsing: text) else { errors.add(field, texts.text("form.dateInvalid")); return nil }
            return parsed
        }
        let familyName = required("familyName", input.familyName)
        let givenName = required("givenName", input.givenName)
        let sex = Sex(rawValue: input.sex ?? "")
        if sex == nil { errors.add("sex", texts.text("form.chooseOne")) }
        let birth = date("birthDate", input.birthDate, required: true)
        let entry = date("entryDate", input.entryDate, required: false)
        let moveIn = date("moveInDate", input.moveInDate, required: true)
        let nationality = FieldCheck.trimmed(input.nationality).uppercased()
        if context.countries.country(nationality) == nil { errors.add("nationality", texts.text("form.chooseOne")) }
        let tongue = FieldCheck.trimmed(input.motherTongue)
        if !tongue.isEmpty, !context.languages.contains(tongue) { errors.add("motherTongue", texts.text("form.chooseOne")) }
        let others = (input.otherLanguages ?? []).filter { !$0.isEmpty }
        if others.contains(where: { !context.languages.contains($0) }) { errors.add("otherLanguages", texts.text("form.chooseOne")) }
        let levelText = FieldCheck.trimmed(input.germanLevel)
        let level = GermanLevel(rawValue: levelText)
        if !levelText.isEmpty, level == nil { errors.add("germanLevel", texts.text("form.chooseOne")) }
        let permitText = FieldCheck.trimmed(input.permit)
        let permit = ResidencePermit(rawValue: permitText)
        if !permitText.isEmpty, permit == nil { errors.add("permit", texts.text("registration.permitUnknown")) }
        let asylum = AsylumStatus(rawValue: input.asylumStatus ?? AsylumStatus.none.rawValue)
        if asylum == nil { errors.add("asylumStatus", texts.text("form.chooseOne")) }
        let phone = FieldCheck.trimmed(input.phone)
        if !phone.isEmpty, !FieldCheck.isPhone(phone) { errors.add("phone", texts.text("form.phoneInvalid")) }
        let email = FieldCheck.trimmed(input.email)
        if !email.isEmpty, !FieldCheck.isEmail(email) { errors.add("email", texts.text("form.emailInvalid")) }
        let focus = FieldCheck.trimmed(input.focusNote)
        if focus.count > 2000 { errors.add("focusNote", texts.text("form.tooLong", ["max": "2000"])) }
        if let birth {
            for problem in PlausibilityRules.problems(birth: birth, entry: entry, moveIn: moveIn, today: context.today) {
                errors.add(problem.field, texts.text("plausibility.\(problem.rawValue)"))
            }
        }
        let overrideText = FieldCheck.trimmed(input.targetGroupOverride)
        let override = TargetGroup(rawValue: overrideText)
        if !overrideText.isEmpty, override == nil { errors.add("targetGroupOverride", texts.text("form.chooseOne")) }
        let overrideReason = FieldCheck.trimmed(input.targetGroupOverrideReason)
        if override != nil, overrideReason.isEmpty { errors.add("targetGroupOverrideReason", texts.text("registration.overrideReasonRequired")) }
        guard errors.isEmpty, let sex, let birth, let asylum else { return (nil, errors) }
        let derived = TargetGroupRules.derive(nationality: nationality, permit: permit, asylumStatus: asylum)
        return (PersonValues(
            familyName: familyName, givenName: givenName, sex: sex, birthDate: birth, nationality: nationality,
            motherTongue: tongue.isEmpty ? nil : tongue, otherLanguages: others, germanLevel: level,
            entryDate: entry, moveInDate: moveIn, permit: permit, asylumStatus: asylum,
            phone: phone.isEmpty ? nil : phone, email: email.isEmpty ? nil : email,
            socialAssistance: input.socialAssistance != nil, focusNote: focus.isEmpty ? nil : focus,
            targetGroup: override ?? derived.group, targetGroupReason: derived.reason,
            overrideReason: override == nil ? nil : overrideReason), errors)
    }

    /// What the template needs for one person block: typed values, options with the choice marked, messages.
    struct Block: Encodable {
        let index: Int
        /// Form field names: persons[0][familyName] in the registration, familyName when editing one person.
        let names: [String: String]
        let idPrefix: String
        let input: [String: String]
        let socialAssistance: Bool
        let errors: FieldMessages
        let sexOptions: [SelectOption]
        let countryOptions: [SelectOption]
        let tongueOptions: [SelectOption]
        let otherLanguageOptions: [SelectOption]
        let germanOptions: [SelectOption]
        let permitOptions: [SelectOption]
        let asylumOptions: [SelectOption]
        let overrideOptions: [SelectOption]
        /// The derived target group with its reason, once the values are valid.
        let derivedTargetGroup: String?
        let removable: Bool
    }

    static func block(_ input: PersonInput, index: Int, errors: FieldMessages, context: Context, removable: Bool,
                      namePrefix: String? = nil) -> Block {
        let texts = context.texts
        func options(_ values: [(String, String)], _ chosen: String?) -> [SelectOption] {
            values.map { SelectOption(value: $0.0, label: $0.1, selected: $0.0 == chosen) }
        }
        let chosenOthers = Set(input.otherLanguages ?? [])
        var derived: String?
        if let nationality = input.nationality, !nationality.isEmpty {
            let decision = TargetGroupRules.derive(nationality: nationality, permit: ResidencePermit(rawValue: input.permit ?? ""),
                                                   asylumStatus: AsylumStatus(rawValue: input.asylumStatus ?? "") ?? .none)
            derived = "\(texts.text("targetGroup.\(decision.group.rawValue)")) – \(texts.text("targetGroup.reason.\(decision.reason.rawValue)"))"
        }
        let prefix = namePrefix ?? "persons[\(index)]"
        let fields = ["familyName", "givenName", "sex", "birthDate", "nationality", "motherTongue", "otherLanguages", "germanLevel",
                      "entryDate", "moveInDate", "permit", "asylumStatus", "phone", "email", "socialAssistance", "focusNote",
                      "targetGroupOverride", "targetGroupOverrideReason"]
        var names = Dictionary(uniqueKeysWithValues: fields.map { ($0, prefix.isEmpty ? $0 : "\(prefix)[\($0)]") })
        names["otherLanguages"] = (names["otherLanguages"] ?? "otherLanguages") + "[]"
        return Block(
            index: index, names: names, idPrefix: "p\(index)-",
            input: [
                "familyName": input.familyName ?? "", "givenName": input.givenName ?? "", "birthDate": input.birthDate ?? "",
                "entryDate": input.entryDate ?? "", "moveInDate": input.moveInDate ?? "", "phone": input.phone ?? "",
                "email": input.email ?? "", "focusNote": input.focusNote ?? "",
                "targetGroupOverrideReason": input.targetGroupOverrideReason ?? "",
            ],
            socialAssistance: input.socialAssistance != nil,
            errors: errors,
            sexOptions: options(Sex.allCases.map { ($0.rawValue, texts.text("sex.\($0.rawValue)")) }, input.sex),
            countryOptions: options(context.countries.all.map { ($0.iso2, $0.nameGerman) }, input.nationality?.uppercased()),
            tongueOptions: options(context.languages.all.map { ($0.code, $0.nameGerman) }, input.motherTongue),
            otherLanguageOptions: context.languages.all.map { SelectOption(value: $0.code, label: $0.nameGerman, selected: chosenOthers.contains($0.code)) },
            germanOptions: options(GermanLevel.allCases.map { ($0.rawValue, texts.text("german.\($0.rawValue)")) }, input.germanLevel),
            permitOptions: options(ResidencePermit.allCases.map { ($0.rawValue, texts.text("permit.\($0.rawValue)")) }, input.permit),
            asylumOptions: options(AsylumStatus.allCases.map { ($0.rawValue, texts.text("asylum.\($0.rawValue)")) }, input.asylumStatus ?? AsylumStatus.none.rawValue),
            overrideOptions: options(TargetGroup.allCases.map { ($0.rawValue, texts.text("targetGroup.\($0.rawValue)")) }, input.targetGroupOverride),
            derivedTargetGroup: derived,
            removable: removable)
    }
}

extension Request {
    var personFormContext: PersonForm.Context {
        PersonForm.Context(today: CalendarDate(now), countries: application.countries, languages: application.languages, texts: texts)
    }
}
