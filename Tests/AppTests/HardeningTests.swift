import Fluent
import XCTVapor
@testable import App
import Domain
import Persistence
@testable import Platform
import SystemAccess
@testable import Letters

/// Attacks and misuse a reviewer found ways for: each must fail safely.
final class HardeningTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make() }
    override func tearDown() async throws { try await app.asyncShutdown(); app = nil }

    func testHugePageNumbersDoNotCrash() async throws {
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        for path in ["/personen?seite=9223372036854775807", "/arbeitslisten/zu-triagieren?seite=9223372036854775807",
                     "/arbeitslisten/zu-planen?seite=-5"] {
            let value1 = try await officer.get(path).status
            XCTAssertEqual(value1, .ok, path)
        }
        let admin = TestClient(app)
        _ = try await admin.login("admin")
        let value2 = try await admin.get("/verwaltung/audit?seite=9223372036854775807").status
        XCTAssertEqual(value2, .ok)
    }

    func testALetterCannotBorrowAnotherPersonsAppointment() async throws {
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        let marija = try await app.person(named: "Marija", "Ivanova")
        let alRinaAppointment = try await Unscoped.query(Appointment.self, on: app.db).first()!
        let page = try await officer.get("/personen/\(marija.id!.uuidString)/briefe/ansicht?art=invitation&sprache=de&termin=\(alRinaAppointment.id!.uuidString)")
        XCTAssertEqual(page.status, .notFound)
        let denied = try await app.auditEntries(action: .recordNotFound)
        XCTAssertEqual(denied.last?.recordID, alRinaAppointment.id!.uuidString)
    }

    func testAnAppointmentStaysWithinOneMunicipality() async throws {
        let officer = TestClient(app)
        _ = try await officer.login("ib.derendingen")
        let muster = try await app.person(named: "M.", "Muster")
        let pereira = try await app.person(named: "Ana", "Pereira")
        try await officer.get("/termine/neu")
        let page = try await officer.post("/termine/neu", pairs: [("date", "2024-10-01"), ("time", "10:00"), ("place", "Gemeindehaus"),
                                                                  ("format", "group"), ("groupConfirmed", "on"),
                                                                  ("participants[]", muster.id!.uuidString), ("participants[]", pereira.id!.uuidString)])
        XCTAssertEqual(page.status, .unprocessableEntity)
        XCTAssertTrue(page.body.contains("Ein Termin gehört zu einer Gemeinde"))
        let count = try await Unscoped.query(Appointment.self, on: app.db).filter(\.$municipality.$id == muster.$municipality.id).count()
        XCTAssertEqual(count, 0)
    }

    func testAHeldAppointmentIsNotEditedBehindItsRecord() async throws {
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        let held = try await Unscoped.query(Appointment.self, on: app.db).filter(\.$status == .held).first()!
        let before = try await Unscoped.query(AppointmentParticipant.self, on: app.db).filter(\.$appointment.$id == held.id!).count()
        try await officer.get("/")
        let karim = try await app.person(named: "Karim", "Al-Rina")
        let page = try await officer.post("/termine/\(held.id!.uuidString)/bearbeiten", pairs: [
            ("date", "2024-09-12"), ("time", "14:00"), ("place", "X"), ("format", "single"), ("participants[]", karim.id!.uuidString)])
        XCTAssertEqual(page.status, .seeOther)
        let after = try await Unscoped.query(AppointmentParticipant.self, on: app.db).filter(\.$appointment.$id == held.id!).count()
        XCTAssertEqual(after, before, "signatures and consent stay")
        let value1 = try await officer.get("/termine/\(held.id!.uuidString)/bearbeiten").location?.hasPrefix("/termine/")
        XCTAssertEqual(value1, true)
    }

    func testCounterClerksMakeNoCaseWorkDocuments() async throws {
        let clerk = TestClient(app)
        _ = try await clerk.login("schalter.grenchen")
        let samira = try await app.person(named: "Samira", "Al-Rina")
        let base = "/personen/\(samira.id!.uuidString)/briefe"
        let value1 = try await clerk.get("\(base)/ansicht?art=summons&sprache=de").status
        XCTAssertEqual(value1, .forbidden)
        let value2 = try await clerk.get("\(base)/ansicht?art=misa_report&sprache=de").status
        XCTAssertEqual(value2, .forbidden)
        let value3 = try await clerk.get("\(base)/ansicht?art=welcome&sprache=ar").status
        XCTAssertEqual(value3, .ok)
        let chooser = try await clerk.get(base).body
        XCTAssertFalse(chooser.contains("value=\"summons\""))
    }

    func testSVGLogosCannotReachFilesOrHosts() {
        let svg = { (inner: String) in Data("<svg xmlns=\"http://www.w3.org/2000/svg\">\(inner)</svg>".utf8) }
        XCTAssertEqual(LetterheadRoutes.logoType(svg("<rect width=\"10\" height=\"10\" fill=\"#a3001e\"/>")), "image/svg+xml")
        XCTAssertEqual(LetterheadRoutes.logoType(svg("<use href=\"#a\"/>")), "image/svg+xml")
        for attack in ["<image href=\"file:///etc/passwd\"/>", "<image href = \"http://10.0.0.1/x\"/>", "<image href=\"&#104;ttp://x\"/>",
                       "<use xlink:href='//host/x.svg#a'/>", "<rect style=\"fill:url(http://x/y)\"/>", "<script>x</script>"] {
            XCTAssertNil(LetterheadRoutes.logoType(svg(attack)), attack)
        }
    }

    func testWrongCurrentPasswordsAreThrottledAndAudited() async throws {
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        try await officer.get("/konto/passwort")
        for _ in 0..<LoginThrottlePolicy.pairFailuresAllowed {
            let page = try await officer.post("/konto/passwort", ["currentPassword": "falsch", "newPassword": "ein-neues-langes-Passwort", "confirmation": "ein-neues-langes-Passwort"])
            XCTAssertTrue(page.body.contains("Das aktuelle Passwort ist falsch."))
        }
        let blocked = try await officer.post("/konto/passwort", ["currentPassword": TestApp.demoPassword, "newPassword": "ein-neues-langes-Passwort",
                                                                 "confirmation": "ein-neues-langes-Passwort"])
        XCTAssertEqual(blocked.status, .unprocessableEntity)
        XCTAssertTrue(blocked.body.contains("Zu viele fehlgeschlagene"))
        let failures = try await app.auditEntries(action: .loginFailed)
        XCTAssertEqual(failures.count, LoginThrottlePolicy.pairFailuresAllowed)
    }
}
