import Domain
import Fluent
import Foundation
import Persistence
import Platform
import Vapor

/// Batches: the persons who moved in during a month (or any chosen), one PDF with one letter per
/// person in the chosen order, each in the person's language (German where there is no text in it).
enum LetterBatchRoutes {
    struct Input: Decodable, Sendable {
        var kind: String?
        var persons: [String]?
        var bilingual: String?
        var month: String?
    }

    /// One PDF holds at most this many letters (a month's arrivals of the largest municipality fit).
    static let limit = 500

    static func form(_ req: Request) async throws -> Response {
        try await render(req, input: Input(kind: LetterKind.invitation.rawValue, persons: nil, bilingual: "on",
                                           month: try? req.query.get(String.self, at: "monat")), errors: FieldMessages())
    }

    static func render(_ req: Request, input: Input, errors: FieldMessages) async throws -> Response {
        let scope = try req.scope()
        let today = req.today
        let month = input.month.flatMap { CalendarDate(parsing: $0 + "-01") } ?? CalendarDate(year: today.year, month: today.month, day: 1)!
        // Persons who moved in during the month, plus the ones already chosen.
        let chosen = input.persons ?? []
        var persons = try await scope.persons(on: req.db).filter(\.$moveInDate >= month).filter(\.$moveInDate < month.addingMonths(1))
            .sort(\.$familyName).sort(\.$givenName).limit(limit).all()
        let missing = chosen.compactMap(UUID.init(uuidString:)).filter { id in !persons.contains { $0.id == id } }
        if !missing.isEmpty { persons += try await scope.persons(on: req.db).filter(\.$id ~~ missing).all() }
        if !persons.isEmpty {
            try await req.audit(.personListed, .persons(persons.map { $0.id! }), detail: "Serienbriefe: Personen zur Auswahl")
        }
        let view = LetterBatchView(input: input, month: String(month.description.prefix(7)), persons: persons, chosen: Set(chosen),
                                   errors: errors, pdfAvailable: req.appEnvironment.pdf.isAvailable, languages: req.reference.languages)
        var page = view.page(req.viewContext)
        if !errors.isEmpty { page.status = .unprocessableEntity }
        return req.render(page)
    }

    static func pdf(_ req: Request) async throws -> Response {
        let input = try req.form(Input.self)
        let t = req.texts
        let scope = try req.scope()
        var errors = FieldMessages()
        let kind = LetterKind(rawValue: input.kind ?? "")
        if kind == nil || !(kind!.isMultilingual) { errors.add("kind", t("form.chooseOne")) }
        let ids = (input.persons ?? []).compactMap(UUID.init(uuidString:))
        if ids.isEmpty { errors.add("persons", t("letters.batchNone")) }
        if ids.count > limit { errors.add("persons", t("letters.batchTooMany", ["max": String(limit)])) }
        let found = ids.isEmpty || ids.count > limit ? [] : try await scope.persons(on: req.db).filter(\.$id ~~ ids).all()
        if found.count != ids.count, ids.count <= limit {
            errors.add("persons", t("form.chooseOne"))
            try await req.audit(.recordNotFound, .page, detail: "Serienbriefe: \(ids.count - found.count) Personen ausserhalb der Berechtigung")
        }
        guard errors.isEmpty, let kind else { return try await render(req, input: input, errors: errors) }
        let templates = try await LetterRoutes.currentTemplates(on: req.db)
        let subjects = try await LetterSubject.load(found, officerID: try req.requireUser().userID, scope: scope, on: req.db)
        let byID = Dictionary(uniqueKeysWithValues: found.map { ($0.id!, $0) })
        var sheets: [LetterSheet] = []
        var letters: [(Person, LetterRoutes.Choice, Int)] = []
        var withGaps: [String] = []
        // In the order the persons were chosen.
        for id in ids {
            guard let person = byID[id], let subject = subjects[id] else { continue }
            let language = LetterLanguage.forMotherTongue(person.motherTongue) ?? .de
            let usable = templates.contains { $0.kind == kind && $0.language == language } ? language : .de
            let choice = LetterRoutes.Choice(kind: kind, language: usable, bilingual: input.bilingual != nil, appointmentID: nil)
            guard let sheet = LetterComposer.sheet(kind: kind, language: usable, bilingual: choice.bilingual, subject: subject,
                                                   templates: templates, today: req.today, texts: t, reference: req.reference) else { continue }
            if !sheet.gaps.isEmpty { withGaps.append("\(person.name.full): \(sheet.gaps.joined(separator: ", "))") }
            sheets.append(sheet)
            letters.append((person, choice, templates.first { $0.kind == kind && $0.language == usable }?.version ?? 0))
        }
        guard withGaps.isEmpty else {
            errors.add("persons", t("letters.batchGaps", ["list": withGaps.joined(separator: "; ")]))
            return try await render(req, input: input, errors: errors)
        }
        let html = Node.doctype + LetterDocument(title: kind.rawValue, sheets: sheets, toolbar: nil).render(t).render()
        let data = try await req.appEnvironment.pdf.render(html: html, stylesheet: req.application.directory.publicDirectory + "css/letter.css")
        let recorded = letters
        _ = try await req.submitOnce { tx in
            try await LetterRoutes.recordAll(recorded, format: .batchPDF, req: req, on: tx)
            return (nil, ())
        }
        return LetterRoutes.download(data, type: "application/pdf", name: "\(kind.rawValue)-serie.pdf")
    }
}

struct LetterBatchView {
    let input: LetterBatchRoutes.Input
    let month: String
    let persons: [Person]
    let chosen: Set<String>
    let errors: FieldMessages
    let pdfAvailable: Bool
    let languages: Languages

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        return WebPage(title: t("letters.batchTitle"), hasErrors: !errors.isEmpty) {
            h1 { t("letters.batchTitle") }
            paragraph { t("letters.batchIntro") }
            if !pdfAvailable { div(.class("alert"), .role("alert")) { t("letters.pdfMissing") } }
            form(.methodGet, .action(Link(.letterBatch)), .class("filter-form")) {
                textField(FieldSpec(id: "monat", label: t("letters.month")), value: month, type: .month)
                button(.type(.submit), .class("button")) { t("form.filter") }
            }
            errorSummary(t("form.hasErrors"), errors.order.map { ($0, errors[$0]!) })
            postForm(Link(.letterBatch), csrf: c.csrf, .class("form wide")) {
                hiddenField("month", month)
                selectField(FieldSpec(id: "kind", label: t("letters.kind"), error: errors["kind"]),
                            options: [LetterKind.invitation, .welcome].map {
                                SelectOption(value: $0.rawValue, label: t.label("letters.kind", $0), selected: $0.rawValue == input.kind)
                            })
                checkboxField(FieldSpec(id: "bilingual", label: t("letters.bilingual")), checked: input.bilingual != nil)
                fieldset(.class(errors["persons"] == nil ? "field" : "field has-error"), .id("persons"),
                         errors["persons"] == nil ? nil : .ariaDescribedBy("persons-error")) {
                    legend { t("letters.batchPersons") }
                    if let error = errors["persons"] { paragraph(.class("field-error"), .id("persons-error")) { error } }
                    if persons.isEmpty { paragraph(.class("empty")) { t("letters.batchEmpty") } }
                    for person in persons {
                        let language = LetterLanguage.forMotherTongue(person.motherTongue) ?? .de
                        div(.class("checkbox")) {
                            inputTag(.type(.checkbox), .id("b-\(person.id!.uuidString)"), .name("persons[]"), .value(person.id!.uuidString),
                                  .when(chosen.contains(person.id!.uuidString), .checked))
                            label(.for("b-\(person.id!.uuidString)")) {
                                "\(person.name.sortable) "
                                span(.class("muted")) { "\(person.motherTongue.map(languages.name) ?? "–") → \(language.rawValue)" }
                            }
                        }
                    }
                }
                div(.class("actions")) { button(.type(.submit), .class("button primary")) { t("letters.batchSubmit") } }
            }
        }
    }
}
