import Domain
import Fluent
import Foundation
import Persistence
import Platform
import Vapor

/// The deficit report to MISA (Meldeformular): prepared from the case, checked on one page
/// ("check your answers"), sent by the IB. Sending needs a recorded integration conversation the
/// person signed or refused to sign (or a recorded refusal to cooperate). After sending the report is
/// read-only; a correction is a new report that references the one it corrects.
enum ReportRoutes {
    struct SendInput: Decodable, Sendable {
        var deficit: String?
    }

    /// What the report will carry, taken from the case as it stands.
    struct Draft: Sendable {
        let personName: String
        let birthDate: CalendarDate
        let nationality: String
        let nationalityName: String
        let permit: ResidencePermit?
        let entryDate: CalendarDate?
        let address: String
        let municipalityName: String
        let criteria: [(IntegrationCriterion, String?)]
        let measures: [String]
        let outcome: String
        let conversationOn: CalendarDate?
        let personSignature: SignatureState?
        let problems: [ReportRules.Problem]
        let corrects: UUID?
    }

    /// The person's whole record (the case page reads only its name): the report carries entry date and address.
    static func person(of loaded: CaseRoutes.Loaded, req: Request) async throws -> Person {
        guard let person = try await req.scope().find(Person.self, loaded.person.id, on: req.db) else { throw AppError.notFound }
        return person
    }

    static func draft(_ loaded: CaseRoutes.Loaded, person: Person, req: Request) async throws -> Draft {
        let t = req.texts
        let item = loaded.fordernCase
        let household = try await req.scope().households(on: req.db).filter(\.$id == person.$household.id).fetchFirst()
        let municipality = try await MunicipalityNames.names([person.$municipality.id], on: req.db)[person.$municipality.id] ?? ""
        let criteria = IntegrationCriterion.allCases.compactMap { criterion -> (IntegrationCriterion, String?)? in
            guard let entry = item.criteria?[criterion], entry.concerned else { return nil }
            return (criterion, entry.note)
        }
        let measures = loaded.measures.map { "\($0.title): \(t.label("measure.status", $0.status)) (\(t("measures.until", ["date": $0.dueOn.swissFormat])))" }
        var outcome = item.reviewOutcome.map { t.label("review.outcome", $0) } ?? ""
        if let note = item.reviewNote { outcome += outcome.isEmpty ? note : ": \(note)" }
        if item.refusedCooperation { outcome += (outcome.isEmpty ? "" : "\n") + t("cases.refused") + (item.refusalNote.map { ": \($0)" } ?? "") }
        // A refusal to cooperate counts as the person's refusal to sign.
        let signature: SignatureState? = item.refusedCooperation && loaded.personSignature != .signed ? .refused : loaded.personSignature
        let problems = ReportRules.problems(conversationRecorded: loaded.conversation != nil || item.refusedCooperation,
                                            personSignature: signature, criteriaConcerned: criteria.count)
        return Draft(personName: person.name.full, birthDate: person.birthDate, nationality: person.nationality,
                     nationalityName: req.reference.countries.name(person.nationality), permit: person.permit, entryDate: person.entryDate,
                     address: household?.addressLine ?? "", municipalityName: municipality, criteria: criteria, measures: measures,
                     outcome: outcome, conversationOn: loaded.conversation?.heldOn ?? (item.refusedCooperation ? item.reviewOn ?? item.triggeredOn : nil),
                     personSignature: signature, problems: problems, corrects: loaded.reports.last { $0.status != .draft }?.id)
    }

    /// The check-your-answers page before sending.
    static func prepare(_ req: Request) async throws -> Response {
        let fordernCase = try await CaseRoutes.loadCase(req)
        guard fordernCase.closedOn == nil else { throw AppError.readOnly }
        let loaded = try await CaseRoutes.load(req, fordernCase)
        let draft = try await draft(loaded, person: try await person(of: loaded, req: req), req: req)
        try await req.audit(.personRead, .person(loaded.person.id), detail: "Meldung an MISA vorbereiten")
        return req.render(ReportCheckView(loaded: loaded, draft: draft, input: SendInput(deficit: loaded.reports.last?.deficit),
                                          errors: FieldMessages()).page(req.viewContext))
    }

    static func send(_ req: Request) async throws -> Response {
        let fordernCase = try await CaseRoutes.loadCase(req)
        guard fordernCase.closedOn == nil else { throw AppError.readOnly }
        let loaded = try await CaseRoutes.load(req, fordernCase)
        let person = try await person(of: loaded, req: req)
        let draft = try await draft(loaded, person: person, req: req)
        let input = try req.form(SendInput.self)
        let t = req.texts
        var errors = FieldMessages()
        for problem in draft.problems { errors.add(problem == .noCriterion ? "criteria" : "conversation", t("reports.problem.\(problem.rawValue)")) }
        let deficit = errors.text("deficit", input.deficit, max: 4000, required: true, multiline: true, texts: t)
        guard errors.isEmpty, let conversationOn = draft.conversationOn, let signature = draft.personSignature else {
            var page = ReportCheckView(loaded: loaded, draft: draft, input: input, errors: errors).page(req.viewContext)
            page.status = .unprocessableEntity
            return req.render(page)
        }
        let attachment: Data?
        if let conversationID = loaded.conversation?.id, let forms = req.application.conversationForms {
            attachment = try await forms.pdf(req, person: person, conversationID: conversationID)
        } else {
            attachment = nil
        }
        let report = DeficitReport()
        report.id = UUID()
        report.$fordernCase.id = fordernCase.id!
        report.$municipality.id = fordernCase.$municipality.id
        report.municipalityName = draft.municipalityName
        report.correctsReportID = draft.corrects
        report.personName = draft.personName
        report.birthDate = draft.birthDate
        report.nationality = draft.nationality
        report.permit = draft.permit
        report.entryDate = draft.entryDate
        report.address = draft.address
        report.criteriaText = draft.criteria.map { criterion, note in
            t.label("criterion", criterion) + (note.map { ": \($0)" } ?? "")
        }.joined(separator: "\n")
        report.deficit = deficit
        report.measures = draft.measures.joined(separator: "\n")
        report.outcome = draft.outcome
        report.conversationOn = conversationOn
        report.personSignature = signature
        report.attachment = attachment
        report.status = .sent
        report.sentOn = req.today
        report.sentByUserID = try req.requireUser().userID
        let reportID = report.id!
        let today = req.today
        return try await req.storeOnce { tx in
            try await report.create(on: tx)
            if fordernCase.reportedOn == nil { fordernCase.reportedOn = today }
            fordernCase.refreshStep()
            try await fordernCase.update(on: tx)
            try await req.audit(.reportSent, .deficitReport(reportID),
                                detail: draft.corrects == nil ? "Meldung gesendet" : "Korrektur zu \(draft.corrects!.uuidString) gesendet", in: tx)
            return Link.afterSave(.fordernCase(.value(fordernCase.id!)), flash: "reportSent")
        }
    }

    /// The report's PDF (the signed conversation form as sent) for the municipality.
    static func formPDF(_ req: Request) async throws -> Response {
        let id = try req.idParameter("reportID")
        let report = try await req.scoped(DeficitReport.self, id, record: .deficitReport(id))
        guard let data = report.attachment else { throw AppError.notFound }
        try await req.audit(.reportRead, .deficitReport(id), detail: "Beilage geöffnet")
        return download(data, type: "application/pdf", name: "integrationsgespraech.pdf")
    }

    struct AnswerInput: Decodable, Sendable { var answer: String? }

    static func answer(_ req: Request) async throws -> Response {
        let id = try req.idParameter("questionID")
        let question = try await req.scoped(ReportQuestion.self, id, record: .deficitReport(id))
        let report = try await req.scoped(DeficitReport.self, question.$report.id, record: .deficitReport(question.$report.id))
        guard question.answer == nil else { throw AppError.readOnly }
        var errors = FieldMessages()
        let answer = errors.text("answer-\(id.uuidString)", try req.form(AnswerInput.self).answer, max: 2000, required: true, multiline: true, texts: req.texts)
        guard errors.isEmpty else {
            let fordernCase = try await req.scoped(FordernCase.self, report.$fordernCase.id, record: .fordernCase(report.$fordernCase.id))
            return try await CaseRoutes.invalid(req, fordernCase, form: .report(SendInput(), errors))
        }
        question.answer = answer
        question.answeredOn = req.today
        question.answeredByUserID = try req.requireUser().userID
        try await req.db.writeTransaction { tx in
            try await question.update(on: tx)
            try await req.audit(.reportQuestionAnswered, .deficitReport(report.id!), detail: "Rückfrage beantwortet", in: tx)
        }
        return req.redirect(to: .fordernCase(.value(report.$fordernCase.id)))
    }

    static func decisionSeen(_ req: Request) async throws -> Response {
        let id = try req.idParameter("reportID")
        let report = try await req.scoped(DeficitReport.self, id, record: .deficitReport(id))
        guard report.decision != nil, report.decisionSeenOn == nil else { throw AppError.badRequest }
        report.decisionSeenOn = req.today
        try await req.db.writeTransaction { tx in
            try await report.update(on: tx)
            try await req.audit(.reportDecisionSeen, .deficitReport(id), detail: report.decision!.rawValue, in: tx)
        }
        return req.redirect(to: .fordernCase(.value(report.$fordernCase.id)))
    }
}

struct ReportCheckView {
    let loaded: CaseRoutes.Loaded
    let draft: ReportRoutes.Draft
    let input: ReportRoutes.SendInput
    let errors: FieldMessages

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let item = loaded.fordernCase
        return WebPage(title: t("reports.checkTitle"), hasErrors: !errors.isEmpty) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.fordernCase(.value(item.id!))))) { t("cases.title.one") } }
            h1 { draft.corrects == nil ? t("reports.checkTitle") : t("reports.correctionTitle") }
            paragraph { t("reports.checkIntro") }
            if draft.corrects != nil { paragraph(.class("callout")) { t("reports.correctionIntro") } }
            errorSummary(t("form.hasErrors"), errors.order.map { ($0, errors[$0]!) })
            if !draft.problems.isEmpty {
                div(.class("alert warning"), .id("conversation")) {
                    paragraph { strong { t("reports.cannotSend") } }
                    ul { for problem in draft.problems { li { t("reports.problem.\(problem.rawValue)") } } }
                }
            }
            dl(.class("summary-list")) {
                dt { t("reports.municipality") }; dd { draft.municipalityName }
                dt { t("reports.person") }; dd { draft.personName }
                dt { t("persons.field.birthDate") }; dd { draft.birthDate.swissFormat }
                dt { t("persons.field.nationality") }; dd { draft.nationalityName }
                dt { t("persons.field.permit") }; dd { draft.permit.map { t.label("permit", $0) } ?? "–" }
                dt { t("persons.field.entryDate") }; dd { Format.date(draft.entryDate) }
                dt { t("reports.address") }; dd { draft.address }
                dt(.id("criteria")) { t("reports.criteria") }
                dd {
                    if draft.criteria.isEmpty { "–" }
                    ul { for (criterion, note) in draft.criteria { li { t.label("criterion", criterion) + (note.map { ": \($0)" } ?? "") } } }
                }
                dt { t("reports.measures") }; dd { if draft.measures.isEmpty { "–" }; ul { for line in draft.measures { li { line } } } }
                dt { t("reports.outcome") }; dd(.class("multiline")) { Format.value(draft.outcome) }
                dt { t("reports.conversationOn") }; dd { Format.date(draft.conversationOn) }
                dt { t("cases.personSignature") }; dd { draft.personSignature.map { t.label("signature", $0) } ?? "–" }
                dt { t("reports.attachment") }; dd { loaded.conversation == nil ? "–" : t("reports.attachmentName") }
            }
            postForm(Link(.caseReport(.value(item.id!))), csrf: c.csrf, .class("form")) {
                textAreaField(FieldSpec(id: "deficit", label: t("reports.deficit"), hint: t("reports.deficitHint"), error: errors["deficit"], required: true),
                              value: input.deficit ?? "", rows: 5, maxLength: 4000)
                div(.class("actions")) {
                    button(.type(.submit), .class("button primary")) { t("reports.send") }
                    anchor(.class("button"), .href(Link(.fordernCase(.value(item.id!))))) { t("form.cancel") }
                }
            }
        }
    }
}
