import Fluent
import Foundation
import XCTVapor
@testable import App
import Domain
@testable import Informieren
import Persistence
@testable import Persons
@testable import Platform
@testable import Start
import SystemAccess

/// The main pages' models, built from the database and a user's scope, without HTML.
final class PageModelTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make() }
    override func tearDown() async throws { try await app.asyncShutdown(); app = nil }

    func user(_ username: String) async throws -> AuthenticatedUser {
        let user = try await User.query(on: app.db).filter(\.$username == username).with(\.$unit).first()!
        let scope = try await Sessions.scope(role: user.role, unitKind: user.unit.kind, municipalityID: user.unit.$municipality.id,
                                             leadGroupID: user.unit.$leadGroup.id, on: app.db)
        return AuthenticatedUser(userID: user.id!, username: user.username, displayName: user.displayName, role: user.role,
                                 unitID: user.unit.id!, unitName: user.unit.name, unitKind: user.unit.kind, mustChangePassword: false,
                                 sessionID: UUID(), sessionToken: "", scope: scope)
    }

    var today: CalendarDate { CalendarDate(app.clock.now()) }

    func testStartPageOfTheOfficer() async throws {
        let officer = try await user("ib.grenchen")
        let model = try await StartPageModel.query(user: officer, database: app.db, areas: app.areas, texts: app.localizer, today: today)
        XCTAssertEqual(model.displayName, "Nadia Keller")
        XCTAssertTrue(model.showsPersons)
        // The Gebremedhin household moved in twelve days ago; the 2024 arrivals are older than 90 days.
        XCTAssertEqual(Set(model.recentArrivals.map(\.name.family)), ["Gebremedhin"])
        let lists = Dictionary(uniqueKeysWithValues: model.workLists.map { ($0.label, $0.count) })
        XCTAssertEqual(lists["Zu planen"], 2, "the Gebremedhin household, triaged oral")
        XCTAssertEqual(lists["Fehlende Unterschriften"], 1, "Karim Al-Rina")
        XCTAssertEqual(lists["Zu triagieren"], 0)
    }

    func testStartPageOfTheCantonShowsNoPersons() async throws {
        let expert = try await user("ags.fachexpertin")
        let model = try await StartPageModel.query(user: expert, database: app.db, areas: app.areas, texts: app.localizer, today: today)
        XCTAssertFalse(model.showsPersons)
        XCTAssertTrue(model.recentArrivals.isEmpty)
        XCTAssertTrue(model.workLists.isEmpty)
        XCTAssertTrue(model.figures.contains { $0.value.contains("Lebern") })
    }

    func testPersonPageCollectsEveryAreasTimeline() async throws {
        let officer = try await user("ib.grenchen")
        let marija = try await app.person(named: "Marija", "Ivanova")
        let model = try await PersonDetailModel.query(marija, user: officer, database: app.db, areas: app.areas, texts: app.localizer,
                                                      reference: app.reference, today: today)
        XCTAssertEqual(model.name.full, "Marija Ivanova")
        let titles = model.timeline.map(\.title)
        XCTAssertEqual(titles.filter { $0.hasPrefix("Kontakt") }.count, 3, "contacts A, B and C")
        XCTAssertTrue(titles.contains("Triage: schriftliche Erstinformation"))
        XCTAssertEqual(model.timeline.map(\.date), model.timeline.map(\.date).sorted(by: >), "newest first")
        XCTAssertTrue(model.actions.contains { $0.label == "Brief erstellen" }, "the letters area's action")
    }

    func testWorkListIsTheStagesIndexRange() async throws {
        let officer = try await user("ib.grenchen")
        let model = try await WorkListModel.query(.toPlan, page: 1, byName: true, user: officer, database: app.db, texts: app.localizer,
                                                  reference: app.reference, today: today)
        XCTAssertEqual(model.total, 2, "two persons waiting")
        XCTAssertEqual(model.rows.map(\.title), ["Gebremedhin"], "one row for their household")
        XCTAssertEqual(model.rows.first?.names.count, 2)
        XCTAssertEqual(model.rows.first?.action?.label, "Gespräch planen")
        let other = try await user("ib.derendingen")
        let elsewhere = try await WorkListModel.query(.toPlan, page: 1, byName: true, user: other, database: app.db, texts: app.localizer,
                                                      reference: app.reference, today: today)
        XCTAssertEqual(elsewhere.total, 0, "another unit sees none of Grenchen's persons")
    }

    func testHouseholdModel() async throws {
        let officer = try await user("ib.grenchen")
        let samira = try await app.person(named: "Samira", "Al-Rina")
        let household = try await Unscoped.find(Household.self, samira.$household.id, on: app.db)!
        let model = try await HouseholdModel.query(household, user: officer, database: app.db, areas: app.areas, texts: app.localizer,
                                                   reference: app.reference, today: today, justRegistered: false)
        XCTAssertEqual(model.members.map(\.name.given), ["Karim", "Samira", "Adil", "Lina"])
        // The task list: held, Mr Al-Rina's signature missing.
        XCTAssertEqual(model.tasks.map(\.state), [.done, .done, .done, .done, .done, .done, .toDo])
        XCTAssertEqual(model.tasks.last?.note, "1 von 2", "the children need not sign")
        XCTAssertTrue(model.members.allSatisfy { $0.triage == "mündlich (Erstinformationsgespräch)" })
    }
}
