import Domain
import Foundation

/// The person list: one page of the user's persons by name, or the results of a search.
struct PersonListModel {
    struct Row {
        let id: UUID
        let name: PersonName
        let birthDate: CalendarDate
        let nationality: String
        let permit: String
        let municipality: String
    }

    let rows: [Row]
    let page: Int
    let pageCount: Int
    let hasPrevious: Bool
    let hasNext: Bool
    let total: Int
    let isSearch: Bool
}
