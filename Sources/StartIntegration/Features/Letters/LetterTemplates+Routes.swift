import Fluent
import Vapor

/// The canton keeps the master texts: one per document kind and language, with a preview on
/// invented data, a review status and the history of versions.
enum LetterTemplatesFeature {
    static func register(_ routes: any RoutesBuilder) {
        let canton = routes.requiring(.editLetterTemplates)
        canton.get("briefvorlagen", use: list)
        canton.get("briefvorlagen", ":kind", ":language", use: edit)
        canton.post("briefvorlagen", ":kind", ":language", use: save)
    }

    struct ListPage: Encodable {
        struct Cell: Encodable { let href: String; let label: String; let status: String; let checked: Bool }
        struct Row: Encodable { let kind: String; let cells: [Cell] }
        let languages: [String]
        let rows: [Row]
    }

    static func list(_ req: Request) async throws -> Response {
        let texts = req.texts
        let templates = try await LetterTemplate.query(on: req.db).filter(\.$isCurrent == true).all()
        let rows = LetterKind.allCases.map { kind in
            ListPage.Row(kind: texts.text("letters.kind.\(kind.rawValue)"), cells: LetterLanguage.allCases.map { language in
                let template = templates.first { $0.kind == kind && $0.language == language }
                return ListPage.Cell(href: "/briefvorlagen/\(kind.rawValue)/\(language.rawValue)",
                                     label: template.map { "v\($0.version)" } ?? "+",
                                     status: template.map { texts.text("letters.review.\($0.reviewStatus)") } ?? texts.text("templates.missing"),
                                     checked: template?.reviewStatus == "checked")
            })
        }
        return try await req.renderPage("Letters/templates", title: texts.text("templates.title"),
                                        body: ListPage(languages: LetterLanguage.allCases.map(\.rawValue), rows: rows))
    }

    struct Input: Content {
        var languageName: String?
        var subject: String?
        var salutationFemale: String?
        var salutationMale: String?
        var salutationOther: String?
        var body: String?
        var closing: String?
        var labels: [String: String]?
        var reviewStatus: String?
    }

    struct EditPage: Encodable {
        struct Version: Encodable { let version: Int; let date: String; let by: String; let status: String }
        struct Label: Encodable { let key: String; let value: String }
        let kindLabel: String
        let language: String
        let direction: String
        let action: String
        let input: [String: String]
        let labels: [Label]
        let reviewOptions: [SelectOption]
        let placeholders: [String]
        let errors: FieldMessages
        let preview: LetterSheet?
        let versions: [Version]
    }

    static func kindAndLanguage(_ req: Request) throws -> (LetterKind, LetterLanguage) {
        guard let kind = LetterKind(rawValue: req.parameters.get("kind") ?? ""),
              let language = LetterLanguage(rawValue: req.parameters.get("language") ?? "") else { throw Abort(.notFound) }
        return (kind, language)
    }

    static func edit(_ req: Request) async throws -> Response {
        let (kind, language) = try kindAndLanguage(req)
        let current = try await LetterTemplate.query(on: req.db).filter(\.$kind == kind).filter(\.$language == language)
            .filter(\.$isCurrent == true).first()
        // A new language starts from the German text, to be translated.
        let german = current == nil ? try await LetterTemplate.query(on: req.db).filter(\.$kind == kind).filter(\.$language == .de)
            .filter(\.$isCurrent == true).first() : nil
        let source = current ?? german
        let input = Input(languageName: current?.languageName ?? language.rawValue, subject: source?.subject,
                          salutationFemale: source?.salutationFemale, salutationMale: source?.salutationMale,
                          salutationOther: source?.salutationOther, body: source?.body, closing: source?.closing,
                          labels: source?.labelTexts, reviewStatus: current?.reviewStatus ?? "draft")
        return try await render(req, kind: kind, language: language, input: input, errors: FieldMessages())
    }

    static func save(_ req: Request) async throws -> Response {
        let (kind, language) = try kindAndLanguage(req)
        let input = try req.content.decode(Input.self)
        let texts = req.texts
        var errors = FieldMessages()
        let fields: [(String, String?)] = [("subject", input.subject), ("salutationFemale", input.salutationFemale),
                                           ("salutationMale", input.salutationMale), ("salutationOther", input.salutationOther),
                                           ("body", input.body), ("closing", input.closing)]
        for (field, value) in fields {
            let problems = LetterTemplateRules.problems(in: value ?? "")
            if !problems.isEmpty {
                errors.add(field, problems.map { problem -> String in
                    switch problem {
                    case .unknownPlaceholder(let name): texts.text("templates.unknownPlaceholder", ["name": name])
                    case .forbiddenTag(let tag): texts.text("templates.forbiddenTag", ["tag": tag])
                    case .unbalancedSection(let name): texts.text("templates.unbalanced", ["name": name])
                    }
                }.joined(separator: " "))
            }
        }
        if !kind.isForm, FieldCheck.trimmed(input.body).isEmpty { errors.add("body", texts.text("form.required")) }
        if FieldCheck.trimmed(input.languageName).isEmpty { errors.add("languageName", texts.text("form.required")) }
        let status = input.reviewStatus == "checked" ? "checked" : "draft"
        guard errors.isEmpty else { return try await render(req, kind: kind, language: language, input: input, errors: errors) }
        let user = try req.requireUser()
        try await req.db.transaction { tx in
            let previous = try await LetterTemplate.query(on: tx).filter(\.$kind == kind).filter(\.$language == language)
                .sort(\.$version, .descending).first()
            try await LetterTemplate.query(on: tx).filter(\.$kind == kind).filter(\.$language == language).set(\.$isCurrent, to: false).update()
            let template = LetterTemplate()
            template.kind = kind; template.language = language; template.version = (previous?.version ?? 0) + 1
            template.isCurrent = true; template.languageName = FieldCheck.trimmed(input.languageName)
            template.subject = input.subject ?? ""; template.salutationFemale = input.salutationFemale ?? ""
            template.salutationMale = input.salutationMale ?? ""; template.salutationOther = input.salutationOther ?? ""
            template.body = (input.body ?? "").replacingOccurrences(of: "\r\n", with: "\n"); template.closing = input.closing ?? ""
            template.labels = String(decoding: try JSONEncoder().encode(input.labels ?? [:]), as: UTF8.self)
            template.reviewStatus = status; template.$changedBy.id = user.userID
            try await template.create(on: tx)
            try await req.audit(.letterTemplateChanged, recordType: "letter_template", recordID: template.id,
                                detail: "\(kind.rawValue) \(language.rawValue) v\(template.version) \(status)", on: tx)
        }
        return req.redirectAfterSave(to: "/briefvorlagen/\(kind.rawValue)/\(language.rawValue)")
    }

    static func render(_ req: Request, kind: LetterKind, language: LetterLanguage, input: Input, errors: FieldMessages) async throws -> Response {
        let texts = req.texts
        let versions = try await LetterTemplate.query(on: req.db).filter(\.$kind == kind).filter(\.$language == language)
            .with(\.$changedBy).sort(\.$version, .descending).all()
        var preview: LetterSheet?
        if errors.isEmpty {
            // Preview on invented data: the texts never see a real person here.
            let sample = SampleLetterData.subject()
            let template = LetterTemplate()
            template.kind = kind; template.language = language; template.version = 0; template.isCurrent = true
            template.languageName = input.languageName ?? ""; template.subject = input.subject ?? ""
            template.salutationFemale = input.salutationFemale ?? ""; template.salutationMale = input.salutationMale ?? ""
            template.salutationOther = input.salutationOther ?? ""; template.body = input.body ?? ""; template.closing = input.closing ?? ""
            template.labels = String(decoding: (try? JSONEncoder().encode(input.labels ?? [:])) ?? Data(), as: UTF8.self)
            template.reviewStatus = "draft"
            preview = LetterComposer.sheet(kind: kind, language: language, bilingual: false, subject: sample, templates: [template],
                                           today: CalendarDate(req.now), texts: texts, countries: req.application.countries,
                                           languages: req.application.languages)
        }
        let labelKeys = (input.labels ?? [:]).keys.sorted()
        let page = EditPage(
            kindLabel: texts.text("letters.kind.\(kind.rawValue)"), language: language.rawValue,
            direction: language.isRightToLeft ? "rtl" : "ltr", action: "/briefvorlagen/\(kind.rawValue)/\(language.rawValue)",
            input: ["languageName": input.languageName ?? "", "subject": input.subject ?? "", "salutationFemale": input.salutationFemale ?? "",
                    "salutationMale": input.salutationMale ?? "", "salutationOther": input.salutationOther ?? "",
                    "body": input.body ?? "", "closing": input.closing ?? ""],
            labels: labelKeys.map { EditPage.Label(key: $0, value: input.labels?[$0] ?? "") },
            reviewOptions: ["draft", "checked"].map { SelectOption(value: $0, label: texts.text("letters.review.\($0)"), selected: $0 == (input.reviewStatus ?? "draft")) },
            placeholders: LetterTemplateRules.placeholders.sorted().map { "{{\($0)}}" },
            errors: errors, preview: preview,
            versions: versions.map { .init(version: $0.version, date: $0.createdAt.map(SwissTime.format) ?? "",
                                           by: $0.changedBy?.displayName ?? texts.text("templates.seed"),
                                           status: texts.text("letters.review.\($0.reviewStatus)")) })
        let response = try await req.renderPage("Letters/template", title: texts.text("templates.editTitle", ["kind": page.kindLabel, "language": language.rawValue]), body: page)
        if !errors.isEmpty { response.status = .unprocessableEntity }
        return response
    }
}

/// Invented people and places for previews of texts.
enum SampleLetterData {
    static func subject() -> LetterSubject {
        let municipality = Municipality()
        municipality.id = UUID(); municipality.name = "Beispielwil"; municipality.bfsNumber = 9999
        let household = Household()
        household.id = UUID(); household.street = "Musterweg 1"; household.postalCode = "4500"; household.place = "Beispielwil"
        let person = Person()
        person.id = UUID(); person.givenName = "Amina"; person.familyName = "Beispiel"; person.sex = "female"
        person.birthDate = "1990-01-15"; person.nationality = "ER"; person.motherTongue = "tir"; person.socialAssistance = false
        person.entryDate = "2023-05-10"; person.moveInDate = "2024-08-15"; person.permit = "F"
        person.$household.id = household.id!; person.$municipality.id = municipality.id!
        let appointment = Appointment()
        appointment.date = "2024-09-12"; appointment.time = "14:00"; appointment.place = "Gemeindehaus, Sitzungszimmer 1"
        appointment.interpreterNeeded = true; appointment.interpreterLanguage = "tir"; appointment.interpreterChannel = "heks_linguadukt"
        appointment.interpreterName = "Beispiel-Dolmetscherin"; appointment.status = "planned"
        let officer = User()
        officer.displayName = "Vorname Name"; officer.phone = "032 000 00 00"; officer.email = "integration@beispielwil.invalid"
        return LetterSubject(person: person, household: household, members: [person], appointment: appointment,
                             municipality: municipality, officer: officer, letterhead: nil)
    }
}
