import Domain
import Foundation
import Platform

/// What the start page shows, per role.
struct StartPageModel {
    struct Arrival {
        let id: UUID
        let name: PersonName
        let birthDate: CalendarDate
        let moveInDate: CalendarDate?
        let municipality: String
    }

    struct Figure {
        let label: String
        let value: String
    }

    let displayName: String
    let role: Role
    let unitName: String
    let municipalities: [String]
    let figures: [Figure]
    let showsPersons: Bool
    let recentArrivals: [Arrival]
    let workLists: [WorkListCount]
    let nextActions: [NextAction]
    let canRegister: Bool

    /// Every person the page shows, once (one audit entry for the page).
    var shownPersons: [UUID] {
        var seen = Set<UUID>()
        return (recentArrivals.map(\.id) + nextActions.flatMap(\.personIDs)).filter { seen.insert($0).inserted }
    }
}
