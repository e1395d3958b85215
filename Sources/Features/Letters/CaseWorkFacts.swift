import Domain
import Fluent
import Foundation
import Persistence
import Platform
import Vapor

/// The facts of the case work a form or summons is made from: a recorded integration conversation
/// fills the conversation form; a Fordern case's planned conversation fills the summons, its report
/// the MISA form. Each is read through the user's scope and must belong to the person (else 404).
enum CaseWorkFacts {
    static func fill(_ subject: LetterSubject, choice: LetterRoutes.Choice, req: Request) async throws -> LetterSubject {
        var subject = subject
        let scope = try req.scope()
        let personID = subject.person.id!
        if let conversationID = choice.conversationID {
            subject.formFacts = try await conversation(conversationID, personID: personID, scope: scope, req: req)
        }
        if let caseID = choice.caseID {
            guard let found = try await scope.find(FordernCase.self, caseID, on: req.db), found.$person.id == personID else {
                try await req.audit(.recordNotFound, .fordernCase(caseID), detail: "Brief: Fall gehört nicht zur Person")
                throw AppError.notFound
            }
            if choice.kind == .summons, let date = found.conversationPlannedOn {
                // The summons names the planned conversation of the case (no appointment of Informieren).
                let planned = Appointment()
                planned.date = date
                planned.time = found.conversationTime ?? ""
                planned.place = found.conversationPlace ?? ""
                planned.interpreterNeeded = found.interpreterLanguage != nil
                planned.interpreterLanguage = found.interpreterLanguage
                subject = LetterSubject(person: subject.person, household: subject.household, members: subject.members, appointment: planned,
                                        appointmentParticipants: [subject.person], municipality: subject.municipality, officer: subject.officer,
                                        letterhead: subject.letterhead, letterheadOf: subject.letterheadOf, addressees: [subject.person],
                                        formFacts: subject.formFacts)
            }
            if choice.kind == .misaReport {
                subject.formFacts = try await report(found, scope: scope, req: req)
            }
        }
        return subject
    }

    static func conversation(_ id: UUID, personID: UUID, scope: AccessScope, req: Request) async throws -> [String: String] {
        let t = req.texts
        guard let conversation = try await scope.find(IntegrationConversation.self, id, on: req.db) else {
            try await req.audit(.recordNotFound, .integrationConversation(id), detail: "Formular: Gespräch nicht gefunden")
            throw AppError.notFound
        }
        let participants = try await scope.records(IntegrationParticipant.self, on: req.db).filter(\.$conversation.$id, equals: id).fetch()
        guard participants.contains(where: { $0.$person.id == personID }) else { throw AppError.notFound }
        let persons = try await scope.records(Person.self, on: req.db).filter(\.$id, in: participants.map(\.$person.id)).sort(\.$birthDate).fetch()
        let measures = try await scope.records(Measure.self, on: req.db).filter(\.$conversationID, equals: id).sort(\.$dueOn).fetch()
        let goals = try await scope.records(Goal.self, on: req.db).filter(\.$conversationID, equals: id).fetch()
        let measureLines = goals.map { "\(t("goals.goal")): \($0.text)" } + measures.map { measure in
            "\(measure.title) – \(t.label("measure.responsible", measure.responsible)), \(t("measures.until", ["date": measure.dueOn.swissFormat]))"
                + (measure.costNote.map { " (\($0))" } ?? "")
        }
        let interpreter = conversation.interpreterPresent
            ? [conversation.interpreterLanguage.map(req.reference.languages.name), conversation.interpreterChannel.map { t.label("interpreter.channel", $0) }]
                .compactMap { $0 }.joined(separator: ", ")
            : t("conversations.noInterpreter")
        return [
            "need": conversation.need,
            "measures": measureLines.joined(separator: "\n"),
            "remarks": conversation.remarks ?? "",
            "participants": persons.map(\.name.full).joined(separator: ", "),
            "interpreter": interpreter,
            "conversationDate": "\(conversation.place), \(conversation.heldOn.swissFormat)",
            "reviewDate": conversation.reviewOn.swissFormat,
        ]
    }

    /// The MISA form of a case: the latest report's snapshot when there is one, else the case as it stands.
    static func report(_ fordernCase: FordernCase, scope: AccessScope, req: Request) async throws -> [String: String] {
        guard let report = try await scope.deficitReports(on: req.db).filter(\.$fordernCase.$id == fordernCase.id!)
            .sort(\.$createdAt, .descending).first() else { return [:] }
        return ["criteria": report.criteriaText + (report.deficit.isEmpty ? "" : "\n\(report.deficit)"), "measures": report.measures,
                "outcome": report.outcome, "conversationDate": report.conversationOn.swissFormat,
                "attachments": report.attachment == nil ? "" : req.texts("reports.attachmentName")]
    }
}

/// The signed conversation form as a PDF, for the deficit report's attachment (Fordern asks through Platform).
struct ConversationFormPDF: ConversationFormRenderer {
    func pdf(_ req: Request, person: Person, conversationID: UUID) async throws -> Data? {
        guard req.appEnvironment.pdf.isAvailable else { return nil }
        let templates = try await LetterRoutes.currentTemplates(on: req.db)
        let scope = try req.scope()
        guard var subject = try await LetterSubject.load([person], officerID: try req.requireUser().userID, scope: scope, today: req.today,
                                                         on: req.db)[person.id!] else { return nil }
        subject.formFacts = try await CaseWorkFacts.conversation(conversationID, personID: person.id!, scope: scope, req: req)
        guard let sheet = LetterComposer.sheet(kind: .integrationConversationForm, language: .de, bilingual: false, subject: subject,
                                               templates: templates, today: req.today, texts: req.texts, reference: req.reference) else { return nil }
        let html = Node.doctype + LetterDocument(title: LetterKind.integrationConversationForm.rawValue, sheets: [sheet], toolbar: nil)
            .render(req.texts).render()
        return try await req.appEnvironment.pdf.render(html: html, stylesheet: req.application.directory.publicDirectory + "css/letter.css")
    }
}
