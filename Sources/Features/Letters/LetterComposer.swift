import Domain
import Foundation
import Mustache
import Persistence
import Platform

/// What a letter is about: the person, their household, the appointment, the municipality and
/// the officer who signs. Everything else a text might want is out of its reach.
struct LetterSubject: Sendable {
    let person: Person
    let household: Household
    let members: [Person]
    let appointment: Appointment?
    /// The persons invited to the appointment (for the interpreter order's count and languages).
    let appointmentParticipants: [Person]
    let municipality: Municipality
    /// Who signs the letter and is named as its contact: the letterhead's person, else the
    /// municipality's integration officer; never the clerk who happens to print it.
    let officer: User
    let letterhead: Letterhead?
    /// The lead municipality whose letterhead is used (a member municipality without its own).
    var letterheadOf: String? = nil
    /// The adults a household letter is written to (oldest first), never a child.
    var addressees: [Person] = []
    /// A form's fields from the case work (need, measures, remarks, criteria, outcome…), by label key.
    var formFacts: [String: String] = [:]
}

extension LetterSubject {
    /// The subject with an event's date, time and place as its appointment (an event invitation).
    func at(_ event: MunicipalEvent) -> LetterSubject {
        let planned = Appointment()
        planned.date = event.heldOn
        planned.time = event.time
        planned.place = event.place
        planned.interpreterNeeded = false
        return LetterSubject(person: person, household: household, members: members, appointment: planned, appointmentParticipants: [],
                             municipality: municipality, officer: officer, letterhead: letterhead, letterheadOf: letterheadOf,
                             addressees: addressees, formFacts: formFacts)
    }
}

/// One language version of a letter, filled.
struct ComposedText: Sendable {
    struct Row: Sendable {
        let label: String
        let value: String
    }

    let language: LetterLanguage
    let subject: String
    let salutation: String
    let paragraphs: [String]
    let closing: String
    let rows: [Row]
    /// A form's foot: the confirmation sentence, the place/date line and the signature lines.
    var confirmation: String? = nil
    var placeDateLabel: String? = nil
    var signatureLabels: [String] = []
}

/// One sheet: letterhead, window address, place and date, the text (German first when bilingual), signature.
struct LetterSheet: Sendable {
    let senderLines: [String]
    let contact: String
    let logo: Link?
    let addressLines: [String]
    let placeDate: String
    let texts: [ComposedText]
    /// The signer's name and function.
    let signature: [String]
    let gaps: [String]
    /// A form (data sheet, conversation form, report): no window address, no letter signature.
    var isForm: Bool = false
    /// Said to the officer on screen: the text is German because none exists in the chosen language.
    var fallbackFrom: LetterLanguage? = nil
    /// Said to the officer on screen: the lead municipality's letterhead is used.
    var letterheadOf: String? = nil
    /// The name on the following pages' header.
    var recipient: String { addressLines.first ?? "" }
}

enum LetterComposer {
    static let gapMarker = "⟦fehlt⟧"

    /// The long date in the letter's language, in its natural form: "Donnerstag, 12. September 2024",
    /// "پنجشنبه 12 سپتامبر 2024" (weekday, day, month, year; right-to-left scripts never get a Latin comma).
    static func longDate(_ date: CalendarDate, language: LetterLanguage) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = SwissTime.zone
        guard let value = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12)) else {
            return date.swissFormat
        }
        let formatter = DateFormatter()
        formatter.calendar = calendar
        formatter.timeZone = calendar.timeZone
        formatter.locale = Locale(identifier: language.localeIdentifier)
        formatter.setLocalizedDateFormatFromTemplate("EEEEdMMMMy")
        let text = formatter.string(from: value)
        return language.isRightToLeft ? text.replacingOccurrences(of: ",", with: "،") : text
    }

    /// Spaces that must not break a line: inside a date, a time or a phone number.
    static func unbreakable(_ text: String?) -> String? {
        text?.replacingOccurrences(of: " ", with: "\u{00A0}")
    }

    /// The values a text may use, for one language; nil where the data is missing.
    static func values(for subject: LetterSubject, language: LetterLanguage) -> [String: String?] {
        let person = subject.person
        return [
            "person.givenName": person.givenName, "person.familyName": person.familyName, "person.fullName": person.name.full,
            "person.birthDate": person.birthDate.swissFormat,
            "appointment.date": unbreakable(subject.appointment.map { longDate($0.date, language: language) }),
            "appointment.time": subject.appointment?.time, "appointment.place": subject.appointment?.place,
            "municipality.name": subject.municipality.name,
            "officer.name": subject.officer.displayName, "officer.phone": unbreakable(subject.officer.phone),
            "officer.email": subject.officer.email,
        ]
    }

    /// The Mustache context; missing values become a visible gap marker, never an empty string. Every
    /// value keeps its own direction (first-strong isolate) so that it cannot reorder the text around it.
    static func context(_ values: [String: String?], subject: LetterSubject, rightToLeft: Bool) -> [String: Any] {
        func value(_ key: String) -> String {
            let text = (values[key] ?? nil).flatMap { $0.isEmpty ? nil : $0 } ?? gapMarker
            // In Arabic and Persian text even Latin names and numbers are isolated, so a phone number is not reversed.
            return rightToLeft ? "\u{2068}\(text)\u{2069}" : Bidi.isolated(text)
        }
        let addressed = Set((subject.addressees.isEmpty ? [subject.person] : subject.addressees).compactMap(\.id))
        let others = subject.members.filter { !addressed.contains($0.id ?? UUID()) }
        return [
            "person": ["givenName": value("person.givenName"), "familyName": value("person.familyName"),
                       "fullName": value("person.fullName"), "birthDate": value("person.birthDate")],
            "household": ["members": others.map { ["givenName": Bidi.isolated($0.givenName), "familyName": Bidi.isolated($0.familyName)] }],
            "appointment": ["date": value("appointment.date"), "time": value("appointment.time"), "place": value("appointment.place"),
                            "interpreter": subject.appointment?.interpreterNeeded ?? false],
            "municipality": ["name": value("municipality.name")],
            "officer": ["name": value("officer.name"), "phone": value("officer.phone"), "email": value("officer.email")],
        ]
    }

    static func render(_ text: String, _ context: [String: Any]) -> String {
        // TEXT: the template inserts plain text; the page escapes it once.
        guard let template = try? MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text) else { return text }
        return template.render(context)
    }

    static func salutationTemplate(_ template: LetterTemplate, for person: Person) -> String {
        switch person.sex {
        case .female: template.salutationFemale
        case .male: template.salutationMale
        case .other: template.salutationOther
        }
    }

    /// "Sehr geehrte Frau Ahmadi, sehr geehrter Herr Ahmadi": each adult by name, joined the way
    /// the language joins (the Arabic comma in right-to-left scripts, the ideographic one in Chinese).
    static func salutation(_ template: LetterTemplate, subject: LetterSubject) -> String {
        let people = subject.addressees.isEmpty ? [subject.person] : subject.addressees
        let language = template.language
        let parts = people.enumerated().map { index, person -> String in
            let single = LetterSubject(person: person, household: subject.household, members: subject.members, appointment: subject.appointment,
                                   appointmentParticipants: subject.appointmentParticipants, municipality: subject.municipality,
                                   officer: subject.officer, letterhead: subject.letterhead, letterheadOf: subject.letterheadOf,
                                   addressees: [person])
            let text = render(salutationTemplate(template, for: person),
                              context(values(for: single, language: language), subject: single, rightToLeft: language.isRightToLeft))
            // Later salutations continue the sentence: "…, sehr geehrter Herr …".
            guard index > 0, language.casesSalutation, let first = text.first else { return text }
            return first.lowercased() + text.dropFirst()
        }
        return parts.joined(separator: language.listSeparator)
    }

    static func compose(_ template: LetterTemplate, subject: LetterSubject, texts: Localizer,
                        reference: ReferenceData) -> (ComposedText, Set<String>) {
        let values = values(for: subject, language: template.language)
        let context = context(values, subject: subject, rightToLeft: template.language.isRightToLeft)
        let salutationText = salutationTemplate(template, for: subject.person)
        let all = [template.subject, salutationText, template.body, template.closing].joined(separator: "\n")
        var gaps = Set(LetterTemplateRules.requiredPlaceholders(in: all).filter { ((values[$0] ?? nil) ?? "").isEmpty })
        var rows: [ComposedText.Row] = []
        let labels = template.labelTexts
        if template.kind.isForm || template.kind == .interpreterOrder {
            for (key, value) in formValues(template.kind, subject: subject, reference: reference, labels: labels, texts: texts) {
                rows.append(.init(label: labels[key] ?? texts.text("letters.field.\(key)"), value: value))
            }
        }
        if template.kind.needsAppointment, subject.appointment == nil { gaps.insert("appointment.date") }
        let body = render(template.body, context)
        // Forms carry their title as a label.
        let subjectText = template.subject.isEmpty && template.kind.isForm ? (template.labelTexts["title"] ?? "") : render(template.subject, context)
        // A form's foot: what is signed, where and when, and by whom (one line each).
        let signatureKeys = ["signaturePerson", "signatureLead", "signatureInterpreter", "signature"]
        return (ComposedText(
            language: template.language, subject: subjectText,
            salutation: template.kind.isForm ? "" : salutation(template, subject: subject),
            paragraphs: body.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty },
            closing: render(template.closing, context), rows: rows,
            confirmation: template.kind.isForm ? labels["confirmation"] : nil,
            placeDateLabel: template.kind.isForm ? labels["placeDate"] : nil,
            signatureLabels: template.kind.isForm ? signatureKeys.compactMap { labels[$0] } : []), gaps)
    }

    /// The data fields of the form kinds; what later areas fill (conversation need, measures) stays a line to write on.
    static func formValues(_ kind: LetterKind, subject: LetterSubject, reference: ReferenceData, labels: [String: String],
                           texts: Localizer) -> [(String, String)] {
        let person = subject.person
        let name = person.name.full
        let address = subject.household.addressLine
        switch kind {
        case .personalDataSheet:
            return [("familyName", person.familyName), ("givenName", person.givenName),
                    ("sex", person.sex == .female ? "F" : person.sex == .male ? "M" : "–"),
                    ("birthDate", person.birthDate.swissFormat), ("nationality", reference.countries.name(person.nationality)),
                    ("motherTongue", person.motherTongue.map(reference.languages.name) ?? ""),
                    ("germanLevel", person.germanLevel?.rawValue ?? ""), ("entryDate", person.entryDate?.swissFormat ?? ""),
                    ("moveInDate", person.moveInDate?.swissFormat ?? ""), ("permit", person.permit?.rawValue ?? ""),
                    ("address", address), ("phone", person.phone ?? ""), ("email", person.email ?? ""),
                    ("socialAssistance", person.socialAssistance ? "✓" : "–"), ("focusNote", person.focusNote ?? ""),
                    ("household", subject.members.filter { $0.id != person.id }
                        .map { "\($0.name.full) (\($0.birthDate.swissFormat))" }.joined(separator: "; "))]
        case .integrationConversationForm:
            return [("municipality", subject.municipality.name), ("name", name), ("birthDate", person.birthDate.swissFormat),
                    ("nationality", reference.countries.name(person.nationality)), ("entryDate", person.entryDate?.swissFormat ?? ""),
                    ("permit", person.permit?.rawValue ?? "")]
                + ["need", "measures", "remarks", "participants", "interpreter", "conversationDate", "reviewDate"].compactMap { key in
                    // The data of a recorded conversation; without one, need, measures and remarks stay lines to write on.
                    if let value = subject.formFacts[key] { return (key, value) }
                    return ["need", "measures", "remarks"].contains(key) ? (key, "") : nil
                }
        case .misaReport:
            return [("municipality", subject.municipality.name), ("name", name), ("birthDate", person.birthDate.swissFormat),
                    ("nationality", reference.countries.name(person.nationality)), ("entryDate", person.entryDate?.swissFormat ?? ""),
                    ("permit", person.permit?.rawValue ?? "")]
                + ["criteria", "measures", "outcome", "conversationDate", "attachments"].map { ($0, subject.formFacts[$0] ?? "") }
        case .interpreterOrder:
            // The interpreter needs no names before the conversation: how many persons, in which languages.
            let persons = subject.appointmentParticipants.isEmpty ? [subject.person] : subject.appointmentParticipants
            let tongues = Set(persons.compactMap(\.motherTongue)).map(reference.languages.name).sorted()
            let kind = subject.appointment?.kind ?? .firstInformation
            // The label key of the kind in the text's language: "kindFirstInformation", "kindIntegration".
            let key = "kind" + kind.rawValue.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            return [("conversationKind", labels[key] ?? texts.label("conversation.kind", kind)),
                    ("interpreterLanguage", subject.appointment?.interpreterLanguage.map(reference.languages.name) ?? ""),
                    ("persons", String(persons.count)),
                    ("languages", tongues.joined(separator: ", "))]
        case .welcome, .invitation, .summons, .eventInvitation:
            return []
        }
    }

    /// A whole sheet in one or two languages; German comes first when bilingual. Without a text in
    /// the chosen language the letter is German, and the sheet says so (never a dead end).
    static func sheet(kind: LetterKind, language: LetterLanguage, bilingual: Bool, subject: LetterSubject,
                      templates: [LetterTemplate], today: CalendarDate, texts: Localizer, reference: ReferenceData) -> LetterSheet? {
        let available = templates.contains { $0.kind == kind && $0.language == language }
        let usable = available ? language : .de
        let chosen = bilingual && usable != .de ? [LetterLanguage.de, usable] : [usable]
        var composed: [ComposedText] = []
        var gaps: Set<String> = []
        for lang in chosen {
            guard let template = templates.first(where: { $0.kind == kind && $0.language == lang }) else { return nil }
            let (text, missing) = compose(template, subject: subject, texts: texts, reference: reference)
            composed.append(text)
            gaps.formUnion(missing)
        }
        let letterhead = subject.letterhead
        let date = longDate(today, language: .de).split(separator: ",").dropFirst().joined(separator: ",").trimmingCharacters(in: .whitespaces)
        let people = subject.addressees.isEmpty ? [subject.person] : subject.addressees
        let officer = subject.officer
        return LetterSheet(
            senderLines: (letterhead?.sender ?? "Einwohnergemeinde \(subject.municipality.name)").split(separator: "\n").map(String.init),
            contact: [letterhead?.contact ?? "", [officer.displayName, unbreakable(officer.phone) ?? "", officer.email ?? ""]
                .filter { !$0.isEmpty }.joined(separator: " · ")].filter { !$0.isEmpty }.joined(separator: "\n"),
            logo: letterhead?.logo.map { Link.data(mimeType: letterhead?.logoType ?? "image/png", $0) },
            // The interpreter order goes to the interpreter (or the service), every other letter to the adults.
            addressLines: kind == .interpreterOrder
                ? [subject.appointment?.interpreterName ?? texts.text("letters.interpreterService"),
                   texts.label("interpreter.channel", subject.appointment?.interpreterChannel ?? .heksLinguadukt)]
                : people.prefix(3).map(\.name.full) + [subject.household.street, "\(subject.household.postalCode) \(subject.household.place)"],
            placeDate: "\(subject.municipality.name), \(unbreakable(date) ?? date)",
            texts: composed,
            signature: [officer.displayName, letterhead.map(\.signature).flatMap { $0.isEmpty ? nil : $0 }
                ?? texts.text("letters.officerFunction")],
            gaps: gaps.sorted().map { texts.text("letters.gap.\($0)", fallback: "letters.gap.unknown") },
            isForm: kind.isForm,
            fallbackFrom: available ? nil : language,
            letterheadOf: subject.letterheadOf)
    }
}
