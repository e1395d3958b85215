import Domain
import Fluent
import Foundation
import Persistence
import Platform

/// The work lists of the counter and the integration officer. Each is an index range on a stored
/// status (the person's stage, the appointment's status, a missing signature), never a scan.
enum WorkList: String, CaseIterable, Sendable {
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

    var link: Link { Link(.workList(.value(rawValue))) }

    /// The person stage the list shows, for the lists of persons.
    var stage: InformierenStage? {
        switch self {
        case .toTriage: .toTriage
        case .toPlan: .toPlan
        case .didNotCome: .missed
        case .upcoming, .missingSignatures: nil
        }
    }

    func count(scope: AccessScope, on db: any Database) async throws -> Int {
        if let stage { return try await scope.persons(on: db).filter(\.$stage == stage).count() }
        switch self {
        case .upcoming: return try await scope.query(Appointment.self, on: db).filter(\.$status == .planned).count()
        default: return try await WorkList.missingSignatures(scope: scope, on: db).count()
        }
    }

    /// Present at a held conversation, no signature yet (a partial index holds exactly these rows).
    static func missingSignatures(scope: AccessScope, on db: any Database) -> QueryBuilder<AppointmentParticipant> {
        scope.query(AppointmentParticipant.self, on: db).filter(\.$attendance == .present).filter(\.$signatureOn == nil)
    }
}

/// The counts on the start page.
struct WorkListCounts: WorkListSource {
    func counts(_ request: WorkListRequest) async throws -> [WorkListCount] {
        guard request.user.has(.viewPersons) else { return [] }
        var result: [WorkListCount] = []
        for list in WorkList.allCases where request.user.has(list.permission) {
            result.append(WorkListCount(label: request.texts("worklist.\(list.key)"), link: list.link,
                                        count: try await list.count(scope: request.scope, on: request.database), capped: false))
        }
        return result
    }
}

/// One page of a work list.
struct WorkListModel {
    struct Row {
        let link: Link
        let name: String
        let detail: String
        let date: CalendarDate?
        let personID: UUID?
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
        let names = ids.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await Municipality.query(on: db).filter(\.$id ~~ ids).all()
            .map { ($0.id!, $0.name) })
        func personRow(_ person: Person, detail: String, date: CalendarDate?) -> Row {
            Row(link: Link(.person(.value(person.id!))), name: person.name.sortable,
                detail: [names[person.$municipality.id] ?? "", detail].filter { !$0.isEmpty }.joined(separator: " · "),
                date: date, personID: person.id)
        }
        let total = try await list.count(scope: scope, on: db)
        var rows: [Row] = []
        switch list {
        case .toTriage, .toPlan, .didNotCome:
            var query = scope.persons(on: db).filter(\.$stage == list.stage!)
            query = byName ? query.sort(\.$nameKey) : query.sort(\.$moveInDate, .descending).sort(\.$nameKey)
            rows = try await query.range(range).all().map { person in
                let detail: String
                switch list {
                case .toTriage: detail = person.targetGroup.map { t.label("targetGroup", $0) } ?? ""
                case .toPlan: detail = person.motherTongue.map(reference.languages.name) ?? ""
                default: detail = t("worklist.absent")
                }
                return personRow(person, detail: detail, date: person.moveInDate)
            }
        case .upcoming:
            let appointments = try await scope.query(Appointment.self, on: db).filter(\.$status == .planned)
                .sort(\.$date).sort(\.$time).range(range).with(\.$participants).all()
            rows = appointments.map { appointment in
                Row(link: Link(.appointment(.value(appointment.id!))), name: "\(appointment.time), \(appointment.place)",
                    detail: t("worklist.participants", ["count": String(appointment.participants.count)])
                        + (appointment.date < today ? " · " + t("worklist.overdue") : ""),
                    date: appointment.date, personID: nil)
            }
        case .missingSignatures:
            let participants = try await WorkList.missingSignatures(scope: scope, on: db).with(\.$person).with(\.$appointment)
                .range(range).all().sorted { $0.appointment.date < $1.appointment.date }
            rows = participants.map { personRow($0.person, detail: t("worklist.signatureMissing"), date: $0.appointment.date) }
        }
        return WorkListModel(list: list, rows: rows, total: total, page: page, byName: byName,
                             lists: WorkList.allCases.filter { user.has($0.permission) })
    }
}
