import Domain
import Fluent
import Foundation
import Persistence
import Platform
import Vapor

/// One letter for one person: choose it, view it as A4, record it printed, or download PDF or DOCX.
enum LetterRoutes {
    /// What was asked for: in the query (kind, language, appointment id), never personal data.
    struct Choice: Sendable {
        let kind: LetterKind
        let language: LetterLanguage
        let bilingual: Bool
        let appointmentID: UUID?

        var query: [(String, String)] {
            [("art", kind.rawValue), ("sprache", language.rawValue)] + (bilingual ? [("zweisprachig", "on")] : [])
                + (appointmentID.map { [("termin", $0.uuidString)] } ?? [])
        }
    }

    static func choice(_ req: Request, person: Person) throws -> Choice {
        guard let kind = LetterKind(rawValue: (try? req.query.get(String.self, at: "art")) ?? "") else { throw AppError.badRequest }
        if kind.isCaseWork, !(try req.requireUser().has(.workOnCases)) { throw AppError.forbidden }
        return Choice(kind: kind,
                      language: LetterLanguage(rawValue: (try? req.query.get(String.self, at: "sprache")) ?? "")
                        ?? LetterLanguage.forMotherTongue(person.motherTongue) ?? .de,
                      bilingual: (try? req.query.get(String.self, at: "zweisprachig")) == "on",
                      appointmentID: (try? req.query.get(String.self, at: "termin")).flatMap(UUID.init(uuidString:)))
    }

    static func currentTemplates(on db: any Database) async throws -> [LetterTemplate] {
        try await LetterTemplate.query(on: db).filter(\.$isCurrent == true).all()
    }

    static func chooser(_ req: Request) async throws -> Response {
        let person = try await req.scopedPerson(try req.idParameter("personID"))
        let templates = try await currentTemplates(on: req.db)
        let appointments = try await req.scope().query(AppointmentParticipant.self, on: req.db).filter(\.$person.$id == person.id!)
            .with(\.$appointment).all().map(\.appointment).filter { $0.status != .cancelled }.sorted { $0.date > $1.date }
        try await req.audit(.personRead, .person(person.id!), detail: "Brief auswählen")
        return req.render(LetterChooserView(person: person, templates: templates, appointments: appointments).page(req.viewContext))
    }

    /// The letter a request asks for: the scoped person, the choice in the query, the filled sheet
    /// and the version of the text it was made from.
    struct Requested: Sendable {
        let person: Person
        let choice: Choice
        let sheet: LetterSheet
        let version: Int
    }

    static func requested(_ req: Request) async throws -> Requested {
        let person = try await req.scopedPerson(try req.idParameter("personID"))
        let choice = try choice(req, person: person)
        let templates = try await currentTemplates(on: req.db)
        let subjects: [UUID: LetterSubject]
        do {
            subjects = try await LetterSubject.load([person], appointmentID: choice.appointmentID, officerID: try req.requireUser().userID,
                                                    scope: try req.scope(), on: req.db)
        } catch AppError.notFound {
            try await req.audit(.recordNotFound, choice.appointmentID.map { .appointment($0) } ?? .page,
                                detail: "Brief: Termin gehört nicht zur Person")
            throw AppError.notFound
        }
        guard let subject = subjects[person.id!],
              let sheet = LetterComposer.sheet(kind: choice.kind, language: choice.language, bilingual: choice.bilingual,
                                               subject: subject, templates: templates, today: req.today, texts: req.texts,
                                               reference: req.reference) else { throw AppError.notFound }
        let version = templates.first { $0.kind == choice.kind && $0.language == choice.language }?.version ?? 0
        return Requested(person: person, choice: choice, sheet: sheet, version: version)
    }

    static func printView(_ req: Request) async throws -> Response {
        let letter = try await requested(req)
        let choice = letter.choice
        let gaps = letter.sheet.gaps
        try await req.audit(.personRead, .person(letter.person.id!),
                            detail: "Brief ansehen: \(choice.kind.rawValue) \(choice.language.rawValue)\(gaps.isEmpty ? "" : ", mit Lücken")")
        let view = LetterDocument(title: req.texts.label("letters.kind", choice.kind), sheets: [letter.sheet],
                                  toolbar: .init(person: letter.person.id!, choice: choice, csrf: req.csrfToken,
                                                 pdfAvailable: req.appEnvironment.pdf.isAvailable,
                                                 printed: (try? req.query.get(String.self, at: "ok")) == "printed"))
        return req.renderDocument(view.render(req.texts), status: gaps.isEmpty ? .ok : .unprocessableEntity)
    }

    /// «Als gedruckt vermerken»: records the letter as printed, then shows the print view again for Ctrl+P.
    static func recordPrint(_ req: Request) async throws -> Response {
        let letter = try await requested(req)
        try refuseGaps(letter.sheet)
        return try await req.storeOnce { tx in
            try await recordAll([(letter.person, letter.choice, letter.version)], format: .print, req: req, on: tx)
            return Link.afterSave(.personLetterView(.value(letter.person.id!)), flash: "printed", query: letter.choice.query)
        }
    }

    static func pdf(_ req: Request) async throws -> Response {
        let letter = try await requested(req)
        try refuseGaps(letter.sheet)
        let html = Node.doctype + LetterDocument(title: letter.choice.kind.rawValue, sheets: [letter.sheet], toolbar: nil).render(req.texts).render()
        let data = try await req.appEnvironment.pdf.render(html: html, stylesheet: req.application.directory.publicDirectory + "css/letter.css")
        try await recordOnce(letter, format: .pdf, req: req)
        return download(data, type: "application/pdf", name: "\(letter.choice.kind.rawValue)-\(letter.choice.language.rawValue).pdf")
    }

    static func docx(_ req: Request) async throws -> Response {
        let letter = try await requested(req)
        try refuseGaps(letter.sheet)
        let data = try DocxWriter.make(letter.sheet)
        try await recordOnce(letter, format: .docx, req: req)
        return download(data, type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        name: "\(letter.choice.kind.rawValue)-\(letter.choice.language.rawValue).docx")
    }

    static func refuseGaps(_ sheet: LetterSheet) throws {
        guard sheet.gaps.isEmpty else { throw AppError.letterHasGaps }
    }

    /// A download records its letter once: a second click on the same button gets the document again,
    /// not a second entry on the timeline.
    static func recordOnce(_ letter: Requested, format: LetterFormat, req: Request) async throws {
        _ = try await req.submitOnce { tx in
            try await recordAll([(letter.person, letter.choice, letter.version)], format: format, req: req, on: tx)
            // No place to go: a second click makes the document again, without a second record.
            return (nil, ())
        }
    }

    /// Each letter made goes to the person's timeline and the audit trail, in the given transaction.
    static func recordAll(_ letters: [(Person, Choice, Int)], format: LetterFormat, req: Request, on tx: any Database) async throws {
        let userID = try req.requireUser().userID
        for (person, choice, version) in letters {
            let letter = GeneratedLetter()
            letter.$person.id = try person.requireID()
            letter.$municipality.id = person.$municipality.id
            letter.kind = choice.kind
            letter.language = choice.language
            letter.bilingual = choice.bilingual
            letter.format = format
            letter.templateVersion = version
            letter.$generatedBy.id = userID
            try await letter.create(on: tx)
            try await req.audit(.letterGenerated, .person(person.id!),
                                detail: "\(choice.kind.rawValue) \(choice.language.rawValue) \(format.rawValue)", in: tx)
        }
    }

    static func download(_ data: Data, type: String, name: String) -> Response {
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: type)
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name)\"")
        return response
    }
}

/// Letters on the person's timeline.
struct LetterTimeline: TimelineSource {
    func entries(_ request: TimelineRequest) async throws -> [TimelineEntry] {
        let t = request.texts
        return try await request.scope.query(GeneratedLetter.self, on: request.database).filter(\.$person.$id == request.person.id!).all()
            .map { letter in
                TimelineEntry(date: CalendarDate(letter.generatedAt ?? .distantPast), sortKey: "23:59",
                              title: t("timeline.letter", ["kind": t.label("letters.kind", letter.kind), "language": letter.language.rawValue]),
                              lines: [letter.format.rawValue.uppercased()], link: nil)
            }
    }
}
