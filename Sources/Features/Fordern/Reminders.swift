import Domain
import Fluent
import Foundation
import Persistence
import Platform
import Vapor

/// The IB's reminders: reviews due within 14 days, overdue measures, reports waiting for MISA and
/// MISA decisions not yet seen. Each is one indexed count on the start page and a list behind it.
enum Reminder: String, CaseIterable, Sendable {
    case reviewsDue = "ueberpruefungen"
    case overdueMeasures = "massnahmen"
    case waitingForMisa = "bei-misa"
    case newDecisions = "entscheide"

    static let reviewWindow = 14

    var key: String {
        switch self {
        case .reviewsDue: "reviewsDue"
        case .overdueMeasures: "overdueMeasures"
        case .waitingForMisa: "waitingForMisa"
        case .newDecisions: "newDecisions"
        }
    }

    static let openMeasures = [MeasureStatus.proposed, .registered, .attending].map(\.rawValue)
    static let atMisa = [ReportStatus.sent, .acknowledged].map(\.rawValue)

    func scopedCount(today: CalendarDate) -> ScopedCount {
        switch self {
        case .reviewsDue:
            ScopedCount(IntegrationConversation.self, [.isNull(\IntegrationConversation.$reviewedOn),
                                                       .atMost(\IntegrationConversation.$reviewOn, today.adding(days: Self.reviewWindow).description)])
        case .overdueMeasures:
            ScopedCount(Measure.self, [.oneOf(\Measure.$status, Self.openMeasures), .atMost(\Measure.$dueOn, today.adding(days: -1).description)])
        case .waitingForMisa:
            ScopedCount(DeficitReport.self, [.oneOf(\DeficitReport.$status, Self.atMisa)])
        case .newDecisions:
            ScopedCount(DeficitReport.self, [.equals(\DeficitReport.$status, ReportStatus.decided.rawValue), .isNull(\DeficitReport.$decisionSeenOn)])
        }
    }
}

struct ReminderCounts: WorkListSource {
    func workLists(_ request: WorkListRequest) -> [WorkListDeclaration] {
        guard request.user.has(.workOnCases) else { return [] }
        return Reminder.allCases.map {
            WorkListDeclaration(label: request.texts("reminders.\($0.key)"), link: Link(.reminders(.value($0.rawValue))),
                                count: $0.scopedCount(today: request.today))
        }
    }
}

enum ReminderRoutes {
    struct Row: Sendable {
        let date: CalendarDate?
        let title: String
        let detail: String
        let link: Link
    }

    static func show(_ req: Request) async throws -> Response {
        guard let reminder = Reminder(rawValue: try req.parameters.require("list")) else { throw AppError.notFound }
        let scope = try req.scope()
        let db = req.db
        let t = req.texts
        let today = req.today
        var rows: [Row] = []
        var personIDs: [UUID] = []
        var reportIDs: [UUID] = []
        switch reminder {
        case .reviewsDue:
            let conversations = try await scope.query(IntegrationConversation.self, on: db).filter(\.$reviewedOn == nil)
                .filter(\.$reviewOn <= today.adding(days: Reminder.reviewWindow)).sort(\.$reviewOn).limit(200).fetch()
            let participants = conversations.isEmpty ? [] : try await scope.records(IntegrationParticipant.self, on: db)
                .filter(\.$conversation.$id, in: conversations.map { $0.id! }).fetch()
            personIDs = participants.map(\.$person.id)
            let names = try await names(personIDs, scope: scope, on: db)
            rows = conversations.map { conversation in
                let who = participants.filter { $0.$conversation.id == conversation.id }.compactMap { names[$0.$person.id] }.joined(separator: ", ")
                return Row(date: conversation.reviewOn, title: who, detail: t("conversations.of", ["date": conversation.heldOn.swissFormat]),
                           link: Link(.integrationConversation(.value(conversation.id!))))
            }
        case .overdueMeasures:
            let measures = try await scope.query(Measure.self, on: db).filter(\.$status ~~ [.proposed, .registered, .attending])
                .filter(\.$dueOn < today).sort(\.$dueOn).limit(200).fetch()
            personIDs = measures.map(\.$person.id)
            let names = try await names(personIDs, scope: scope, on: db)
            rows = measures.map {
                Row(date: $0.dueOn, title: names[$0.$person.id] ?? "–", detail: "\($0.title) · \(t.label("measure.status", $0.status))",
                    link: Link(.measure(.value($0.id!))))
            }
        case .waitingForMisa, .newDecisions:
            var query = scope.deficitReports(on: db)
            query = reminder == .waitingForMisa ? query.filter(\.$status ~~ [.sent, .acknowledged])
                : query.filter(\.$status == .decided).filter(\.$decisionSeenOn == nil)
            let reports = try await query.sort(\.$sentOn).limit(200)
                .rows([\DeficitReport.$id, \DeficitReport.$fordernCase.$id, \DeficitReport.$personName, \DeficitReport.$sentOn,
                       \DeficitReport.$status, \DeficitReport.$decision]) { row in
                    let decision = try row[\.$decision]
                    let status = try row[\.$status]
                    return (id: try row[\.$id], row: Row(date: try row[\.$sentOn], title: try row[\.$personName],
                                                        detail: decision.map { t.label("decision", $0) } ?? t.label("report.status", status),
                                                        link: Link(.fordernCase(.value(try row[\.$fordernCase.$id])))))
                }
            rows = reports.map(\.row)
            reportIDs = reports.map(\.id)
        }
        if personIDs.isEmpty {
            // Reports name the person as sent: the list names every report it showed.
            try await req.audit(.personRead, reportIDs.isEmpty ? .page : .deficitReports(reportIDs),
                                detail: "Erinnerungen \(reminder.rawValue): \(rows.count)")
        } else {
            try await req.audit(.personListed, .persons(Array(Set(personIDs))), detail: "Erinnerungen \(reminder.rawValue): \(rows.count)")
        }
        return req.render(ReminderView(reminder: reminder, rows: rows).page(req.viewContext))
    }

    static func names(_ ids: [UUID], scope: AccessScope, on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try await scope.records(Person.self, on: db).filter(\.$id, in: Array(Set(ids))).personRows()
            .map { ($0.id, "\($0.familyName) \($0.givenName)") })
    }
}

struct ReminderView {
    let reminder: Reminder
    let rows: [ReminderRoutes.Row]

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        return WebPage(title: t("reminders.\(reminder.key)")) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.start))) { t("nav.start") } }
            h1 { t("reminders.\(reminder.key)") }
            filterTabs(t("reminders.title"), Reminder.allCases.map {
                FilterTab(t("reminders.\($0.key)"), Link(.reminders(.value($0.rawValue))), current: $0 == reminder)
            })
            if rows.isEmpty { paragraph(.class("empty")) { t("reminders.none") } }
            else {
                div(.class("table-wrap")) {
                    table {
                        caption(.class("visually-hidden")) { t("reminders.\(reminder.key)") }
                        thead { tr { th(.scope("col")) { t("reminders.date") }; th(.scope("col")) { t("reminders.who") }; th(.scope("col")) { t("reminders.what") } } }
                        tbody {
                            for row in rows {
                                tr {
                                    td { Format.date(row.date) }
                                    th(.scope("row")) { anchor(.href(row.link)) { row.title } }
                                    td { row.detail }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
