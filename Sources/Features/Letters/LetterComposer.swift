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
    let officer: User
    let letterhead: Letterhead?
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
}

/// One sheet: letterhead, window address, place and date, the text (German first when bilingual), signature.
struct LetterSheet: Sendable {
    let senderLines: [String]
    let contact: String
    let logo: Link?
    let addressLines: [String]
    let placeDate: String
    let texts: [ComposedText]
    let signature: String
    let gaps: [String]
}

enum LetterComposer {
    static let gapMarker = "⟦fehlt⟧"

    /// The long date in the letter's language, e.g. "Donnerstag, 12. September 2024".
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
        return formatter.string(from: value)
    }

    /// The values a text may use, for one language; nil where the data is missing.
    static func values(for subject: LetterSubject, language: LetterLanguage) -> [String: String?] {
        let person = subject.person
        return [
            "person.givenName": person.givenName, "person.familyName": person.familyName, "person.fullName": person.name.full,
            "person.birthDate": person.birthDate.swissFormat,
            "appointment.date": subject.appointment.map { longDate($0.date, language: language) },
            "appointment.time": subject.appointment?.time, "appointment.place": subject.appointment?.place,
            "municipality.name": subject.municipality.name,
            "officer.name": subject.officer.displayName, "officer.phone": subject.officer.phone, "officer.email": subject.officer.email,
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
        let others = subject.members.filter { $0.id != subject.person.id }
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

    static func compose(_ template: LetterTemplate, subject: LetterSubject, texts: Localizer,
                        reference: ReferenceData) -> (ComposedText, Set<String>) {
        let values = values(for: subject, language: template.language)
        let context = context(values, subject: subject, rightToLeft: template.language.isRightToLeft)
        let salutationText: String
        switch subject.person.sex {
        case .female: salutationText = template.salutationFemale
        case .male: salutationText = template.salutationMale
        case .other: salutationText = template.salutationOther
        }
        let all = [template.subject, salutationText, template.body, template.closing].joined(separator: "\n")
        var gaps = Set(LetterTemplateRules.requiredPlaceholders(in: all).filter { ((values[$0] ?? nil) ?? "").isEmpty })
        var rows: [ComposedText.Row] = []
        if template.kind.isForm || template.kind == .interpreterOrder {
            let labels = template.labelTexts
            for (key, value) in formValues(template.kind, subject: subject, reference: reference) {
                rows.append(.init(label: labels[key] ?? texts.text("letters.field.\(key)"), value: value))
            }
        }
        if template.kind.needsAppointment, subject.appointment == nil { gaps.insert("appointment.date") }
        let body = render(template.body, context)
        // Forms carry their title as a label.
        let subjectText = template.subject.isEmpty && template.kind.isForm ? (template.labelTexts["title"] ?? "") : render(template.subject, context)
        return (ComposedText(
            language: template.language, subject: subjectText, salutation: render(salutationText, context),
            paragraphs: body.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty },
            closing: render(template.closing, context), rows: rows), gaps)
    }

    /// The data fields of the form kinds; what later areas fill (conversation need, measures) stays a line to write on.
    static func formValues(_ kind: LetterKind, subject: LetterSubject, reference: ReferenceData) -> [(String, String)] {
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
                    ("permit", person.permit?.rawValue ?? ""), ("need", ""), ("measures", ""), ("remarks", "")]
        case .misaReport:
            return [("municipality", subject.municipality.name), ("name", name), ("birthDate", person.birthDate.swissFormat),
                    ("nationality", reference.countries.name(person.nationality)), ("entryDate", person.entryDate?.swissFormat ?? ""),
                    ("permit", person.permit?.rawValue ?? ""), ("criteria", ""), ("measures", ""), ("outcome", ""),
                    ("conversationDate", ""), ("attachments", "")]
        case .interpreterOrder:
            // The interpreter needs no names before the conversation: how many persons, in which languages.
            let persons = subject.appointmentParticipants.isEmpty ? [subject.person] : subject.appointmentParticipants
            let tongues = Set(persons.compactMap(\.motherTongue)).map(reference.languages.name).sorted()
            return [("interpreterLanguage", subject.appointment?.interpreterLanguage.map(reference.languages.name) ?? ""),
                    ("persons", String(persons.count)),
                    ("languages", tongues.joined(separator: ", "))]
        case .welcome, .invitation, .summons:
            return []
        }
    }

    /// A whole sheet in one or two languages; German comes first when bilingual.
    static func sheet(kind: LetterKind, language: LetterLanguage, bilingual: Bool, subject: LetterSubject,
                      templates: [LetterTemplate], today: CalendarDate, texts: Localizer, reference: ReferenceData) -> LetterSheet? {
        let chosen = bilingual && language != .de ? [LetterLanguage.de, language] : [language]
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
        return LetterSheet(
            senderLines: (letterhead?.sender ?? "Einwohnergemeinde \(subject.municipality.name)").split(separator: "\n").map(String.init),
            contact: letterhead?.contact ?? "",
            logo: letterhead?.logo.map { Link.data(mimeType: letterhead?.logoType ?? "image/png", $0) },
            // The interpreter order goes to the interpreter (or the service), every other letter to the person.
            addressLines: kind == .interpreterOrder
                ? [subject.appointment?.interpreterName ?? texts.text("letters.interpreterService"),
                   texts.label("interpreter.channel", subject.appointment?.interpreterChannel ?? .heksLinguadukt)]
                : [subject.person.name.full, subject.household.street, "\(subject.household.postalCode) \(subject.household.place)"],
            placeDate: "\(subject.municipality.name), \(date)",
            texts: composed,
            signature: letterhead?.signature ?? subject.officer.displayName,
            gaps: gaps.sorted().map { texts.text("letters.gap.\($0)", fallback: "letters.gap.unknown") })
    }
}
