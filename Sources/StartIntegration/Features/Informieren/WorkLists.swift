import Fluent
import Vapor

/// The integration officer's work lists: who is still to triage, to plan, the coming appointments,
/// missing signatures and persons who did not come. Paginated and sortable.
enum WorkLists {
    enum List: String, CaseIterable {
        case toTriage = "zu-triagieren"
        case toPlan = "zu-planen"
        case upcoming = "termine"
        case missingSignatures = "unterschriften"
        case didNotCome = "nicht-erschienen"

        var permission: Permission { self == .toTriage ? .editPersons : .workOnCases }
        var key: String {
            switch self {
            case .toTriage: "toTriage"
            case .toPlan: "toPlan"
            case .upcoming: "upcoming"
            case .missingSignatures: "missingSignatures"
            case .didNotCome: "didNotCome"
            }
        }
    }

    struct Row: Encodable { let href: String; let name: String; let detail: String; let date: String }

    /// Persons in the target groups, not closed, without a triage.
    static func toTriage(scope: AccessScope, on db: any Database) -> QueryBuilder<Person> {
        scope.persons(on: db)
            .join(TriageDecision.self, on: \Person.$id == \TriageDecision.$person.$id, method: .left)
            .filter(.extendedPath(["id"], schema: TriageDecision.schema, space: nil), .equality(inverse: false), .null)
            .filter(\.$targetGroup != TargetGroup.outOfScope.rawValue)
            .filter(\.$closedOn == nil)
    }

    /// Persons triaged to oral first information who are in no planned or held appointment.
    static func toPlanIDs(scope: AccessScope, on db: any Database) async throws -> [UUID] {
        let oral = try await scope.query(TriageDecision.self, on: db).filter(\.$triage == .oral).all().map(\.$person.id)
        guard !oral.isEmpty else { return [] }
        let invited = try await scope.query(AppointmentParticipant.self, on: db)
            .join(Appointment.self, on: \AppointmentParticipant.$appointment.$id == \Appointment.$id)
            .filter(Appointment.self, \.$status ~~ ["planned", "held"])
            .filter(\.$person.$id ~~ oral).all().map(\.$person.id)
        let excluded = Set(invited)
        return oral.filter { !excluded.contains($0) }
    }

    static func missingSignatures(scope: AccessScope, on db: any Database) -> QueryBuilder<AppointmentParticipant> {
        scope.query(AppointmentParticipant.self, on: db)
            .join(Appointment.self, on: \AppointmentParticipant.$appointment.$id == \Appointment.$id)
            .filter(Appointment.self, \.$status == "held")
            .filter(\.$attendance == "present").filter(\.$signatureOn == nil)
    }

    /// Absent participants who have no later planned or held appointment.
    static func didNotCome(scope: AccessScope, on db: any Database) async throws -> [AppointmentParticipant] {
        let absent = try await scope.query(AppointmentParticipant.self, on: db).filter(\.$attendance == "absent")
            .with(\.$appointment).with(\.$person).all()
        guard !absent.isEmpty else { return [] }
        let later = try await scope.query(AppointmentParticipant.self, on: db)
            .join(Appointment.self, on: \AppointmentParticipant.$appointment.$id == \Appointment.$id)
            .filter(Appointment.self, \.$status ~~ ["planned", "held"])
            .filter(\.$attendance != "absent")
            .filter(\.$person.$id ~~ absent.map(\.$person.id)).with(\.$appointment).all()
        return absent.filter { miss in
            !later.contains { $0.$person.id == miss.$person.id && $0.appointment.date >= miss.appointment.date }
        }
    }

    static func counts(scope: AccessScope, user: AuthenticatedUser, on db: any Database) async throws -> [(List, Int)] {
        var result: [(List, Int)] = []
        for list in List.allCases where user.has(list.permission) {
            let count: Int
            switch list {
            case .toTriage: count = try await toTriage(scope: scope, on: db).count()
            case .toPlan: count = try await toPlanIDs(scope: scope, on: db).count
            case .upcoming: count = try await scope.query(Appointment.self, on: db).filter(\.$status == "planned").count()
            case .missingSignatures: count = try await missingSignatures(scope: scope, on: db).count()
            case .didNotCome: count = try await didNotCome(scope: scope, on: db).count
            }
            result.append((list, count))
        }
        return result
    }
}

enum WorkListsFeature {
    static func register(_ routes: any RoutesBuilder) {
        for list in WorkLists.List.allCases {
            routes.requiring(list.permission).get("arbeitslisten", .constant(list.rawValue)) { req in
                try await show(req, list: list)
            }
        }
    }

    struct Page: Encodable {
        struct Sort: Encodable { let label: String; let href: String; let current: Bool }
        let title: String
        let intro: String
        let rows: [WorkLists.Row]
        let total: Int
        let page: Int
        let pageCount: Int
        let previousHref: String?
        let nextHref: String?
        let sorts: [Sort]
        let otherLists: [Sort]
    }

    static let pageSize = 50

    static func show(_ req: Request, list: WorkLists.List) async throws -> Response {
        let user = try req.requireUser()
        let scope = user.scope
        let texts = req.texts
        let page = req.pageNumber()
        let byName = (try? req.query.get(String.self, at: "sortierung")) == "name"
        let range = ((page - 1) * pageSize)..<(page * pageSize)
        let names = try await StartPage.municipalityNames(scope.municipalityIDs, on: req.db)
        func personRow(_ person: Person, detail: String, date: String?) -> WorkLists.Row {
            WorkLists.Row(href: Paths.person(person.id!), name: "\(person.familyName), \(person.givenName)",
                          detail: [names[person.$municipality.id] ?? "", detail].filter { !$0.isEmpty }.joined(separator: " · "),
                          date: date.flatMap(CalendarDate.init(parsing:))?.swissFormat ?? "")
        }
        var rows: [WorkLists.Row] = []
        var total = 0
        switch list {
        case .toTriage:
            let query = WorkLists.toTriage(scope: scope, on: req.db)
            total = try await query.count()
            let sorted = byName ? query.sort(\.$familyName).sort(\.$givenName) : query.sort(\.$moveInDate, .descending).sort(\.$familyName)
            rows = try await sorted.range(range).all().map {
                personRow($0, detail: texts.text("targetGroup.\($0.targetGroup ?? "")"), date: $0.moveInDate)
            }
        case .toPlan:
            let ids = try await WorkLists.toPlanIDs(scope: scope, on: req.db)
            total = ids.count
            let persons = ids.isEmpty ? [] : try await scope.persons(on: req.db).filter(\.$id ~~ ids).all()
            let sorted = persons.sorted { byName ? ($0.familyName, $0.givenName) < ($1.familyName, $1.givenName) : ($0.moveInDate ?? "") > ($1.moveInDate ?? "") }
            rows = sorted.dropFirst(range.lowerBound).prefix(pageSize).map {
                personRow($0, detail: $0.motherTongue.map(req.application.languages.name) ?? "", date: $0.moveInDate)
            }
        case .upcoming:
            let query = scope.query(Appointment.self, on: req.db).filter(\.$status == "planned")
            total = try await query.count()
            let appointments = try await query.sort(\.$date).sort(\.$time).range(range).with(\.$participants).all()
            let today = CalendarDate(req.now).description
            rows = appointments.map { appointment in
                WorkLists.Row(href: Paths.appointment(appointment.id!),
                              name: "\(appointment.time), \(appointment.place)",
                              detail: texts.text("worklist.participants", ["count": String(appointment.participants.count)])
                                + (appointment.date < today ? " · " + texts.text("worklist.overdue") : ""),
                              date: CalendarDate(parsing: appointment.date)?.swissFormat ?? appointment.date)
            }
        case .missingSignatures:
            let query = WorkLists.missingSignatures(scope: scope, on: req.db)
            total = try await query.count()
            let participants = try await query.sort(Appointment.self, \.$date).range(range).with(\.$person).with(\.$appointment).all()
            rows = participants.map { personRow($0.person, detail: texts.text("worklist.signatureMissing"), date: $0.appointment.date) }
        case .didNotCome:
            let missed = try await WorkLists.didNotCome(scope: scope, on: req.db)
            total = missed.count
            let sorted = missed.sorted { byName ? $0.person.familyName < $1.person.familyName : $0.appointment.date > $1.appointment.date }
            rows = sorted.dropFirst(range.lowerBound).prefix(pageSize).map { personRow($0.person, detail: texts.text("worklist.absent"), date: $0.appointment.date) }
        }
        if list != .upcoming, !rows.isEmpty {
            try await req.audit(.personListed, recordType: "person", detail: "Arbeitsliste \(list.rawValue): \(rows.count) Personen")
        }
        let pageCount = max(1, (total + pageSize - 1) / pageSize)
        let base = Paths.workList(list.rawValue)
        let sortSuffix = byName ? "&sortierung=name" : ""
        let model = Page(
            title: texts.text("worklist.\(list.key)"), intro: texts.text("worklist.\(list.key).intro"), rows: rows, total: total,
            page: page, pageCount: pageCount,
            previousHref: page > 1 ? "\(base)?seite=\(page - 1)\(sortSuffix)" : nil,
            nextHref: page < pageCount ? "\(base)?seite=\(page + 1)\(sortSuffix)" : nil,
            sorts: list == .upcoming ? [] : [
                .init(label: texts.text("worklist.sortByDate"), href: base, current: !byName),
                .init(label: texts.text("worklist.sortByName"), href: "\(base)?sortierung=name", current: byName),
            ],
            otherLists: WorkLists.List.allCases.filter { user.has($0.permission) }.map {
                .init(label: texts.text("worklist.\($0.key)"), href: Paths.workList($0.rawValue), current: $0 == list)
            })
        return try await req.renderPage("Informieren/worklist", title: model.title, body: model)
    }
}
