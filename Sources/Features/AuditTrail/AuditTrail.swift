import Domain
import Fluent
import Foundation
import Persistence
import Platform
import Vapor

enum AuditTrailRoutes {
    struct Filter: Decodable, Sendable {
        var von: String?
        var bis: String?
        var benutzer: String?
        var aktion: String?
        var datensatz: String?
        var seite: Int?
    }

    static let pageSize = 100
    /// A record named by more entries than this is shown with its most recent ones.
    static let recordLimit = 10_000

    static func browse(_ req: Request) async throws -> Response {
        try await render(req, verification: nil)
    }

    static func verify(_ req: Request) async throws -> Response {
        let app = req.application
        let result = try await AuditLog.verify(on: req.db, keys: app.auditKeys, externalHead: ExportedHead.read(from: app.auditHeadFile))
        let text = result.firstBreak.map { req.texts("audit.broken", ["sequence": String($0.sequence), "reason": $0.reason]) }
            ?? req.texts("audit.intact", ["count": String(result.checked)])
        return try await render(req, verification: (text, result.isIntact))
    }

    static func render(_ req: Request, verification: (String, Bool)?) async throws -> Response {
        let filter = (try? req.query.decode(Filter.self)) ?? Filter()
        let t = req.texts
        var errors = FieldMessages()
        var query = AuditEntry.query(on: req.db)
        let range = DateRange(earliest: DateRange.programmeStart, latest: req.today.adding(days: 1))
        if let from = errors.date("von", filter.von, required: false, range: range, texts: t) {
            query = query.filter(\.$occurredAt >= AuditChain.timestamp(SwissTime.startOfDay(from)))
        }
        if let to = errors.date("bis", filter.bis, required: false, range: range, texts: t) {
            query = query.filter(\.$occurredAt < AuditChain.timestamp(SwissTime.startOfDay(to.adding(days: 1))))
        }
        let user = errors.text("benutzer", filter.benutzer, max: 100, texts: t).lowercased()
        if !user.isEmpty { query = query.filter(\.$actorUsername == user) }
        if let action = filter.aktion, !action.isEmpty {
            if AuditAction(rawValue: action) != nil { query = query.filter(\.$action == action) } else { errors.add("aktion", t("form.chooseOne")) }
        }
        let record = errors.text("datensatz", filter.datensatz, max: 100, texts: t).uppercased()
        if !record.isEmpty {
            // Entries that name the record, lists included (their record sets).
            let sequences = try await AuditRecordSet.sequences(naming: record, limit: recordLimit, on: req.db)
            query = query.filter(\.$sequence ~~ sequences)
        }
        let page = min(max(1, filter.seite ?? 1), 100_000)
        let entries = try await query.sort(\.$sequence, .descending).range(((page - 1) * pageSize)..<(page * pageSize + 1)).all()
        try await req.audit(.auditTrailViewed, .auditTrail, detail: "Seite \(page)")
        var view = AuditTrailView(filter: filter, errors: errors, entries: Array(entries.prefix(pageSize)), page: page,
                                  hasNext: entries.count > pageSize, verification: verification).page(req.viewContext)
        if !errors.isEmpty { view.status = .unprocessableEntity }
        return req.render(view)
    }
}

struct AuditTrailView {
    let filter: AuditTrailRoutes.Filter
    let errors: FieldMessages
    let entries: [AuditEntry]
    let page: Int
    let hasNext: Bool
    let verification: (String, Bool)?

    var filterQuery: [(String, String)] {
        [("aktion", filter.aktion), ("benutzer", filter.benutzer), ("bis", filter.bis), ("datensatz", filter.datensatz), ("von", filter.von)]
            .compactMap { key, value in value.flatMap { $0.isEmpty ? nil : (key, $0) } }
    }

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        return WebPage(title: t("audit.title"), hasErrors: !errors.isEmpty) {
            h1 { t("audit.title") }
            paragraph { t("audit.intro") }
            if let (text, intact) = verification {
                div(.class(intact ? "flash" : "alert"), .role("status"), .id("verification")) { text }
            }
            actionButton(Link(.auditVerify), csrf: c.csrf, label: t("audit.verify"))
            form(.methodGet, .action(Link(.auditTrail)), .class("filter-form"), .novalidate) {
                textField(FieldSpec(id: "von", label: t("audit.from"), error: errors["von"]), value: filter.von ?? "", type: .date)
                textField(FieldSpec(id: "bis", label: t("audit.to"), error: errors["bis"]), value: filter.bis ?? "", type: .date)
                textField(FieldSpec(id: "benutzer", label: t("audit.user")), value: filter.benutzer ?? "", .autocomplete("off"), .maxlength(100))
                selectField(FieldSpec(id: "aktion", label: t("audit.action"), error: errors["aktion"]),
                            options: AuditAction.allCases.map {
                                SelectOption(value: $0.rawValue, label: t.label("audit.action", $0), selected: $0.rawValue == filter.aktion)
                            },
                            placeholder: t("audit.allActions"))
                textField(FieldSpec(id: "datensatz", label: t("audit.record")), value: filter.datensatz ?? "", .autocomplete("off"), .maxlength(100))
                button(.type(.submit), .class("button")) { t("form.filter") }
            }
            if entries.isEmpty {
                paragraph(.class("empty")) { t("audit.none") }
            } else {
                div(.class("table-wrap")) {
                    table(.class("audit-table")) {
                        caption(.class("visually-hidden")) { t("audit.title") }
                        thead {
                            tr {
                                for key in ["audit.sequence", "audit.time", "audit.user", "audit.unit", "audit.action", "audit.record",
                                            "audit.detail", "audit.address"] {
                                    th(.scope("col")) { t(key) }
                                }
                            }
                        }
                        tbody {
                            for entry in entries {
                                tr {
                                    td { String(entry.sequence) }
                                    td { Self.display(entry.occurredAt) }
                                    td { entry.actorUsername }
                                    td { entry.unitName }
                                    td { AuditAction(rawValue: entry.action).map { t.label("audit.action", $0) } ?? entry.action }
                                    td(.class("mono")) { [entry.recordType, entry.recordID ?? ""].filter { !$0.isEmpty }.joined(separator: " ") }
                                    td { entry.detail }
                                    td { entry.address }
                                }
                            }
                        }
                    }
                }
                Pager(page: page, hasPrevious: page > 1, hasNext: hasNext) { number in
                    Link(.auditTrail, query: filterQuery + [("seite", String(number))])
                }.render(t)
            }
        }
    }

    /// The trail's UTC timestamp in Swiss time.
    static func display(_ timestamp: String) -> String {
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = parser.date(from: timestamp) else { return timestamp }
        return SwissTime.format(date)
    }
}
