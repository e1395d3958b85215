import Domain
import Fluent
import Foundation
import Persistence
import Platform

/// The work lists of the counter and the integration officer. Each is an index range on a stored
/// status (the person's stage, the appointment's status, a missing signature, an open next step),
/// never a scan; the rows are households (or appointments) with the next action as a link.
enum WorkList: String, CaseIterable, Sendable {
    case toTriage = "zu-triagieren"
    case toPlan = "zu-planen"
    case upcoming = "termine"
    case missingSignatures = "unterschriften"
    case didNotCome = "nicht-erschienen"
    case dueSteps = "naechste-schritte"

    var permission: Permission {
        switch self {
        case .toTriage, .dueSteps: .editPersons
        default: .workOnCases
        }
    }

    var key: String {
        switch self {
        case .toTriage: "toTriage"
        case .toPlan: "toPlan"
        case .upcoming: "upcoming"
        case .missingSignatures: "missingSignatures"
        case .didNotCome: "didNotCome"
        case .dueSteps: "dueSteps"
        }
    }

    var link: Link { Link(.workList(.value(rawValue))) }

    /// The person stage the list shows, for the lists of persons.
    var stage: InformierenStage? {
        switch self {
        case .toTriage: .toTriage
        case .toPlan: .toPlan
        case .didNotCome: .missed
        case .upcoming, .missingSignatures, .dueSteps: nil
        }
    }

    /// Counted in persons (a household of four waiting is four persons waiting), appointments, signatures or steps.
    func count(scope: AccessScope, today: CalendarDate, on db: any Database) async throws -> Int {
        if let stage { return try await scope.persons(on: db).filter(\.$stage == stage).count() }
        switch self {
        case .upcoming: return try await scope.query(Appointment.self, on: db).filter(\.$status == .planned).count()
        case .dueSteps: return try await WorkList.dueSteps(scope: scope, today: today, on: db).count()
        default: return try await WorkList.missingSignatures(scope: scope, on: db).count()
        }
    }

    /// Present at a held conversation, required to sign, no signature yet (a partial index holds exactly these rows).
    static func missingSignatures(scope: AccessScope, on db: any Database) -> QueryBuilder<AppointmentParticipant> {
        scope.query(AppointmentParticipant.self, on: db).filter(\.$attendance == .present).filter(\.$signatureOn == nil)
            .filter(\.$signatureRequired == true)
    }

    /// Open next steps due today or earlier (a partial index holds the open ones).
    static func dueSteps(scope: AccessScope, today: CalendarDate, on db: any Database) -> QueryBuilder<NextStepTask> {
        scope.query(NextStepTask.self, on: db).filter(\.$doneOn == nil).filter(\.$dueOn <= today)
    }
}

extension WorkList {
    /// The list's count as one part of the start page's single count query (the same conditions as `count`).
    func scopedCount(today: CalendarDate) -> ScopedCount {
        if let stage { return ScopedCount(Person.self, [.equals(\Person.$stage, stage.rawValue)]) }
        switch self {
        case .upcoming:
            return ScopedCount(Appointment.self, [.equals(\Appointment.$status, AppointmentStatus.planned.rawValue)])
        case .dueSteps:
            return ScopedCount(NextStepTask.self, [.isNull(\NextStepTask.$doneOn), .atMost(\NextStepTask.$dueOn, today.description)])
        default:
            return ScopedCount(AppointmentParticipant.self, [
                .equals(\AppointmentParticipant.$attendance, Attendance.present.rawValue), .isNull(\AppointmentParticipant.$signatureOn),
                .equals(\AppointmentParticipant.$signatureRequired, true)])
        }
    }
}

/// The lists on the start page: every list the user may open (the start page counts them all in one query).
struct WorkListCounts: WorkListSource {
    func workLists(_ request: WorkListRequest) -> [WorkListDeclaration] {
        guard request.user.has(.viewPersons) else { return [] }
        return WorkList.allCases.filter { request.user.has($0.permission) }.map { list in
            WorkListDeclaration(label: request.texts("worklist.\(list.key)"), link: list.link, count: list.scopedCount(today: request.today))
        }
    }
}

extension WorkListCounts {
    static let nextActionsShown = 5

    /// The first households waiting: to plan for the officer, to triage for the counter.
    func nextActions(_ request: WorkListRequest) async throws -> [NextAction] {
        let user = request.user
        let list: WorkList = user.has(.workOnCases) ? .toPlan : .toTriage
        guard user.has(list.permission) else { return [] }
        let t = request.texts
        let persons = try await request.scope.records(Person.self, on: request.database).filter(\.$stage, equals: list.stage!)
            .sort(\.$moveInDate, .descending).sort(\.$nameKey).limit(Self.nextActionsShown * 4).personRows()
        var order: [UUID] = []
        var byHousehold: [UUID: [PersonRow]] = [:]
        for person in persons {
            if byHousehold[person.householdID] == nil { order.append(person.householdID) }
            byHousehold[person.householdID, default: []].append(person)
        }
        return order.prefix(Self.nextActionsShown).map { key in
            let members = byHousehold[key]!.sorted { $0.birthDate < $1.birthDate }
            let names = GermanCollation.sorted(Array(Set(members.map(\.familyName))), by: { $0 }).joined(separator: " / ")
            let link = list == .toPlan ? Link(.newAppointment, query: [("haushalt", key.uuidString)]) : Link(.personTriage(.value(members[0].id)))
            return NextAction(title: names, detail: [t("worklist.personsCount", ["count": String(members.count)]),
                                                     members[0].moveInDate.map { t("worklist.movedIn", ["date": $0.swissFormat]) } ?? ""]
                                .filter { !$0.isEmpty }.joined(separator: " · "),
                              actionLabel: t(list == .toPlan ? "worklist.action.plan" : "worklist.action.triage"), link: link,
                              personIDs: members.map(\.id))
        }
    }
}

/// One page of a work list.
struct WorkListModel {
    struct Row {
        let date: CalendarDate?
        let title: String
        let link: Link
        let names: [String]
        let detail: String
        let action: (label: String, link: Link)?
        /// An open next step: marked done from the list.
        let doneTask: UUID?
        let personIDs: [UUID]
    }

    let list: WorkList
    let rows: [Row]
    let total: Int
    let page: Int
    let byName: Bool
    let lists: [WorkList]

    static let pageSize = 50

    static func query(_ list: WorkList, page: Int, byName: Bool, user: AuthenticatedUser, database db: any Database,
                      texts t: Localizer, reference: ReferenceData, today: CalendarDate) async throws -> WorkListModel {
        let scope = user.scope
        let range = ((page - 1) * pageSize)..<(page * pageSize)
        let ids = scope.municipalityIDs
        let names = try await MunicipalityNames.names(ids, on: db)
        let several = ids.count > 1
        let total = try await list.count(scope: scope, today: today, on: db)
        var rows: [Row] = []
        switch list {
        case .toTriage, .toPlan, .didNotCome:
            var query = scope.persons(on: db).filter(\.$stage == list.stage!)
            query = byName ? query.sort(\.$nameKey) : query.sort(\.$moveInDate, .descending).sort(\.$nameKey)
            let persons = try await query.range(range).personRows()
            // One row per household, in the order its first member comes in the list.
            var order: [UUID] = []
            var byHousehold: [UUID: [PersonRow]] = [:]
            for person in persons {
                let key = person.householdID
                if byHousehold[key] == nil { order.append(key) }
                byHousehold[key, default: []].append(person)
            }
            let streets = order.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await scope.households(on: db)
                .filter(\.$id ~~ order).rows([\Household.$id, \Household.$street]) { (try $0[\.$id], try $0[\.$street]) })
            rows = order.map { key in
                let members = byHousehold[key]!.sorted { $0.birthDate < $1.birthDate }
                let first = members[0]
                let familyNames = GermanCollation.sorted(Array(Set(members.map(\.familyName))), by: { $0 }).joined(separator: " / ")
                var detail = [several ? names[first.municipalityID] ?? "" : "", streets[key] ?? ""]
                let action: (String, Link)
                switch list {
                case .toTriage:
                    detail.append(first.targetGroup.map { t.label("targetGroup", $0) } ?? "")
                    action = (t("worklist.action.triage"), Link(.personTriage(.value(first.id))))
                case .toPlan:
                    detail.append(first.motherTongue.map(reference.languages.name) ?? "")
                    action = (t("worklist.action.plan"), Link(.newAppointment, query: [("haushalt", key.uuidString)]))
                default:
                    detail.append(t("worklist.absent"))
                    action = (t("worklist.action.planAgain"), Link(.newAppointment, query: [("haushalt", key.uuidString)]))
                }
                return Row(date: members.compactMap(\.moveInDate).max(), title: familyNames, link: Link(.household(.value(key))),
                           names: members.map { "\($0.name.given) (\(Format.age($0.birthDate, today: today, texts: t)))" },
                           detail: detail.filter { !$0.isEmpty }.joined(separator: " · "), action: action, doneTask: nil,
                           personIDs: members.map(\.id))
            }
        case .upcoming:
            let appointments = try await scope.query(Appointment.self, on: db).filter(\.$status == .planned)
                .sort(\.$date).sort(\.$time).range(range).all()
            let participants = appointments.isEmpty ? [] : try await scope.query(AppointmentParticipant.self, on: db)
                .filter(\.$appointment.$id ~~ appointments.map { $0.id! }).with(\.$person).all()
            rows = appointments.map { appointment in
                let people = participants.filter { $0.$appointment.id == appointment.id }.map(\.person).sorted { $0.birthDate < $1.birthDate }
                let link = Link(.appointment(.value(appointment.id!)))
                return Row(date: appointment.date, title: "\(appointment.time), \(appointment.place)", link: link,
                           names: people.map(\.name.full),
                           detail: appointment.date < today ? t("worklist.overdue") : "",
                           action: (t(appointment.date <= today ? "worklist.action.conduct" : "worklist.action.open"),
                                    appointment.date <= today ? Link(.appointmentConversation(.value(appointment.id!))) : link),
                           doneTask: nil, personIDs: people.map { $0.id! })
            }
        case .missingSignatures:
            let participants = try await WorkList.missingSignatures(scope: scope, on: db).with(\.$person).with(\.$appointment)
                .range(range).all()
            var order: [UUID] = []
            var byAppointment: [UUID: [AppointmentParticipant]] = [:]
            for participant in participants.sorted(by: { ($0.appointment.heldOn ?? $0.appointment.date) < ($1.appointment.heldOn ?? $1.appointment.date) }) {
                let key = participant.$appointment.id
                if byAppointment[key] == nil { order.append(key) }
                byAppointment[key, default: []].append(participant)
            }
            rows = order.map { key in
                let group = byAppointment[key]!
                let appointment = group[0].appointment
                let link = Link(.appointment(.value(key)))
                return Row(date: appointment.heldOn ?? appointment.date,
                           title: GermanCollation.sorted(Array(Set(group.map(\.person.familyName))), by: { $0 }).joined(separator: " / "),
                           link: link, names: group.map(\.person.name.full), detail: t("worklist.signaturesMissing", ["count": String(group.count)]),
                           action: (t("appointment.collectSignatures"), link.fragment("unterschriften")), doneTask: nil,
                           personIDs: group.map(\.$person.id))
            }
        case .dueSteps:
            let tasks = try await WorkList.dueSteps(scope: scope, today: today, on: db).with(\.$person).with(\.$owner)
                .sort(\.$dueOn).range(range).all()
            rows = tasks.map { task in
                Row(date: task.dueOn, title: task.person.name.sortable, link: Link(.person(.value(task.$person.id))), names: [task.text],
                    detail: [t("worklist.owner", ["name": task.owner.displayName]), task.dueOn < today ? t("worklist.stepOverdue") : ""]
                        .filter { !$0.isEmpty }.joined(separator: " · "),
                    action: nil, doneTask: task.id, personIDs: [task.$person.id])
            }
        }
        return WorkListModel(list: list, rows: rows, total: total, page: page, byName: byName,
                             lists: WorkList.allCases.filter { user.has($0.permission) })
    }
}
