import Domain
import Fluent
import Foundation
import Persistence
import Vapor

/// An area of the programme (Informieren, Letters, …) as App sees it: its routes, its entry in the
/// navigation, and what it contributes to pages of other areas (the person timeline, the work lists
/// on the start page, actions on the person page). A new area is one target and one line in App.
package protocol Area: Sendable {
    /// Routes without login (login, health) and behind the login.
    func registerRoutes(open: any RoutesBuilder, loggedIn: any RoutesBuilder)
    var navigation: [NavigationEntry] { get }
    var timeline: [any TimelineSource] { get }
    var workLists: [any WorkListSource] { get }
    var personActions: [PersonAction] { get }
    var householdTasks: [any HouseholdTaskSource] { get }
}

extension Area {
    package func registerRoutes(open: any RoutesBuilder, loggedIn: any RoutesBuilder) {}
    package var navigation: [NavigationEntry] { [] }
    package var timeline: [any TimelineSource] { [] }
    package var workLists: [any WorkListSource] { [] }
    package var personActions: [PersonAction] { [] }
    package var householdTasks: [any HouseholdTaskSource] { [] }
}

/// One item of the main navigation, shown to users with the permission.
package struct NavigationEntry: Sendable {
    package let textKey: String
    package let url: SiteURL
    package let permission: Permission?
    /// Its place in the navigation (the work folder's order).
    package let order: Int
    /// Pages that belong to the area without living under its path.
    package let alsoCurrentFor: [SiteURL]

    package init(textKey: String, url: SiteURL, permission: Permission?, order: Int, alsoCurrentFor: [SiteURL] = []) {
        self.textKey = textKey
        self.url = url
        self.permission = permission
        self.order = order
        self.alsoCurrentFor = alsoCurrentFor
    }
}

/// One entry on a person's timeline.
package struct TimelineEntry: Sendable {
    package let date: CalendarDate
    /// Orders entries of the same day ("14:00", or a fixed rank).
    package let sortKey: String
    package let title: String
    package let lines: [String]
    package let link: Link?

    package init(date: CalendarDate, sortKey: String, title: String, lines: [String], link: Link?) {
        self.date = date
        self.sortKey = sortKey
        self.title = title
        self.lines = lines
        self.link = link
    }
}

/// What the person page gives a timeline source: the person, read through the user's scope.
package struct TimelineRequest: Sendable {
    package let person: Person
    package let scope: AccessScope
    package let database: any Database
    package let texts: Localizer
    package let reference: ReferenceData
    package let user: AuthenticatedUser

    package init(person: Person, scope: AccessScope, database: any Database, texts: Localizer, reference: ReferenceData,
                 user: AuthenticatedUser) {
        self.person = person
        self.scope = scope
        self.database = database
        self.texts = texts
        self.reference = reference
        self.user = user
    }
}

/// An area's entries on the person timeline.
package protocol TimelineSource: Sendable {
    func entries(_ request: TimelineRequest) async throws -> [TimelineEntry]
}

/// A work list's count for the start page.
package struct WorkListCount: Sendable {
    package let label: String
    package let link: Link
    package let count: Int
    /// The count stopped at its cap ("500+"): counting is bounded by what the page shows.
    package let capped: Bool

    package init(label: String, link: Link, count: Int, capped: Bool) {
        self.label = label
        self.link = link
        self.count = count
        self.capped = capped
    }
}

package struct WorkListRequest: Sendable {
    package let user: AuthenticatedUser
    package let scope: AccessScope
    package let database: any Database
    package let texts: Localizer
    package let today: CalendarDate

    package init(user: AuthenticatedUser, scope: AccessScope, database: any Database, texts: Localizer, today: CalendarDate) {
        self.user = user
        self.scope = scope
        self.database = database
        self.texts = texts
        self.today = today
    }
}

/// A piece of work the start page offers directly: a household to triage or to plan, with the link to do it.
package struct NextAction: Sendable {
    package let title: String
    package let detail: String
    package let actionLabel: String
    package let link: Link
    /// The persons shown (for the audit trail of the start page).
    package let personIDs: [UUID]

    package init(title: String, detail: String, actionLabel: String, link: Link, personIDs: [UUID]) {
        self.title = title
        self.detail = detail
        self.actionLabel = actionLabel
        self.link = link
        self.personIDs = personIDs
    }
}

/// A work list as the start page shows it: its name, its link, and the count it asks for. The start
/// page asks every area's counts in one statement (`AccessScope.counts`).
package struct WorkListDeclaration: Sendable {
    package let label: String
    package let link: Link
    package let count: ScopedCount

    package init(label: String, link: Link, count: ScopedCount) {
        self.label = label
        self.link = link
        self.count = count
    }
}

/// An area's work lists for the start page, and the first few pieces of work from them.
package protocol WorkListSource: Sendable {
    func workLists(_ request: WorkListRequest) -> [WorkListDeclaration]
    func nextActions(_ request: WorkListRequest) async throws -> [NextAction]
}

extension WorkListSource {
    package func nextActions(_ request: WorkListRequest) async throws -> [NextAction] { [] }
}

/// A link on the person page to something another area does with the person (triage, letters).
package struct PersonAction: Sendable {
    package let textKey: String
    package let permission: Permission
    package let link: @Sendable (_ person: UUID, _ household: UUID) -> Link

    package init(textKey: String, permission: Permission, link: @escaping @Sendable (UUID, UUID) -> Link) {
        self.textKey = textKey
        self.permission = permission
        self.link = link
    }
}

/// One step of a household's task list: what, its state, when, and where to do it (only for users
/// who may; nobody gets a link that ends in "Kein Zugriff").
package struct HouseholdTask: Sendable {
    package let label: String
    package let state: StepState
    package let date: CalendarDate?
    package let link: Link?
    /// A short note beside the state ("2 von 3", "nicht erschienen").
    package let note: String?

    package init(label: String, state: StepState, date: CalendarDate?, link: Link?, note: String? = nil) {
        self.label = label
        self.state = state
        self.date = date
        self.link = link
        self.note = note
    }
}

package struct HouseholdTaskRequest: Sendable {
    package let householdID: UUID
    package let registeredOn: CalendarDate
    package let members: [Person]
    package let user: AuthenticatedUser
    package let database: any Database
    package let texts: Localizer
    package let reference: ReferenceData
    package let today: CalendarDate

    package init(householdID: UUID, registeredOn: CalendarDate, members: [Person], user: AuthenticatedUser, database: any Database,
                 texts: Localizer, reference: ReferenceData, today: CalendarDate) {
        self.householdID = householdID
        self.registeredOn = registeredOn
        self.members = members
        self.user = user
        self.database = database
        self.texts = texts
        self.reference = reference
        self.today = today
    }

    package var scope: AccessScope { user.scope }
}

/// An area's steps in the household's task list (Informieren: triage to signatures).
package protocol HouseholdTaskSource: Sendable {
    func tasks(_ request: HouseholdTaskRequest) async throws -> [HouseholdTask]
}

/// Everything the areas contribute, collected once by App.
package struct AreaRegistry: Sendable {
    package let navigation: [NavigationEntry]
    package let timeline: [any TimelineSource]
    package let workLists: [any WorkListSource]
    package let personActions: [PersonAction]
    package let householdTasks: [any HouseholdTaskSource]

    package init(_ areas: [any Area]) {
        navigation = areas.flatMap(\.navigation).sorted { $0.order < $1.order }
        timeline = areas.flatMap(\.timeline)
        workLists = areas.flatMap(\.workLists)
        personActions = areas.flatMap(\.personActions)
        householdTasks = areas.flatMap(\.householdTasks)
    }
}

extension Application {
    private struct AreaRegistryKey: StorageKey { typealias Value = AreaRegistry }
    package var areas: AreaRegistry {
        get { storage[AreaRegistryKey.self] ?? AreaRegistry([]) }
        set { storage[AreaRegistryKey.self] = newValue }
    }
}

extension Request {
    package var areas: AreaRegistry { application.areas }
}
