import Domain
import Fluent
import Foundation
import Persistence
import Platform
import Vapor

/// MISA's inbox: only the deficit reports sent to it (the scope's `misaInbox` kind), never the case,
/// the household or any other person. MISA acknowledges receipt, asks the municipality, and records
/// its decision; the municipality sees status and outcome on the case and on its start page.
package struct MisaArea: Area {
    package init() {}

    package func registerRoutes(open: any RoutesBuilder, loggedIn: any RoutesBuilder) {
        let misa = loggedIn.requiring(.receiveDeficitReports)
        misa.get(.misaInbox, use: MisaRoutes.inbox)
        misa.get(.misaReport(.key), use: MisaRoutes.show)
        misa.get(.misaReportForm(.key), use: MisaRoutes.attachment)
        misa.post(.misaAcknowledge(.key), use: MisaRoutes.acknowledge)
        misa.post(.misaQuestion(.key), use: MisaRoutes.ask)
        misa.post(.misaDecision(.key), use: MisaRoutes.decide)
    }

    package var navigation: [NavigationEntry] {
        [NavigationEntry(textKey: "nav.misa", url: .misaInbox, permission: .receiveDeficitReports, order: 40)]
    }

    package var workLists: [any WorkListSource] { [MisaCounts()] }
}

struct MisaCounts: WorkListSource {
    func workLists(_ request: WorkListRequest) -> [WorkListDeclaration] {
        guard request.user.has(.receiveDeficitReports) else { return [] }
        return [
            WorkListDeclaration(label: request.texts("misa.new"), link: Link(.misaInbox, query: [("status", ReportStatus.sent.rawValue)]),
                                count: ScopedCount(DeficitReport.self, [.equals(\DeficitReport.$status, ReportStatus.sent.rawValue)])),
            WorkListDeclaration(label: request.texts("misa.inProgress"), link: Link(.misaInbox, query: [("status", ReportStatus.acknowledged.rawValue)]),
                                count: ScopedCount(DeficitReport.self, [.equals(\DeficitReport.$status, ReportStatus.acknowledged.rawValue)])),
        ]
    }
}

enum MisaRoutes {
    struct Row: Sendable {
        let id: UUID
        let sentOn: CalendarDate?
        let municipality: String
        let person: String
        let status: ReportStatus
        let decision: MisaDecision?
        let correction: Bool
    }

    /// Reports per page: the newest first, older ones a page further and by status. Each shown report is read, drawn
    /// and named in the audit; halving the page from fifty took two fifths off the inbox's server time
    /// (BENCHMARKS.md, eighth round).
    static let pageSize = 25

    /// The columns a row shows, found once (`FieldColumns`).
    static let columns = FieldColumns([\DeficitReport.$id, \DeficitReport.$sentOn, \DeficitReport.$municipalityName, \DeficitReport.$personName,
                                       \DeficitReport.$status, \DeficitReport.$decision, \DeficitReport.$correctsReportID])

    static func inbox(_ req: Request) async throws -> Response {
        let status = req.queryValue("status").flatMap(ReportStatus.init(rawValue:))
        let page = req.pageNumber()
        var query = try req.scope().deficitReportRecords(on: req.db)
        if let status { query = query.filter(\.$status, equals: status) }
        // One row more than a page tells whether there is a next one: no count of every report ever sent.
        let rows = try await query.sort(\.$sentOn, .descending).sort(\.$personName).range(((page - 1) * pageSize)..<(page * pageSize + 1))
            .rows(columns) { row in
                Row(id: try row[\.$id], sentOn: try row[\.$sentOn], municipality: try row[\.$municipalityName], person: try row[\.$personName],
                    status: try row[\.$status], decision: try row[\.$decision], correction: try row[\.$correctsReportID] != nil)
            }
        let shown = Array(rows.prefix(pageSize))
        // The list names every report it showed (each is one person's), as the persons' lists do.
        try await req.audit(.reportRead, shown.isEmpty ? .page : .deficitReports(shown.map(\.id)), detail: "Eingang MISA: \(shown.count) Meldungen")
        return req.render(MisaInboxView(rows: shown, status: status, page: page, hasNext: rows.count > pageSize).page(req.viewContext))
    }

    static func report(_ req: Request) async throws -> DeficitReport {
        let id = try req.idParameter("reportID")
        guard let report = try await req.scope().deficitReports(on: req.db).filter(\.$id == id).first() else {
            try await req.audit(.recordNotFound, .deficitReport(id), detail: req.url.path)
            throw AppError.notFound
        }
        return report
    }

    static func questions(_ req: Request, _ report: DeficitReport) async throws -> [ReportQuestion] {
        try await req.scope().reportQuestions(report.id!, on: req.db)?.sort(\.$askedOn).all() ?? []
    }

    static func show(_ req: Request) async throws -> Response {
        let report = try await report(req)
        try await req.audit(.reportRead, .deficitReport(report.id!), detail: "Meldung gelesen")
        return req.render(MisaReportView(report: report, questions: try await questions(req, report), today: req.today).page(req.viewContext))
    }

    static func attachment(_ req: Request) async throws -> Response {
        let report = try await report(req)
        guard let data = report.attachment else { throw AppError.notFound }
        try await req.audit(.reportRead, .deficitReport(report.id!), detail: "Beilage geöffnet")
        return download(data, type: "application/pdf", name: "integrationsgespraech.pdf")
    }

    static func acknowledge(_ req: Request) async throws -> Response {
        let report = try await report(req)
        guard report.status == .sent else { throw AppError.readOnly }
        report.status = .acknowledged
        report.acknowledgedOn = req.today
        try await req.db.writeTransaction { tx in
            try await report.update(on: tx)
            try await req.audit(.reportAcknowledged, .deficitReport(report.id!), detail: "Eingang bestätigt", in: tx)
        }
        return req.redirect(to: .misaReport(.value(report.id!)))
    }

    struct QuestionInput: Decodable, Sendable { var question: String? }

    static func ask(_ req: Request) async throws -> Response {
        let report = try await report(req)
        let input = try req.form(QuestionInput.self)
        var errors = FieldMessages()
        let text = errors.text("question", input.question, max: 2000, required: true, multiline: true, texts: req.texts)
        if report.status == .decided { errors.add("question", req.texts("misa.alreadyDecided")) }
        guard errors.isEmpty else { return try await invalid(req, report, form: .question(input, errors)) }
        let question = ReportQuestion()
        question.$report.id = report.id!
        question.$municipality.id = report.$municipality.id
        question.question = text
        question.askedOn = req.today
        question.askedByUserID = try req.requireUser().userID
        return try await req.storeOnce { tx in
            try await question.create(on: tx)
            try await req.audit(.reportQuestionAsked, .deficitReport(report.id!), detail: "Rückfrage an die Gemeinde", in: tx)
            return Link.afterSave(.misaReport(.value(report.id!)))
        }
    }

    struct DecisionInput: Decodable, Sendable {
        var decision: String?
        var decidedOn: String?
        var validUntil: String?
        var note: String?
    }

    static func decide(_ req: Request) async throws -> Response {
        let report = try await report(req)
        let input = try req.form(DecisionInput.self)
        let t = req.texts
        var errors = FieldMessages()
        // Only a report sent to MISA and not yet decided can be decided (a draft never reaches the inbox).
        if report.status == .draft || report.sentOn == nil { errors.add("decision", t("misa.notSent")) }
        if report.status == .decided { errors.add("decision", t("misa.alreadyDecided")) }
        let decision: MisaDecision? = errors.choice("decision", input.decision, texts: t)
        let decidedOn = errors.date("decidedOn", input.decidedOn, required: true, range: .happened(today: req.today), texts: t)
        if let decidedOn, let sent = report.sentOn, decidedOn < sent { errors.add("decidedOn", t("misa.decidedBeforeSent")) }
        let validUntil = errors.date("validUntil", input.validUntil, required: false,
                                     range: DateRange(earliest: DateRange.programmeStart, latest: req.today.addingMonths(60)), texts: t)
        if let validUntil, let decidedOn, validUntil <= decidedOn { errors.add("validUntil", t("misa.validBeforeDecision")) }
        let note = errors.optionalText("note", input.note, max: 2000, multiline: true, texts: t)
        guard errors.isEmpty, let decision, let decidedOn else { return try await invalid(req, report, form: .decision(input, errors)) }
        report.decision = decision
        report.decidedOn = decidedOn
        report.decisionValidUntil = validUntil
        report.decisionNote = note
        report.status = .decided
        if report.acknowledgedOn == nil { report.acknowledgedOn = req.today }
        try await req.db.writeTransaction { tx in
            try await report.update(on: tx)
            try await req.audit(.reportDecided, .deficitReport(report.id!), detail: decision.rawValue, in: tx)
        }
        return req.redirect(to: .misaReport(.value(report.id!)))
    }

    static func invalid(_ req: Request, _ report: DeficitReport, form: MisaReportView.OpenForm) async throws -> Response {
        var page = MisaReportView(report: report, questions: try await questions(req, report), today: req.today, form: form).page(req.viewContext)
        page.status = .unprocessableEntity
        return req.render(page)
    }
}

struct MisaInboxView {
    let rows: [MisaRoutes.Row]
    let status: ReportStatus?
    let page: Int
    let hasNext: Bool

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        return WebPage(title: t("misa.title")) {
            h1 { t("misa.title") }
            paragraph { t("misa.intro") }
            filterTabs(t("misa.filter"), [FilterTab(t("misa.all"), Link(.misaInbox), current: status == nil)]
                + [ReportStatus.sent, .acknowledged, .decided].map {
                    FilterTab(t.label("report.status", $0), Link(.misaInbox, query: [("status", $0.rawValue)]), current: status == $0)
                })
            if rows.isEmpty { paragraph(.class("empty")) { t("misa.none") } }
            else {
                div(.class("table-wrap")) {
                    table {
                        caption(.class("visually-hidden")) { t("misa.title") }
                        thead {
                            tr {
                                th(.scope("col")) { t("reports.sentOnLabel") }
                                th(.scope("col")) { t("reports.person") }
                                th(.scope("col")) { t("reports.municipality") }
                                th(.scope("col")) { t("reports.status") }
                            }
                        }
                        tbody {
                            for row in rows {
                                tr {
                                    td { Format.date(row.sentOn) }
                                    th(.scope("row")) {
                                        anchor(.href(Link(.misaReport(.value(row.id))))) { row.person }
                                        if row.correction { " "; span(.class("tag")) { t("reports.correction") } }
                                    }
                                    td { row.municipality }
                                    td { row.decision.map { t.label("decision", $0) } ?? t.label("report.status", row.status) }
                                }
                            }
                        }
                    }
                }
                Pager(page: page, hasPrevious: page > 1, hasNext: hasNext,
                      link: { Link(.misaInbox, query: (status.map { [("status", $0.rawValue)] } ?? []) + [("seite", String($0))]) }).render(t)
            }
        }
    }
}

struct MisaReportView {
    enum OpenForm {
        case none
        case question(MisaRoutes.QuestionInput, FieldMessages)
        case decision(MisaRoutes.DecisionInput, FieldMessages)
    }

    let report: DeficitReport
    let questions: [ReportQuestion]
    let today: CalendarDate
    var form: OpenForm = .none

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let id = report.id!
        var questionInput = MisaRoutes.QuestionInput()
        var decisionInput = MisaRoutes.DecisionInput(decidedOn: today.description)
        var errors = FieldMessages()
        switch form {
        case .none: break
        case .question(let input, let e): questionInput = input; errors = e
        case .decision(let input, let e): decisionInput = input; errors = e
        }
        return WebPage(title: t("misa.reportTitle"), hasErrors: !errors.isEmpty) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.misaInbox))) { t("misa.title") } }
            h1 { t("misa.reportTitle") }
            if report.correctsReportID != nil {
                paragraph(.class("callout")) {
                    t("misa.isCorrection")
                    " "
                    anchor(.href(Link(.misaReport(.value(report.correctsReportID!))))) { t("misa.toCorrected") }
                }
            }
            errorSummary(t("form.hasErrors"), errors.order.map { ($0 == "decision" ? "decision-\(MisaDecision.allCases[0].rawValue)" : $0, errors[$0]!) })
            dl(.class("summary-list")) {
                dt { t("reports.status") }; dd { t.label("report.status", report.status) }
                dt { t("reports.sentOnLabel") }; dd { Format.date(report.sentOn) }
                dt { t("reports.municipality") }; dd { report.municipalityName }
                dt { t("reports.person") }; dd { report.personName }
                dt { t("persons.field.birthDate") }; dd { report.birthDate.swissFormat }
                dt { t("persons.field.nationality") }; dd { report.nationality }
                dt { t("persons.field.permit") }; dd { report.permit.map { t.label("permit", $0) } ?? "–" }
                dt { t("persons.field.entryDate") }; dd { Format.date(report.entryDate) }
                dt { t("reports.address") }; dd { report.address }
                dt { t("reports.criteria") }; dd(.class("multiline")) { report.criteriaText }
                dt { t("reports.deficit") }; dd(.class("multiline")) { report.deficit }
                dt { t("reports.measures") }; dd(.class("multiline")) { Format.value(report.measures) }
                dt { t("reports.outcome") }; dd(.class("multiline")) { Format.value(report.outcome) }
                dt { t("reports.conversationOn") }; dd { report.conversationOn.swissFormat }
                dt { t("cases.personSignature") }; dd { t.label("signature", report.personSignature) }
                dt { t("reports.attachment") }
                dd {
                    if report.attachment != nil { anchor(.href(Link(.misaReportForm(.value(id))))) { t("reports.attachmentName") } }
                    else { t("reports.noAttachment") }
                }
            }
            if report.status == .sent {
                actionButton(Link(.misaAcknowledge(.value(id))), csrf: c.csrf, label: t("misa.acknowledge"), classes: "button")
            }
            section(.ariaLabelledBy("questions-heading")) {
                h2(.id("questions-heading")) { t("misa.questions") }
                if questions.isEmpty { paragraph(.class("empty")) { t("misa.noQuestions") } }
                for question in questions {
                    div(.class("question")) {
                        paragraph { strong { t("reports.question", ["date": question.askedOn.swissFormat]) }; " \(question.question)" }
                        paragraph { strong { t("reports.answer") }; " \(question.answer ?? t("misa.noAnswerYet"))" }
                    }
                }
                if report.status != .decided {
                    postForm(Link(.misaQuestion(.value(id))), csrf: c.csrf, .class("form")) {
                        textAreaField(FieldSpec(id: "question", label: t("misa.askLabel"), error: errors["question"]), value: questionInput.question ?? "",
                                      rows: 3, maxLength: 2000)
                        div(.class("actions")) { button(.type(.submit), .class("button")) { t("misa.ask") } }
                    }
                }
            }
            section(.ariaLabelledBy("decision-heading")) {
                h2(.id("decision-heading")) { t("reports.decision") }
                if let decision = report.decision {
                    dl(.class("facts")) {
                        dt { t("reports.decision") }; dd { t.label("decision", decision) }
                        dt { t("reports.decidedOn") }; dd { Format.date(report.decidedOn) }
                        if let until = report.decisionValidUntil { dt { t("reports.validUntil") }; dd { until.swissFormat } }
                        dt { t("reports.decisionNote") }; dd(.class("multiline")) { Format.value(report.decisionNote) }
                    }
                } else {
                    postForm(Link(.misaDecision(.value(id))), csrf: c.csrf, .class("form")) {
                        choiceGroup(id: "decision", name: "decision", legend: t("reports.decision"),
                                    options: SelectOption.of(MisaDecision.self, "decision", chosen: decisionInput.decision, texts: t), error: errors["decision"])
                        div(.class("grid-2")) {
                            textField(FieldSpec(id: "decidedOn", label: t("reports.decidedOn"), error: errors["decidedOn"], required: true),
                                      value: decisionInput.decidedOn ?? "", type: .date)
                            textField(FieldSpec(id: "validUntil", label: t("reports.validUntil"), hint: t("misa.validUntilHint"), error: errors["validUntil"],
                                                note: t("form.optional")), value: decisionInput.validUntil ?? "", type: .date)
                        }
                        textAreaField(FieldSpec(id: "note", label: t("misa.noteForMunicipality"), error: errors["note"], note: t("form.optional")),
                                      value: decisionInput.note ?? "", rows: 3, maxLength: 2000)
                        div(.class("actions")) { button(.type(.submit), .class("button primary")) { t("misa.recordDecision") } }
                    }
                }
            }
        }
    }
}
