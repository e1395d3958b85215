import Fluent
import XCTVapor
@testable import App
import Domain
import Persistence
@testable import Platform
import SystemAccess

final class CSRFTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make() }
    override func tearDown() async throws { try await app.asyncShutdown(); app = nil }

    func testPostWithoutOrWithWrongTokenChangesNothing() async throws {
        let client = TestClient(app)
        _ = try await client.login("ib.grenchen")
        let person = try await app.person(named: "Marija", "Ivanova")
        let path = "/personen/\(person.id!.uuidString)/bearbeiten"
        try await client.get(path)
        let valid = try XCTUnwrap(client.csrf)

        let missing = try await client.post(path, editForm(person, ["phone": "079 111 22 33"]), csrf: .some(nil))
        XCTAssertEqual(missing.status, .forbidden)
        XCTAssertTrue(missing.body.contains("Sicherheitsprüfung"))
        let wrong = try await client.post(path, editForm(person, ["phone": "079 111 22 33"]), csrf: (valid.hasPrefix("A") ? "B" : "A") + String(valid.dropFirst()))
        XCTAssertEqual(wrong.status, .forbidden)

        // A token of another session does not work either.
        let other = TestClient(app)
        _ = try await other.login("schalter.grenchen")
        try await other.get("/")
        let foreign = try await client.post(path, editForm(person, ["phone": "079 111 22 33"]), csrf: other.csrf)
        XCTAssertEqual(foreign.status, .forbidden)

        let unchanged = try await app.person(named: "Marija", "Ivanova")
        XCTAssertNil(unchanged.phone)
        let value1 = try await app.auditEntries(action: .csrfRejected).count
        XCTAssertEqual(value1, 3)

        let accepted = try await client.post(path, editForm(person, ["phone": "079 111 22 33"]), csrf: valid)
        XCTAssertEqual(accepted.status, .seeOther)
        let value2 = try await app.person(named: "Marija", "Ivanova").phone
        XCTAssertEqual(value2, "079 111 22 33")
    }

    func testLoginFormNeedsItsToken() async throws {
        let client = TestClient(app)
        try await client.get("/login")
        let page = try await client.post("/login", ["username": "ib.grenchen", "password": TestApp.demoPassword], csrf: .some(nil))
        XCTAssertEqual(page.status, .forbidden)
        XCTAssertNil(client.cookies["si_session"])
    }

    func testLogoutByForeignFormIsRefused() async throws {
        let client = TestClient(app)
        _ = try await client.login("ib.grenchen")
        let page = try await client.post("/logout", [:], csrf: "falsch")
        XCTAssertEqual(page.status, .forbidden)
        let value3 = try await client.get("/").status
        XCTAssertEqual(value3, .ok)
    }
}
