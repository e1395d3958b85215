import Domain
import Foundation
import Platform

/// The person page: the personal data sheet, the household, what can be done, and the timeline.
struct PersonDetailModel {
    struct Field {
        let label: String
        let value: String
    }

    struct Member {
        let id: UUID
        let name: PersonName
        let age: String
        let isSelf: Bool
    }

    struct Action {
        let label: String
        let link: Link
    }

    let id: UUID
    let householdID: UUID
    let name: PersonName
    let fields: [Field]
    let address: String
    let municipality: String
    let members: [Member]
    let actions: [Action]
    let timeline: [TimelineEntry]
    let tasks: [HouseholdTask]
}
