import Domain
import Fluent
import Foundation
import Persistence
import Platform
import Vapor

/// The canton keeps the master texts: one per document kind and language, with a preview on
/// invented data, a review status and the history of versions.
enum LetterTemplateRoutes {
    struct Input: Decodable, Sendable {
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

    static func list(_ req: Request) async throws -> Response {
        let templates = try await LetterRoutes.currentTemplates(on: req.db)
        return req.render(LetterTemplateListView(templates: templates).page(req.viewContext))
    }

    static func parts(_ template: LetterTemplate) -> TranslationParity.Parts {
        .init(subject: template.subject, salutations: [template.salutationFemale, template.salutationMale, template.salutationOther],
              body: template.body, closing: template.closing, labelKeys: Set(template.labelTexts.keys))
    }

    static func parts(_ input: Input) -> TranslationParity.Parts {
        .init(subject: input.subject ?? "", salutations: [input.salutationFemale ?? "", input.salutationMale ?? "", input.salutationOther ?? ""],
              body: TextRules.normalisedLineBreaks(input.body ?? ""), closing: input.closing ?? "", labelKeys: Set((input.labels ?? [:]).keys))
    }

    /// What a translation lacks against the German master, in German words for the canton.
    static func parityProblems(_ translation: TranslationParity.Parts, master: LetterTemplate?, texts t: Localizer) -> [String] {
        guard let master else { return [] }
        return TranslationParity.problems(master: parts(master), translation: translation).map { problem in
            switch problem {
            case .missingPlaceholder(let name, let part):
                t("templates.parity.missing", ["name": "{{\(name)}}", "part": t("templates.part.\(part.rawValue)")])
            case .extraPlaceholder(let name, let part):
                t("templates.parity.extra", ["name": "{{\(name)}}", "part": t("templates.part.\(part.rawValue)")])
            case .paragraphCount(let master, let translation):
                t("templates.parity.paragraphs", ["master": String(master), "translation": String(translation)])
            case .missingLabel(let key): t("templates.parity.label", ["key": key])
            case .emptyPart(let part): t("templates.parity.empty", ["part": t("templates.part.\(part.rawValue)")])
            }
        }
    }

    static func kindAndLanguage(_ req: Request) throws -> (LetterKind, LetterLanguage) {
        guard let kind = LetterKind(rawValue: req.parameters.get("kind") ?? ""),
              let language = LetterLanguage(rawValue: req.parameters.get("language") ?? "") else { throw AppError.notFound }
        return (kind, language)
    }

    static func current(_ kind: LetterKind, _ language: LetterLanguage, on db: any Database) async throws -> LetterTemplate? {
        try await LetterTemplate.query(on: db).filter(\.$kind == kind).filter(\.$language == language).filter(\.$isCurrent == true).first()
    }

    static func edit(_ req: Request) async throws -> Response {
        let (kind, language) = try kindAndLanguage(req)
        let existing = try await current(kind, language, on: req.db)
        // A new language starts from the German text, to be translated.
        let source = try await existing.asyncOr { try await current(kind, .de, on: req.db) }
        let input = Input(languageName: existing?.languageName ?? language.rawValue, subject: source?.subject,
                          salutationFemale: source?.salutationFemale, salutationMale: source?.salutationMale,
                          salutationOther: source?.salutationOther, body: source?.body, closing: source?.closing,
                          labels: source?.labelTexts, reviewStatus: (existing?.reviewStatus ?? .draft).rawValue)
        return try await render(req, kind: kind, language: language, input: input, errors: FieldMessages())
    }

    static func save(_ req: Request) async throws -> Response {
        let (kind, language) = try kindAndLanguage(req)
        let input = try req.form(Input.self)
        let t = req.texts
        var errors = FieldMessages()
        _ = errors.text("languageName", input.languageName, max: 100, required: true, texts: t)
        let fields: [(String, String?, Int)] = [("subject", input.subject, 500), ("salutationFemale", input.salutationFemale, 300),
                                                ("salutationMale", input.salutationMale, 300), ("salutationOther", input.salutationOther, 300),
                                                ("body", input.body, 20_000), ("closing", input.closing, 500)]
        for (field, value, max) in fields {
            _ = errors.text(field, value, max: max, multiline: field == "body", texts: t)
            let problems = LetterTemplateRules.problems(in: value ?? "")
            if !problems.isEmpty {
                errors.add(field, problems.map { problem -> String in
                    switch problem {
                    case .unknownPlaceholder(let name): t("templates.unknownPlaceholder", ["name": name])
                    case .forbiddenTag(let tag): t("templates.forbiddenTag", ["tag": tag])
                    case .unbalancedSection(let name): t("templates.unbalanced", ["name": name])
                    }
                }.joined(separator: " "))
            }
        }
        if !kind.isForm, FieldCheck.trimmed(input.body).isEmpty { errors.add("body", t("form.required")) }
        for (key, value) in input.labels ?? [:] {
            if key.count > 50 || !key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) { throw AppError.badRequest }
            _ = errors.text("label-\(key)", value, max: 500, texts: t)
        }
        let status: ReviewStatus? = errors.choice("reviewStatus", input.reviewStatus ?? ReviewStatus.draft.rawValue, texts: t)
        guard errors.isEmpty, let status else { return try await render(req, kind: kind, language: language, input: input, errors: errors) }
        let user = try req.requireUser()
        return try await req.storeOnce { tx in
            let previous = try await LetterTemplate.query(on: tx).filter(\.$kind == kind).filter(\.$language == language)
                .sort(\.$version, .descending).first()
            try await LetterTemplate.query(on: tx).filter(\.$kind == kind).filter(\.$language == language).set(\.$isCurrent, to: false).update()
            let template = LetterTemplate()
            apply(input, to: template, kind: kind, language: language)
            template.version = (previous?.version ?? 0) + 1
            template.reviewStatus = status
            template.$changedBy.id = user.userID
            try await template.create(on: tx)
            try await req.audit(.letterTemplateChanged, .letterTemplate(template.id!),
                                detail: "\(kind.rawValue) \(language.rawValue) v\(template.version) \(status.rawValue)", in: tx)
            return Link.afterSave(.letterTemplate(kind: .value(kind.rawValue), language: .value(language.rawValue)))
        }
    }

    static func apply(_ input: Input, to template: LetterTemplate, kind: LetterKind, language: LetterLanguage) {
        template.kind = kind
        template.language = language
        template.version = 0
        template.isCurrent = true
        template.languageName = FieldCheck.trimmed(input.languageName)
        template.subject = input.subject ?? ""
        template.salutationFemale = input.salutationFemale ?? ""
        template.salutationMale = input.salutationMale ?? ""
        template.salutationOther = input.salutationOther ?? ""
        template.body = TextRules.normalisedLineBreaks(input.body ?? "")
        template.closing = input.closing ?? ""
        template.labelTexts = input.labels ?? [:]
        template.reviewStatus = .draft
    }

    static func render(_ req: Request, kind: LetterKind, language: LetterLanguage, input: Input, errors: FieldMessages) async throws -> Response {
        let versions = try await LetterTemplate.query(on: req.db).filter(\.$kind == kind).filter(\.$language == language)
            .with(\.$changedBy).sort(\.$version, .descending).all()
        var preview: LetterSheet?
        if errors.isEmpty {
            // Preview on invented data: the texts never see a real person here.
            let template = LetterTemplate()
            apply(input, to: template, kind: kind, language: language)
            preview = LetterComposer.sheet(kind: kind, language: language, bilingual: false, subject: SampleLetterData.subject(),
                                           templates: [template], today: req.today, texts: req.texts, reference: req.reference)
        }
        let master = language == .de ? nil : try await current(kind, .de, on: req.db)
        var page = LetterTemplateEditView(kind: kind, language: language, input: input, errors: errors, preview: preview,
                                          versions: versions,
                                          parity: language == .de ? nil : parityProblems(parts(input), master: master, texts: req.texts))
            .page(req.viewContext)
        if !errors.isEmpty { page.status = .unprocessableEntity }
        return req.render(page)
    }
}

extension Optional {
    /// This value, or the one `other` finds when there is none.
    func asyncOr(_ other: () async throws -> Wrapped?) async rethrows -> Wrapped? {
        if let value = self { return value }
        return try await other()
    }
}

/// Invented people and places for previews of texts.
enum SampleLetterData {
    static func subject() -> LetterSubject {
        let municipality = Municipality()
        municipality.id = UUID()
        municipality.name = "Beispielwil"
        municipality.bfsNumber = 9999
        let household = Household(id: UUID(), municipalityID: municipality.id!, street: "Musterweg 1", postalCode: "4500", place: "Beispielwil")
        let person = Person()
        person.id = UUID()
        person.givenName = "Amina"
        person.familyName = "Beispiel"
        person.sex = .female
        person.birthDate = CalendarDate(year: 1990, month: 1, day: 15)!
        person.nationality = "ER"
        person.motherTongue = "tir"
        person.socialAssistance = false
        person.entryDate = CalendarDate(year: 2023, month: 5, day: 10)
        person.moveInDate = CalendarDate(year: 2024, month: 8, day: 15)
        person.permit = .f
        person.$household.id = household.id!
        person.$municipality.id = municipality.id!
        let appointment = Appointment()
        appointment.date = CalendarDate(year: 2024, month: 9, day: 12)!
        appointment.time = "14:00"
        appointment.place = "Gemeindehaus, Sitzungszimmer 1"
        appointment.interpreterNeeded = true
        appointment.interpreterLanguage = "tir"
        appointment.interpreterChannel = .heksLinguadukt
        appointment.interpreterName = "Beispiel-Dolmetscherin"
        appointment.status = .planned
        let officer = User()
        officer.displayName = "Vorname Name"
        officer.phone = "032 000 00 00"
        officer.email = "integration@beispielwil.invalid"
        return LetterSubject(person: person, household: household, members: [person], appointment: appointment,
                             appointmentParticipants: [person],
                             municipality: municipality, officer: officer, letterhead: nil)
    }
}

struct LetterTemplateListView {
    let templates: [LetterTemplate]

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        return WebPage(title: t("templates.title")) {
            h1 { t("templates.title") }
            paragraph { t("templates.intro") }
            let masters = Dictionary(templates.filter { $0.language == .de }.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
            div(.class("table-wrap")) {
                table(.class("matrix")) {
                    caption(.class("visually-hidden")) { t("templates.title") }
                    thead {
                        tr {
                            th(.scope("col")) { t("letters.kind") }
                            for language in LetterLanguage.allCases { th(.scope("col")) { language.rawValue } }
                        }
                    }
                    tbody {
                        for kind in LetterKind.allCases {
                            let kindLabel = t.label("letters.kind", kind)
                            tr {
                                th(.scope("row")) { kindLabel }
                                for language in LetterLanguage.allCases {
                                    let template = templates.first { $0.kind == kind && $0.language == language }
                                    let differs = language != .de && template.map { translation in
                                        masters[kind].map { !TranslationParity.problems(master: LetterTemplateRoutes.parts($0),
                                                                                        translation: LetterTemplateRoutes.parts(translation)).isEmpty }
                                            ?? false
                                    } ?? false
                                    let status = (template.map { t.label("letters.review", $0.reviewStatus) } ?? t("templates.missing"))
                                        + (differs ? ", " + t("templates.parity.differs") : "")
                                    td {
                                        anchor(.href(Link(.letterTemplate(kind: .value(kind.rawValue), language: .value(language.rawValue)))),
                                               .title(status), .ariaLabel("\(kindLabel), \(status)")) {
                                            template.map { "v\($0.version)" } ?? "+"
                                        }
                                        if template?.reviewStatus == .checked { " ✓" }
                                        if differs { span(.class("parity-warning")) { " ⚠" } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            paragraph(.class("muted")) { t("templates.legend") }
        }
    }
}

struct LetterTemplateEditView {
    let kind: LetterKind
    let language: LetterLanguage
    let input: LetterTemplateRoutes.Input
    let errors: FieldMessages
    let preview: LetterSheet?
    let versions: [LetterTemplate]
    /// Differences to the German master (nil for the master itself).
    let parity: [String]?

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let direction = language.isRightToLeft ? "rtl" : "ltr"
        let kindLabel = t.label("letters.kind", kind)
        let title = t("templates.editTitle", ["kind": kindLabel, "language": language.rawValue])
        func line(_ field: String, _ labelKey: String, _ value: String?) -> Node {
            textField(FieldSpec(id: field, label: t(labelKey), error: errors[field]), value: value ?? "", .dir(direction), .maxlength(2000))
        }
        return WebPage(title: title, hasErrors: !errors.isEmpty) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.letterTemplates))) { t("templates.title") } }
            h1 { title }
            paragraph { t("templates.editIntro") }
            details {
                summary { t("templates.placeholders") }
                paragraph(.class("mono")) { LetterTemplateRules.placeholders.sorted().map { "{{\($0)}}" }.joined(separator: " ") }
            }
            errorSummary(t("form.hasErrors"), errors.order.map { ($0, errors[$0]!) })
            if let parity {
                section(.class(parity.isEmpty ? "panel parity ok" : "panel parity differs"), .ariaLabelledBy("parity-heading")) {
                    h2(.id("parity-heading")) { t("templates.parity.title") }
                    if parity.isEmpty {
                        paragraph { t("templates.parity.ok") }
                    } else {
                        ul {
                            for problem in parity { li { problem } }
                        }
                    }
                }
            }
            div(.class("two-columns")) {
                postForm(Link(.letterTemplate(kind: .value(kind.rawValue), language: .value(language.rawValue))), csrf: c.csrf, .class("form")) {
                    line("languageName", "templates.languageName", input.languageName)
                    line("subject", "templates.subject", input.subject)
                    line("salutationFemale", "templates.salutationFemale", input.salutationFemale)
                    line("salutationMale", "templates.salutationMale", input.salutationMale)
                    line("salutationOther", "templates.salutationOther", input.salutationOther)
                    textAreaField(FieldSpec(id: "body", label: t("templates.body"), error: errors["body"]), value: input.body ?? "", rows: 16,
                                  maxLength: 20_000)
                    line("closing", "templates.closing", input.closing)
                    for key in (input.labels ?? [:]).keys.sorted() {
                        textField(FieldSpec(id: "label-\(key)", name: "labels[\(key)]", label: "\(t("templates.label")) \(key)"),
                                  value: input.labels?[key] ?? "", .dir(direction), .maxlength(500))
                    }
                    selectField(FieldSpec(id: "reviewStatus", label: t("templates.reviewStatus")),
                                options: SelectOption.of(ReviewStatus.self, "letters.review", chosen: input.reviewStatus ?? "draft", texts: t))
                    div(.class("actions")) { button(.type(.submit), .class("button primary")) { t("templates.save") } }
                }
                section(.ariaLabelledBy("preview-heading")) {
                    h2(.id("preview-heading")) { t("templates.preview") }
                    if let preview {
                        if !preview.gaps.isEmpty {
                            div(.class("alert"), .role("status")) { "\(t("letters.gapsTitle")) \(preview.gaps.joined(separator: "; "))" }
                        }
                        for text in preview.texts {
                            div(.class("letter-preview"), .lang(text.language.rawValue), .dir(direction)) {
                                paragraph { strong { text.subject } }
                                paragraph { text.salutation }
                                for paragraphText in text.paragraphs { paragraph { paragraphText } }
                                for row in text.rows {
                                    paragraph {
                                        strong { row.label }
                                        ": \(row.value)"
                                    }
                                }
                                paragraph { text.closing }
                            }
                        }
                    } else {
                        paragraph(.class("empty")) { t("templates.noPreview") }
                    }
                    h2 { t("templates.versions") }
                    ul {
                        for version in versions {
                            li {
                                "v\(version.version) · \(Format.instant(version.createdAt)) · \(version.changedBy?.displayName ?? t("templates.seed")) · "
                                    + t.label("letters.review", version.reviewStatus)
                            }
                        }
                    }
                }
            }
        }
    }
}
