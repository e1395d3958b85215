import Domain
import Fluent
import Foundation
import Persistence
import Platform

extension StartPageModel {
    /// Recent arrivals: moved in during the last 90 days, newest first.
    static let arrivalDays = 90
    static let arrivalsShown = 20

    static func query(user: AuthenticatedUser, database db: any Database, areas: AreaRegistry, texts: Localizer,
                      today: CalendarDate) async throws -> StartPageModel {
        let scope = user.scope
        let names = try await municipalityNames(scope.municipalityIDs, on: db)
        var figures: [Figure] = []
        if user.has(.viewCantonFigures) {
            let all = try await Municipality.query(on: db).filter(\.$active == true).all()
            figures.append(Figure(label: texts("start.figure.participating"), value: "\(all.filter(\.participates).count) / \(all.count)"))
            let districts = try await District.query(on: db).filter(\.$expert.$id == user.userID).sort(\.$name).all()
            figures.append(Figure(label: texts("start.figure.expertDistricts"),
                                  value: districts.isEmpty ? "–" : districts.map(\.name).joined(separator: ", ")))
        }
        if user.has(.manageUsers) {
            let total = try await User.query(on: db).count()
            let locked = try await User.query(on: db).filter(\.$locked == true).count()
            figures.append(Figure(label: texts("start.figure.users"), value: String(total)))
            figures.append(Figure(label: texts("start.figure.lockedUsers"), value: String(locked)))
        }
        if user.has(.viewAuditTrail), let head = try await AuditHead.find(1, on: db) {
            figures.append(Figure(label: texts("start.figure.auditEntries"), value: String(head.sequence)))
        }
        let request = WorkListRequest(user: user, scope: scope, database: db, texts: texts, today: today)
        // Every area's work lists and the arrivals of the window in one count query (each bounded by an index).
        let declared = areas.workLists.flatMap { $0.workLists(request) }
        var counted = declared.map(\.count)
        if user.has(.viewPersons) {
            counted.append(ScopedCount(Person.self, [.atLeast(\Person.$moveInDate, today.adding(days: -arrivalDays).description)]))
        }
        // The arrivals, the areas' next actions and the counts read independently (on PostgreSQL as one statement).
        let countsAsked = counted
        var parts: [@Sendable () async throws -> Part] = [{ .counts(try await scope.counts(countsAsked, on: db)) }]
        if user.has(.viewPersons) {
            parts.append {
                let since = today.adding(days: -arrivalDays)
                return .arrivals(try await scope.records(Person.self, on: db).filter(\.$moveInDate, .greaterThanOrEqual, since)
                    .sort(\.$moveInDate, .descending).limit(arrivalsShown).personRows())
            }
        }
        for source in areas.workLists { parts.append { .nextActions(try await source.nextActions(request)) } }
        var counts: [Int] = [], arrivals: [Arrival] = [], nextActions: [NextAction] = []
        for part in try await ReadBatch.together(on: db, parts) {
            switch part {
            case .counts(let found): counts = found
            case .arrivals(let persons):
                arrivals = persons.map { person in
                    Arrival(id: person.id, name: person.name, birthDate: person.birthDate, moveInDate: person.moveInDate,
                            municipality: names[person.municipalityID] ?? "")
                }
            case .nextActions(let actions): nextActions += actions
            }
        }
        if user.has(.viewPersons), let recent = counts.popLast() {
            figures.insert(Figure(label: texts("start.figure.arrivals"), value: String(recent)), at: 0)
        }
        let workLists = zip(declared, counts).map { WorkListCount(label: $0.label, link: $0.link, count: $1, capped: false) }
        return StartPageModel(
            displayName: user.displayName, role: user.role, unitName: user.unitName, municipalities: names.values.sorted(),
            figures: figures, showsPersons: user.has(.viewPersons), recentArrivals: arrivals, workLists: workLists,
            nextActions: nextActions,
            canRegister: user.has(.editPersons))
    }

    /// What one independent read of the page found.
    private enum Part: Sendable {
        case counts([Int])
        case arrivals([PersonRow])
        case nextActions([NextAction])
    }

    static func municipalityNames(_ ids: [UUID], on db: any Database) async throws -> [UUID: String] {
        try await MunicipalityNames.names(ids, on: db)
    }
}
