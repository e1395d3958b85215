import Fluent
import XCTVapor
@testable import App
import Domain
import Persistence
@testable import Platform
import SystemAccess

/// Bad input: a German message at the field, the typed values kept, nothing stored.
final class FormTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make() }
    override func tearDown() async throws { try await app.asyncShutdown(); app = nil }

    func testPersonFormRejectsBadValues() async throws {
        let client = TestClient(app)
        _ = try await client.login("schalter.grenchen")
        let person = try await app.person(named: "Marija", "Ivanova")
        let path = "/personen/\(person.id!.uuidString)/bearbeiten"
        try await client.get(path)
        let page = try await client.post(path, editForm(person, ["phone": "abc", "email": "marija(at)example", "focusNote": "Weiterbildung"]))
        XCTAssertEqual(page.status, .unprocessableEntity)
        XCTAssertTrue(page.body.contains("Bitte eine gültige Telefonnummer eingeben"))
        XCTAssertTrue(page.body.contains("Bitte eine gültige E-Mail-Adresse eingeben"))
        XCTAssertTrue(page.body.contains("value=\"marija(at)example\""))
        XCTAssertTrue(page.body.contains(">Weiterbildung</textarea>"))
        XCTAssertTrue(page.body.contains("aria-invalid=\"true\" aria-describedby=\"p0-email-error\""))
        let stored = try await app.person(named: "Marija", "Ivanova")
        XCTAssertNil(stored.email)
        XCTAssertNil(stored.focusNote)
        let value11 = try await app.auditEntries(action: .personUpdated).isEmpty
        XCTAssertTrue(value11)
    }

    func testUserFormRejectsBadValuesAndCreatesValidAccounts() async throws {
        let admin = TestClient(app)
        _ = try await admin.login("admin")
        try await admin.get("/verwaltung/benutzer/neu")
        let grenchenUnit = try await OrganisationalUnit.query(on: app.db).filter(\.$name == "Grenchen").first()!
        let misaUnit = try await OrganisationalUnit.query(on: app.db).filter(\.$name == "MISA").first()!
        let count = try await User.query(on: app.db).count()

        let bad = try await admin.post("/verwaltung/benutzer/neu", ["username": "ib.grenchen", "displayName": "", "email": "x",
                                                                   "role": "integration_officer", "unitID": misaUnit.id!.uuidString])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.contains("Diesen Benutzernamen gibt es bereits."))
        XCTAssertTrue(bad.body.contains("Bitte ausfüllen."))
        XCTAssertTrue(bad.body.contains("Diese Einheit passt nicht zur Rolle"))
        let value12 = try await User.query(on: app.db).count()
        XCTAssertEqual(value12, count)

        let badName = try await admin.post("/verwaltung/benutzer/neu", ["username": "Anna Beispiel!", "displayName": "Anna",
                                                                       "role": "counter_clerk", "unitID": grenchenUnit.id!.uuidString])
        XCTAssertTrue(badName.body.contains("3–50 Zeichen"))
        XCTAssertTrue(badName.body.contains("value=\"Anna Beispiel!\""))

        let good = try await admin.post("/verwaltung/benutzer/neu", ["username": "anna.beispiel", "displayName": "Anna Beispiel",
                                                                    "email": "anna@grenchen.example", "role": "counter_clerk",
                                                                    "unitID": grenchenUnit.id!.uuidString])
        XCTAssertEqual(good.status, .ok)
        XCTAssertTrue(good.body.contains("Einmal-Passwort"))
        let created = try await User.query(on: app.db).filter(\.$username == "anna.beispiel").first()
        XCTAssertEqual(created?.mustChangePassword, true)
        let value13 = try await app.auditEntries(action: .userCreated).last?.recordID
        XCTAssertEqual(value13, created?.id?.uuidString)
    }

    func testMunicipalityFormChecksTheBFSNumber() async throws {
        let expert = TestClient(app)
        _ = try await expert.login("ags.fachexpertin")
        let grenchen = try await Municipality.query(on: app.db).filter(\.$name == "Grenchen").first()!
        let path = "/organisation/gemeinden/\(grenchen.id!.uuidString)"
        try await expert.get(path)
        let taken = try await expert.post(path, ["bfsNumber": "2517", "name": "Grenchen", "districtID": grenchen.$district.id.uuidString,
                                                 "participates": "on", "active": "on"])
        XCTAssertEqual(taken.status, .unprocessableEntity)
        XCTAssertTrue(taken.body.contains("Diese BFS-Nummer hat bereits die Gemeinde Derendingen."))
        let value14 = try await Municipality.find(grenchen.id, on: app.db)?.bfsNumber
        XCTAssertEqual(value14, 2546)

        let short = try await expert.post(path, ["bfsNumber": "25", "name": "", "districtID": "nix"])
        XCTAssertTrue(short.body.contains("vier Ziffern"))
        XCTAssertTrue(short.body.contains("Bitte ausfüllen."))

        // Participation is data the canton edits.
        let saved = try await expert.post(path, ["bfsNumber": "2546", "name": "Grenchen", "districtID": grenchen.$district.id.uuidString,
                                                 "active": "on"])
        XCTAssertEqual(saved.status, .seeOther)
        let value15 = try await Municipality.find(grenchen.id, on: app.db)?.participates
        XCTAssertEqual(value15, false)
    }

    func testLeadGroupMembersDecideWhatItsOfficerSees() async throws {
        let expert = TestClient(app)
        _ = try await expert.login("ags.fachexpertin")
        let group = try await LeadGroup.query(on: app.db).first()!
        let members = try await Municipality.query(on: app.db).filter(\.$leadGroup.$id == group.id).all()
        let withoutLuterbach = members.filter { $0.name != "Luterbach" }
        try await expert.get("/organisation/leitgemeinden/\(group.id!.uuidString)")
        let saved = try await expert.post("/organisation/leitgemeinden/\(group.id!.uuidString)", pairs:
            [("name", group.name), ("leadMunicipalityID", group.$leadMunicipality.id.uuidString)]
            + withoutLuterbach.map { ("members[]", $0.id!.uuidString) })
        XCTAssertEqual(saved.status, .seeOther)

        let officer = TestClient(app)
        _ = try await officer.login("ib.derendingen")
        let list = try await officer.get("/personen").body
        XCTAssertFalse(list.contains("Kovalenko"), "Luterbach left the group")
        XCTAssertTrue(list.contains("Pereira"))

        // A municipality of another group cannot be taken over silently.
        let grenchen = try await Municipality.query(on: app.db).filter(\.$name == "Grenchen").first()!
        try await expert.get("/organisation/leitgemeinden/neu")
        let clash = try await expert.post("/organisation/leitgemeinden/neu", pairs:
            [("name", "Leitgemeinde Grenchen"), ("leadMunicipalityID", grenchen.id!.uuidString), ("members[]", withoutLuterbach[0].id!.uuidString)])
        XCTAssertEqual(clash.status, .unprocessableEntity)
        XCTAssertTrue(clash.body.contains("Bereits in einer anderen Leitgemeinde"))
    }

    func testDistrictExpertsAreAssigned() async throws {
        let expert = TestClient(app)
        _ = try await expert.login("ags.fachexpertin")
        try await expert.get("/organisation/bezirke")
        let olten = try await District.query(on: app.db).filter(\.$name == "Olten").first()!
        let user = try await User.query(on: app.db).filter(\.$username == "ags.fachexpertin").first()!
        var form: [String: String] = [:]
        for district in try await District.query(on: app.db).all() {
            form["expert_\(district.id!.uuidString)"] = district.$expert.id?.uuidString ?? ""
        }
        form["expert_\(olten.id!.uuidString)"] = user.id!.uuidString
        let value16 = try await expert.post("/organisation/bezirke", form).status
        XCTAssertEqual(value16, .seeOther)
        let value17 = try await District.find(olten.id, on: app.db)?.$expert.id
        XCTAssertEqual(value17, user.id)
        // A user who is not a canton expert cannot be named.
        let clerk = try await User.query(on: app.db).filter(\.$username == "schalter.grenchen").first()!
        form["expert_\(olten.id!.uuidString)"] = clerk.id!.uuidString
        let value18 = try await expert.post("/organisation/bezirke", form).status
        XCTAssertEqual(value18, .badRequest)
        let value19 = try await District.find(olten.id, on: app.db)?.$expert.id
        XCTAssertEqual(value19, user.id)
    }
}
