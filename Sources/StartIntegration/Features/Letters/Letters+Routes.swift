import Fluent
import Vapor

/// Letters and forms for a person in their language (bilingual with German where that helps):
/// print view, PDF, DOCX, and batches of many persons in one PDF.
enum LettersFeature {
    static func register(_ routes: any RoutesBuilder) {
        let clerks = routes.requiring(.editPersons)
        clerks.get("personen", ":personID", "briefe", use: chooser)
        clerks.get("personen", ":personID", "briefe", "ansicht", use: printView)
        // Making a letter records it on the timeline: a state change, so POST with the form token (ASVS 3.5.3).
        clerks.post("personen", ":personID", "briefe", "drucken", use: recordPrint)
        clerks.post("personen", ":personID", "briefe", "pdf", use: pdf)
        clerks.post("personen", ":personID", "briefe", "docx", use: docx)
        let officers = routes.requiring(.workOnCases)
        officers.get("briefe", "serie", use: batchForm)
        officers.post("briefe", "serie", use: batchPDF)
    }

    /// What was asked for: in the query (kind, language, appointment id), never personal data.
    struct Choice {
        let kind: LetterKind
        let language: LetterLanguage
        let bilingual: Bool
        let appointmentID: UUID?

        init(_ req: Request, person: Person) throws {
            guard let kind = LetterKind(rawValue: (try? req.query.get(String.self, at: "art")) ?? "") else { throw Abort(.badRequest) }
            if kind.isCaseWork, !(try req.requireUser().has(.workOnCases)) { throw Abort(.forbidden) }
            self.kind = kind
            language = LetterLanguage(rawValue: (try? req.query.get(String.self, at: "sprache")) ?? "")
                ?? LetterLanguage.forMotherTongue(person.motherTongue) ?? .de
            bilingual = (try? req.query.get(String.self, at: "zweisprachig")) == "on"
            appointmentID = (try? req.query.get(String.self, at: "termin")).flatMap(UUID.init(uuidString:))
        }

        var query: String {
            "art=\(kind.rawValue)&sprache=\(language.rawValue)\(bilingual ? "&zweisprachig=on" : "")\(appointmentID.map { "&termin=\($0.uuidString)" } ?? "")"
        }
    }

    static func subject(for person: Person, appointmentID: UUID?, req: Request) async throws -> LetterSubject {
        let scope = try req.scope()
        guard let household = try await scope.households(on: req.db).filter(\.$id == person.$household.id).first(),
              let municipality = try await Municipality.find(person.$municipality.id, on: req.db),
              let officer = try await User.find(try req.requireUser().userID, on: req.db) else { throw Abort(.notFound) }
        let members = try await scope.persons(on: req.db).filter(\.$household.$id == household.id!).sort(\.$birthDate).all()
        var appointment: Appointment?
        if let appointmentID {
            // Only an appointment the person takes part in, and not a cancelled one.
            let takesPart = try await scope.query(AppointmentParticipant.self, on: req.db)
                .filter(\.$appointment.$id == appointmentID).filter(\.$person.$id == person.id!).first() != nil
            let found = takesPart ? try await scope.find(Appointment.self, appointmentID, on: req.db) : nil
            guard let found, found.status != "cancelled" else {
                try await req.audit(.recordNotFound, recordType: "appointment", recordID: appointmentID, detail: "Brief: Termin gehört nicht zur Person")
                throw Abort(.notFound)
            }
            appointment = found
        } else {
            // The person's next planned appointment, else the latest one.
            let participations = try await scope.query(AppointmentParticipant.self, on: req.db).filter(\.$person.$id == person.id!)
                .with(\.$appointment).all().map(\.appointment).filter { $0.status != "cancelled" }
            appointment = participations.filter { $0.status == "planned" }.min { $0.date < $1.date } ?? participations.max { $0.date < $1.date }
        }
        let letterhead = try await scope.query(Letterhead.self, on: req.db).filter(\.$municipality.$id == municipality.id!).first()
        return LetterSubject(person: person, household: household, members: members, appointment: appointment,
                             municipality: municipality, officer: officer, letterhead: letterhead)
    }

    static func currentTemplates(on db: any Database) async throws -> [LetterTemplate] {
        try await LetterTemplate.query(on: db).filter(\.$isCurrent == true).all()
    }

    static func sheet(_ choice: Choice, subject: LetterSubject, templates: [LetterTemplate], req: Request) throws -> LetterSheet {
        guard let sheet = LetterComposer.sheet(kind: choice.kind, language: choice.language, bilingual: choice.bilingual, subject: subject,
                                               templates: templates, today: CalendarDate(req.now), texts: req.texts,
                                               countries: req.application.countries, languages: req.application.languages) else {
            throw Abort(.notFound)
        }
        return sheet
    }

    // MARK: Choosing

    struct ChooserPage: Encodable {
        struct Option: Encodable { let value: String; let label: String; let selected: Bool; let note: String }
        let personName: String
        let action: String
        let backHref: String
        let kindOptions: [SelectOption]
        let languageOptions: [Option]
        let appointmentOptions: [SelectOption]
        let bilingual: Bool
    }

    static func chooser(_ req: Request) async throws -> Response {
        let person = try await req.scopedPerson(try req.idParameter("personID"))
        let texts = req.texts
        let templates = try await currentTemplates(on: req.db)
        let proposed = LetterLanguage.forMotherTongue(person.motherTongue) ?? .de
        let appointments = try await req.scope().query(AppointmentParticipant.self, on: req.db).filter(\.$person.$id == person.id!)
            .with(\.$appointment).all().map(\.appointment).filter { $0.status != "cancelled" }.sorted { $0.date > $1.date }
        let page = ChooserPage(
            personName: "\(person.givenName) \(person.familyName)",
            action: "/personen/\(person.id!.uuidString)/briefe/ansicht", backHref: Paths.person(person.id!),
            kindOptions: LetterKind.allCases.filter { !$0.isCaseWork || (req.currentUser?.has(.workOnCases) ?? false) }.map { SelectOption(value: $0.rawValue, label: texts.text("letters.kind.\($0.rawValue)"), selected: $0 == .invitation) },
            languageOptions: LetterLanguage.allCases.map { language in
                let available = templates.filter { $0.language == language }
                let status = available.contains { $0.reviewStatus == "checked" } ? texts.text("letters.review.checked") : texts.text("letters.review.draft")
                return ChooserPage.Option(value: language.rawValue, label: available.first?.languageName ?? language.rawValue,
                                          selected: language == proposed,
                                          note: "\(texts.text("letters.kinds", ["count": String(Set(available.map(\.kind)).count)])), \(status)")
            },
            appointmentOptions: appointments.map { SelectOption(value: $0.id!.uuidString,
                                                                label: "\(CalendarDate(parsing: $0.date)?.swissFormat ?? $0.date) \($0.time), \($0.place)",
                                                                selected: false) },
            bilingual: proposed != .de)
        try await req.audit(.personRead, recordType: "person", recordID: person.id, detail: "Brief auswählen")
        return try await req.renderPage("Letters/chooser", title: texts.text("letters.title"), body: page)
    }

    // MARK: Output

    struct PrintPage: Encodable {
        let title: String
        let lang: String
        let sheets: [LetterSheet]
        let toolbar: Bool
        let backHref: String
        /// Form actions with the letter's choice in the query; nil while the letter has gaps.
        let printAction: String?
        let pdfAction: String?
        let docxAction: String?
        let gaps: [String]
        let pdfMissing: Bool
        let csrf: String
        let printed: Bool
    }

    /// The print view stands alone (no app layout): the template reads `page` only.
    struct PrintContext: Encodable { let page: PrintPage }

    static func version(of choice: Choice, in templates: [LetterTemplate]) -> Int {
        templates.first { $0.kind == choice.kind && $0.language == choice.language }?.version ?? 0
    }

    static func record(_ choice: Choice, person: Person, format: String, version: Int, req: Request) async throws {
        let letter = GeneratedLetter()
        letter.$person.id = try person.requireID()
        letter.$municipality.id = person.$municipality.id
        letter.kind = choice.kind; letter.language = choice.language; letter.bilingual = choice.bilingual; letter.format = format
        letter.templateVersion = version
        letter.$generatedBy.id = try req.requireUser().userID
        try await req.db.transaction { tx in
            try await letter.create(on: tx)
            try await req.audit(.letterGenerated, recordType: "person", recordID: person.id,
                                detail: "\(choice.kind.rawValue) \(choice.language.rawValue) \(format)", on: tx)
        }
    }

    static func printView(_ req: Request) async throws -> Response {
        let letter = try await requested(req)
        let (person, choice, sheet) = (letter.person, letter.choice, letter.sheet)
        let base = "/personen/\(person.id!.uuidString)/briefe"
        try await req.audit(.personRead, recordType: "person", recordID: person.id,
                            detail: "Brief ansehen: \(choice.kind.rawValue) \(choice.language.rawValue)\(sheet.gaps.isEmpty ? "" : ", mit Lücken")")
        let complete = sheet.gaps.isEmpty
        let page = PrintPage(title: req.texts.text("letters.kind.\(choice.kind.rawValue)"), lang: choice.language.rawValue, sheets: [sheet],
                             toolbar: true, backHref: base,
                             printAction: complete ? "\(base)/drucken?\(choice.query)" : nil,
                             pdfAction: complete ? "\(base)/pdf?\(choice.query)" : nil,
                             docxAction: complete ? "\(base)/docx?\(choice.query)" : nil, gaps: sheet.gaps,
                             pdfMissing: PDFRenderer.executable(req.application) == nil, csrf: req.csrfToken,
                             printed: (try? req.query.get(String.self, at: "ok")) == "printed")
        let view = try await req.view.render("Letters/print", PrintContext(page: page))
        let response = try await view.encodeResponse(for: req)
        response.headers.contentType = .html
        if !sheet.gaps.isEmpty { response.status = .unprocessableEntity }
        return response
    }

    /// The letter as HTML for WeasyPrint: no toolbar, stylesheet given on the command line.
    static func pdfHTML(_ sheets: [LetterSheet], lang: String, title: String, req: Request) async throws -> String {
        let page = PrintPage(title: title, lang: lang, sheets: sheets, toolbar: false, backHref: "", printAction: nil, pdfAction: nil,
                             docxAction: nil, gaps: [], pdfMissing: false, csrf: "", printed: false)
        let view = try await req.view.render("Letters/print", PrintContext(page: page))
        return String(buffer: view.data)
    }

    /// «Drucken»: records the letter as printed, then shows the print view again for Ctrl+P.
    static func recordPrint(_ req: Request) async throws -> Response {
        let letter = try await requested(req)
        let (person, choice, sheet) = (letter.person, letter.choice, letter.sheet)
        try refuseGaps(sheet, req: req)
        try await record(choice, person: person, format: "print", version: letter.version, req: req)
        return req.redirect(to: "/personen/\(person.id!.uuidString)/briefe/ansicht?\(choice.query)&ok=printed", redirectType: .normal)
    }

    /// The letter a request asks for: the scoped person, the choice in the query, the filled sheet
    /// and the version of the text it was made from.
    struct Requested {
        let person: Person
        let choice: Choice
        let sheet: LetterSheet
        let version: Int
    }

    static func requested(_ req: Request) async throws -> Requested {
        let person = try await req.scopedPerson(try req.idParameter("personID"))
        let choice = try Choice(req, person: person)
        let templates = try await currentTemplates(on: req.db)
        let subject = try await subject(for: person, appointmentID: choice.appointmentID, req: req)
        return Requested(person: person, choice: choice, sheet: try sheet(choice, subject: subject, templates: templates, req: req),
                         version: version(of: choice, in: templates))
    }

    static func refuseGaps(_ sheet: LetterSheet, req: Request) throws {
        guard sheet.gaps.isEmpty else { throw Abort(.unprocessableEntity, reason: "letters.gapsBlock") }
    }

    static func pdf(_ req: Request) async throws -> Response {
        let letter = try await requested(req)
        let (person, choice, sheet) = (letter.person, letter.choice, letter.sheet)
        try refuseGaps(sheet, req: req)
        let data = try await PDFRenderer.render(html: try await pdfHTML([sheet], lang: choice.language.rawValue, title: choice.kind.rawValue, req: req),
                                                app: req.application)
        try await record(choice, person: person, format: "pdf", version: letter.version, req: req)
        return download(data, type: "application/pdf", name: "\(choice.kind.rawValue)-\(choice.language.rawValue).pdf")
    }

    static func docx(_ req: Request) async throws -> Response {
        let letter = try await requested(req)
        let (person, choice, sheet) = (letter.person, letter.choice, letter.sheet)
        try refuseGaps(sheet, req: req)
        let data = try DocxWriter.make(sheet)
        try await record(choice, person: person, format: "docx", version: letter.version, req: req)
        return download(data, type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        name: "\(choice.kind.rawValue)-\(choice.language.rawValue).docx")
    }

    static func download(_ data: Data, type: String, name: String) -> Response {
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: type)
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name)\"")
        return response
    }

    // MARK: Batch

    struct BatchPage: Encodable {
        struct Candidate: Encodable { let value: String; let label: String; let detail: String; let checked: Bool }
        let kindOptions: [SelectOption]
        let month: String
        let candidates: [Candidate]
        let bilingual: Bool
        let errors: FieldMessages
        let pdfMissing: Bool
    }

    struct BatchInput: Content {
        var kind: String?
        var persons: [String]?
        var bilingual: String?
        var month: String?
    }

    static func batchForm(_ req: Request) async throws -> Response {
        try await renderBatch(req, input: BatchInput(kind: "invitation", persons: nil, bilingual: "on",
                                                     month: (try? req.query.get(String.self, at: "monat"))), errors: FieldMessages())
    }

    static func renderBatch(_ req: Request, input: BatchInput, errors: FieldMessages) async throws -> Response {
        let texts = req.texts
        let scope = try req.scope()
        let month = input.month.flatMap { $0.count == 7 ? $0 : nil } ?? String(CalendarDate(req.now).description.prefix(7))
        // Persons who moved in during the month, plus the ones already chosen.
        let chosen = input.persons ?? []
        var persons = try await scope.persons(on: req.db).filter(\.$moveInDate >= "\(month)-01").filter(\.$moveInDate <= "\(month)-31")
            .sort(\.$familyName).sort(\.$givenName).limit(500).all()
        let missing = chosen.compactMap(UUID.init(uuidString:)).filter { id in !persons.contains { $0.id == id } }
        if !missing.isEmpty { persons += try await scope.persons(on: req.db).filter(\.$id ~~ missing).all() }
        let languages = req.application.languages
        let page = BatchPage(
            kindOptions: [LetterKind.invitation, .welcome].map { SelectOption(value: $0.rawValue, label: texts.text("letters.kind.\($0.rawValue)"), selected: $0.rawValue == input.kind) },
            month: month,
            candidates: persons.map { person in
                let language = LetterLanguage.forMotherTongue(person.motherTongue) ?? .de
                return BatchPage.Candidate(value: person.id!.uuidString, label: "\(person.familyName), \(person.givenName)",
                                           detail: "\(person.motherTongue.map(languages.name) ?? "–") → \(language.rawValue)",
                                           checked: chosen.contains(person.id!.uuidString))
            },
            bilingual: input.bilingual != nil, errors: errors, pdfMissing: PDFRenderer.executable(req.application) == nil)
        if !persons.isEmpty {
            try await req.audit(.personListed, recordType: "person", detail: "Serienbriefe: \(persons.count) Personen zur Auswahl")
        }
        let response = try await req.renderPage("Letters/batch", title: texts.text("letters.batchTitle"), body: page)
        if !errors.isEmpty { response.status = .unprocessableEntity }
        return response
    }

    /// One PDF holds at most this many letters (a month's arrivals of the largest municipality fit).
    static let batchLimit = 500

    static func batchPDF(_ req: Request) async throws -> Response {
        let input = try req.content.decode(BatchInput.self)
        let texts = req.texts
        var errors = FieldMessages()
        let kind = LetterKind(rawValue: input.kind ?? "")
        if kind == nil || !(kind!.isMultilingual) { errors.add("kind", texts.text("form.chooseOne")) }
        let ids = (input.persons ?? []).compactMap(UUID.init(uuidString:))
        if ids.isEmpty { errors.add("persons", texts.text("letters.batchNone")) }
        if ids.count > batchLimit { errors.add("persons", texts.text("letters.batchTooMany", ["max": String(batchLimit)])) }
        let found = ids.isEmpty || ids.count > batchLimit ? [] : try await req.scope().persons(on: req.db).filter(\.$id ~~ ids).all()
        if found.count != ids.count, ids.count <= batchLimit {
            errors.add("persons", texts.text("form.chooseOne"))
            try await req.audit(.recordNotFound, recordType: "person", detail: "Serienbriefe: \(ids.count - found.count) Personen ausserhalb der Berechtigung")
        }
        guard errors.isEmpty, let kind else { return try await renderBatch(req, input: input, errors: errors) }
        let templates = try await currentTemplates(on: req.db)
        var sheets: [LetterSheet] = []
        var choices: [(Person, Choice)] = []
        var withGaps: [String] = []
        // In the order the persons were chosen.
        for id in ids {
            guard let person = found.first(where: { $0.id == id }) else { continue }
            let language = LetterLanguage.forMotherTongue(person.motherTongue) ?? .de
            let usable = templates.contains { $0.kind == kind && $0.language == language } ? language : .de
            let choice = try Choice(kind: kind, language: usable, bilingual: input.bilingual != nil, appointmentID: nil)
            let sheet = try sheet(choice, subject: try await subject(for: person, appointmentID: nil, req: req), templates: templates, req: req)
            if !sheet.gaps.isEmpty { withGaps.append("\(person.givenName) \(person.familyName): \(sheet.gaps.joined(separator: ", "))") }
            sheets.append(sheet)
            choices.append((person, choice))
        }
        guard withGaps.isEmpty else {
            errors.add("persons", texts.text("letters.batchGaps", ["list": withGaps.joined(separator: "; ")]))
            return try await renderBatch(req, input: input, errors: errors)
        }
        let data = try await PDFRenderer.render(html: try await pdfHTML(sheets, lang: "de", title: kind.rawValue, req: req), app: req.application)
        for (person, choice) in choices { try await record(choice, person: person, format: "pdf-serie", version: version(of: choice, in: templates), req: req) }
        return download(data, type: "application/pdf", name: "\(kind.rawValue)-serie.pdf")
    }
}

extension LettersFeature.Choice {
    init(kind: LetterKind, language: LetterLanguage, bilingual: Bool, appointmentID: UUID?) throws {
        self.kind = kind; self.language = language; self.bilingual = bilingual; self.appointmentID = appointmentID
    }
}
