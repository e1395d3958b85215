import Fluent
import Vapor

/// Administrators browse and filter the audit trail and check its chain.
enum AuditTrailFeature {
    static func register(_ routes: any RoutesBuilder) {
        let auditors = routes.requiring(.viewAuditTrail)
        auditors.get("verwaltung", "audit", use: browse)
        auditors.post("verwaltung", "audit", "pruefen", use: verify)
    }

    struct Filter: Decodable {
        var von: String?
        var bis: String?
        var benutzer: String?
        var aktion: String?
        var datensatz: String?
        var seite: Int?
    }

    struct Page: Encodable {
        struct Row: Encodable {
            let sequence: Int; let time: String; let user: String; let unit: String; let action: String
            let record: String; let detail: String; let address: String
        }
        let rows: [Row]
        let filter: [String: String]
        let actionOptions: [SelectOption]
        let errors: FieldMessages
        let page: Int
        let previousHref: String?
        let nextHref: String?
        let verification: String?
        let verificationOK: Bool
    }

    static let pageSize = 100

    static func browse(_ req: Request) async throws -> Response {
        try await render(req, verification: nil)
    }

    static func verify(_ req: Request) async throws -> Response {
        let result = try await AuditTrail.verify(on: req.db)
        let text = result.firstBreak.map { req.texts.text("audit.broken", ["sequence": String($0.sequence), "reason": $0.reason]) }
            ?? req.texts.text("audit.intact", ["count": String(result.checked)])
        return try await render(req, verification: (text, result.isIntact))
    }

    static func render(_ req: Request, verification: (String, Bool)?) async throws -> Response {
        let filter = (try? req.query.decode(Filter.self)) ?? Filter()
        let texts = req.texts
        var errors = FieldMessages()
        var query = AuditEntry.query(on: req.db)
        if let text = filter.von, !text.isEmpty {
            if let from = CalendarDate(parsing: text) { query = query.filter(\.$occurredAt >= SwissDay.startUTC(from)) }
            else { errors.add("von", texts.text("form.dateInvalid")) }
        }
        if let text = filter.bis, !text.isEmpty {
            if let to = CalendarDate(parsing: text) { query = query.filter(\.$occurredAt < SwissDay.endUTC(to)) }
            else { errors.add("bis", texts.text("form.dateInvalid")) }
        }
        if let user = filter.benutzer?.trimmingCharacters(in: .whitespaces).lowercased(), !user.isEmpty {
            query = query.filter(\.$actorUsername == user)
        }
        if let action = filter.aktion, !action.isEmpty {
            if AuditAction(rawValue: action) != nil { query = query.filter(\.$action == action) }
            else { errors.add("aktion", texts.text("form.chooseOne")) }
        }
        if let record = filter.datensatz?.trimmingCharacters(in: .whitespaces), !record.isEmpty {
            query = query.filter(\.$recordID == record.uppercased())
        }
        let page = min(max(1, filter.seite ?? 1), 100_000)
        let entries = try await query.sort(\.$sequence, .descending).range(((page - 1) * pageSize)..<(page * pageSize + 1)).all()
        let rows = entries.prefix(pageSize).map { entry in
            Page.Row(sequence: entry.sequence, time: SwissDay.display(entry.occurredAt), user: entry.actorUsername,
                     unit: entry.unitName, action: AuditAction(rawValue: entry.action)?.label ?? entry.action,
                     record: [entry.recordType, entry.recordID ?? ""].filter { !$0.isEmpty }.joined(separator: " "),
                     detail: entry.detail, address: entry.address)
        }
        let values: [String: String] = ["von": filter.von ?? "", "bis": filter.bis ?? "", "benutzer": filter.benutzer ?? "",
                                        "aktion": filter.aktion ?? "", "datensatz": filter.datensatz ?? ""]
        func pageHref(_ number: Int) -> String {
            var components = URLComponents()
            components.path = Paths.auditTrail
            components.queryItems = values.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }
                .map { URLQueryItem(name: $0.key, value: $0.value) } + [URLQueryItem(name: "seite", value: String(number))]
            return components.string ?? Paths.auditTrail
        }
        let model = Page(
            rows: Array(rows), filter: values,
            actionOptions: AuditAction.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == filter.aktion) },
            errors: errors, page: page,
            previousHref: page > 1 ? pageHref(page - 1) : nil,
            nextHref: entries.count > pageSize ? pageHref(page + 1) : nil,
            verification: verification?.0, verificationOK: verification?.1 ?? false)
        try await req.audit(.auditTrailViewed, recordType: "audit", detail: "Seite \(page)")
        let response = try await req.renderPage("AuditTrail/browse", title: texts.text("audit.title"), body: model)
        if !errors.isEmpty { response.status = .unprocessableEntity }
        return response
    }
}

/// Converting between Swiss calendar days and the trail's UTC timestamps.
enum SwissDay {
    static let zone = TimeZone(identifier: "Europe/Zurich")!

    static func startUTC(_ day: CalendarDate) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let date = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
        return AuditChain.timestamp(date)
    }

    static func endUTC(_ day: CalendarDate) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let date = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
        return AuditChain.timestamp(date.addingTimeInterval(86400))
    }

    static func display(_ timestamp: String) -> String {
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = parser.date(from: timestamp) else { return timestamp }
        return SwissTime.format(date)
    }
}
