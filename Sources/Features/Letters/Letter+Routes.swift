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
        /// The integration conversation a form is filled from; the Fordern case a summons or report is made for.
        var conversationID: UUID? = nil
        var caseID: UUID? = nil

        var query: [(String, String)] {
            LetterQuery.items(kind: kind, language: language, bilingual: bilingual, appointment: appointmentID)
                + (conversationID.map { [(LetterQuery.conversation, $0.uuidString)] } ?? [])
                + (caseID.map { [(LetterQuery.fordernCase, $0.uuidString)] } ?? [])
        }
    }

    static func choice(_ req: Request, person: Person) throws -> Choice {
        guard let kind = LetterKind(rawValue: (try? req.query.get(String.self, at: LetterQuery.kind)) ?? "") else { throw AppError.badRequest }
        if kind.isCaseWork, !(try req.requireUser().has(.workOnCases)) { throw AppError.forbidden }
        return Choice(kind: kind,
                      language: LetterLanguage(rawValue: (try? req.query.get(String.self, at: LetterQuery.language)) ?? "")
                        ?? LetterLanguage.forMotherTongue(person.motherTongue) ?? .de,
                      bilingual: (try? req.query.get(String.self, at: LetterQuery.bilingual)) == "on",
                      appointmentID: (try? req.query.get(String.self, at: LetterQuery.appointment)).flatMap(UUID.init(uuidString:)),
                      conversationID: (try? req.query.get(String.self, at: LetterQuery.conversation)).flatMap(UUID.init(uuidString:)),
                      caseID: (try? req.query.get(String.self, at: LetterQuery.fordernCase)).flatMap(UUID.init(uuidString:)))
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
                                                    scope: try req.scope(), today: req.today, on: req.db)
        } catch AppError.notFound {
            try await req.audit(.recordNotFound, choice.appointmentID.map { .appointment($0) } ?? .page,
                                detail: "Brief: Termin gehört nicht zur Person")
            throw AppError.notFound
        }
        guard var subject = subjects[person.id!] else { throw AppError.notFound }
        subject = try await CaseWorkFacts.fill(subject, choice: choice, req: req)
        guard let sheet = LetterComposer.sheet(kind: choice.kind, language: choice.language, bilingual: choice.bilingual,
                                               subject: subject, templates: templates, today: req.today, texts: req.texts,
                                               reference: req.reference) else { throw AppError.notFound }
        // What is recorded is what was made: German when the chosen language has no text.
        let made = Choice(kind: choice.kind, language: sheet.fallbackFrom == nil ? choice.language : .de,
                          bilingual: choice.bilingual && sheet.fallbackFrom == nil, appointmentID: subject.appointment?.id ?? choice.appointmentID,
                          conversationID: choice.conversationID, caseID: choice.caseID)
        let version = templates.first { $0.kind == made.kind && $0.language == made.language }?.version ?? 0
        return Requested(person: person, choice: made, sheet: sheet, version: version)
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
                                                 printed: (try? req.query.get(String.self, at: "ok")) == "printed",
                                                 back: try letterBack(req, letter)))
        return req.renderDocument(view.render(req.texts), status: gaps.isEmpty ? .ok : .unprocessableEntity)
    }

    /// Back to where the letter was made: the appointment for the officer, else the person's letters.
    static func letterBack(_ req: Request, _ letter: Requested) throws -> Link {
        if let appointment = letter.choice.appointmentID, try req.requireUser().has(.workOnCases) { return Link(.appointment(.value(appointment))) }
        return Link(.personLetters(.value(letter.person.id!)))
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

    /// An appointment can hold several households: its invitation is done once each of them has its letter.
    static func everyHouseholdInvited(_ appointmentID: UUID, invitedNow: [UUID], scope: AccessScope, on db: any Database) async throws -> Bool {
        let (participants, earlier) = try await ReadBatch.together(on: db,
            { try await scope.records(AppointmentParticipant.self, on: db).filter(\.$appointment.$id, equals: appointmentID).fetch() },
            { try await scope.records(GeneratedLetter.self, on: db).filter(\.$appointmentID, equals: appointmentID)
                .filter(\.$kind, equals: LetterKind.invitation).fetch() })
        let ids = Set(participants.map(\.$person.id)).union(invitedNow).union(earlier.map(\.$person.id))
        let household = Dictionary(uniqueKeysWithValues: try await scope.query(Person.self, ids: Array(ids), on: db).all()
            .map { ($0.id!, $0.$household.id) })
        let invited = Set(participants.compactMap { household[$0.$person.id] })
        let written = Set((invitedNow + earlier.map(\.$person.id)).compactMap { household[$0] })
        return invited.isSubset(of: written)
    }

    /// Each letter made goes to the person's timeline and the audit trail, in the given transaction;
    /// an invitation or interpreter order ticks its appointment's checklist.
    static func recordAll(_ letters: [(Person, Choice, Int)], format: LetterFormat, req: Request, on tx: any Database) async throws {
        let userID = try req.requireUser().userID
        let scope = try req.scope()
        for appointmentID in Set(letters.compactMap(\.1.appointmentID)) {
            let kinds = Set(letters.filter { $0.1.appointmentID == appointmentID }.map(\.1.kind))
            guard kinds.contains(.invitation) || kinds.contains(.interpreterOrder),
                  let appointment = try await scope.find(Appointment.self, appointmentID, on: tx), appointment.status == .planned else { continue }
            if kinds.contains(.invitation) {
                let invitedNow = letters.filter { $0.1.appointmentID == appointmentID && $0.1.kind == .invitation }.compactMap(\.0.id)
                // Ticks, never unticks: the officer may have ticked it by hand (invited by telephone).
                if try await everyHouseholdInvited(appointmentID, invitedNow: invitedNow, scope: scope, on: tx) {
                    appointment.checklistInvitation = true
                }
            }
            if kinds.contains(.interpreterOrder) { appointment.checklistInterpreter = true }
            try await appointment.update(on: tx)
        }
        for (person, choice, version) in letters {
            let letter = GeneratedLetter()
            letter.$person.id = try person.requireID()
            letter.$municipality.id = person.$municipality.id
            letter.kind = choice.kind
            letter.language = choice.language
            letter.bilingual = choice.bilingual
            letter.format = format
            letter.templateVersion = version
            letter.appointmentID = choice.appointmentID
            letter.$generatedBy.id = userID
            try await letter.create(on: tx)
            try await req.audit(.letterGenerated, .person(person.id!),
                                detail: "\(choice.kind.rawValue) \(choice.language.rawValue) \(format.rawValue)", in: tx)
        }
    }

    static func download(_ data: Data, type: String, name: String) -> Response {
        Platform.download(data, type: type, name: name)
    }
}

/// Letters on the person's timeline: one entry per letter (its print, PDF and DOCX of the same day
/// together), with the formats in German and a link that opens it again.
struct LetterTimeline: TimelineSource {
    func entries(_ request: TimelineRequest) async throws -> [TimelineEntry] {
        let t = request.texts
        let letters = try await request.scope.records(GeneratedLetter.self, on: request.database)
            .filter(\.$person.$id, equals: request.person.id!).sort(\.$generatedAt).fetch()
        struct Key: Hashable {
            let day: CalendarDate
            let kind: LetterKind
            let language: LetterLanguage
            let bilingual: Bool
            let appointment: UUID?
        }
        var order: [Key] = []
        var formats: [Key: [LetterFormat]] = [:]
        for letter in letters {
            let key = Key(day: CalendarDate(letter.generatedAt ?? .distantPast), kind: letter.kind, language: letter.language,
                          bilingual: letter.bilingual, appointment: letter.appointmentID)
            if formats[key] == nil { order.append(key) }
            if !(formats[key]?.contains(letter.format) ?? false) { formats[key, default: []].append(letter.format) }
        }
        let mayOpen = request.user.has(.editPersons)
        return order.map { key in
            let mayOpenThis = mayOpen && (!key.kind.isCaseWork || request.user.has(.workOnCases))
            let language = key.bilingual && key.language != .de ? "\(key.language.germanName) und Deutsch" : key.language.germanName
            return TimelineEntry(date: key.day, sortKey: "23:59",
                                 title: t("timeline.letter", ["kind": t.label("letters.kind", key.kind), "language": language]),
                                 lines: [(formats[key] ?? []).map { t.label("letters.format", $0) }.joined(separator: ", ")],
                                 link: mayOpenThis ? .letter(person: request.person.id!, kind: key.kind, language: key.language,
                                                             bilingual: key.bilingual, appointment: key.appointment) : nil)
        }
    }
}
