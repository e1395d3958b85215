import XCTest
@testable import StartIntegration

final class DomainTests: XCTestCase {
    func testPasswordPolicy() {
        XCTAssertEqual(PasswordPolicy.violations(password: "kurz", username: "anna"), [.tooShort])
        XCTAssertEqual(PasswordPolicy.violations(password: "ein-langer-Satz-mit-anna", username: "anna"), [.containsUsername])
        XCTAssertEqual(PasswordPolicy.violations(password: String(repeating: "a", count: 20), username: "bob"), [.singleRepeatedCharacter])
        XCTAssertEqual(PasswordPolicy.violations(password: String(repeating: "ab", count: 129), username: "bob"), [.tooLong])
        XCTAssertEqual(PasswordPolicy.violations(password: "Sonnenblumen am Aareufer", username: "ib.grenchen"), [])
    }

    func testNameFoldingMatchesSpellings() {
        XCTAssertEqual(NameFolding.key("Müller"), NameFolding.key("Mueller"))
        XCTAssertEqual(NameFolding.key("Müller"), NameFolding.key("Muller"))
        XCTAssertEqual(NameFolding.key("Al-Rina"), NameFolding.key("Alrina"))
        XCTAssertEqual(NameFolding.key("Al-Rina"), NameFolding.key("Al Rina"))
        XCTAssertEqual(NameFolding.key("ÇELİK"), "celik")
        XCTAssertNotEqual(NameFolding.key("Ivanova"), NameFolding.key("Ivanov"))
    }

    func testCalendarDateParsesBothFormsAndRejectsImpossibleDays() {
        XCTAssertEqual(CalendarDate(parsing: "2024-09-30")?.swissFormat, "30.09.2024")
        XCTAssertEqual(CalendarDate(parsing: "1.7.2021")?.description, "2021-07-01")
        XCTAssertNil(CalendarDate(parsing: "2024-02-30"))
        XCTAssertNil(CalendarDate(parsing: "2023-02-29"))
        XCTAssertNotNil(CalendarDate(parsing: "2024-02-29"))
        XCTAssertNil(CalendarDate(parsing: "30/09/2024"))
        XCTAssertNil(CalendarDate(parsing: ""))
        let birth = CalendarDate(year: 1990, month: 7, day: 30)!
        XCTAssertEqual(birth.years(until: CalendarDate(year: 2024, month: 7, day: 29)!), 33)
        XCTAssertEqual(birth.years(until: CalendarDate(year: 2024, month: 7, day: 30)!), 34)
    }

    func testRolesSeeOnlyWhatTheirTaskNeeds() {
        XCTAssertTrue(Role.counterClerk.has(.editPersons))
        XCTAssertFalse(Role.counterClerk.has(.manageUsers))
        XCTAssertTrue(Role.integrationOfficer.has(.workOnCases))
        for role in [Role.cantonExpert, .misaOfficer, .systemAdministrator, .strategicLead] {
            XCTAssertFalse(role.has(.viewPersons), "\(role) must not read persons")
        }
        XCTAssertEqual(Role.misaOfficer.permissions, [.receiveDeficitReports])
        XCTAssertEqual(Role.cantonExpert.allowedUnitKinds, [.canton])
    }

    func testCountriesFromTheBFSList() throws {
        let csv = try String(contentsOfFile: TestApp.packageRoot + "Resources/Data/bfs-countries.csv", encoding: .utf8)
        let countries = Countries.parse(csv: csv)
        XCTAssertEqual(countries.name("SY"), "Syrien")
        XCTAssertEqual(countries.country("BG")?.bfsCode, 8205)
        XCTAssertEqual(countries.name("XX"), "XX")
        XCTAssertGreaterThan(countries.all.count, 190)
    }

    func testAuditHashCoversEveryField() {
        let fields = AuditChain.Fields(sequence: 1, occurredAt: "2024-11-01T10:00:00.000Z", actorUserID: "u", actorUsername: "ib",
                                       unitID: "x", unitName: "Grenchen", action: "person.read", recordType: "person",
                                       recordID: "p", detail: "", address: "127.0.0.1")
        let base = AuditChain.hash(previous: AuditChain.genesisHash, fields)
        XCTAssertEqual(base, AuditChain.hash(previous: AuditChain.genesisHash, fields))
        XCTAssertNotEqual(base, AuditChain.hash(previous: String(repeating: "1", count: 64), fields))
        let variants: [(inout AuditChain.Fields) -> Void] = [
            { $0.sequence = 2 }, { $0.occurredAt += "1" }, { $0.actorUserID = "v" }, { $0.actorUsername = "ic" },
            { $0.unitID = "y" }, { $0.unitName = "Derendingen" }, { $0.action = "person.update" }, { $0.recordType = "user" },
            { $0.recordID = "q" }, { $0.detail = "x" }, { $0.address = "10.0.0.1" },
        ]
        for change in variants {
            var changed = fields
            change(&changed)
            XCTAssertNotEqual(base, AuditChain.hash(previous: AuditChain.genesisHash, changed))
        }
        // Length prefixes: moving a character between fields changes the hash.
        var shifted = fields
        shifted.recordType = "persons"; shifted.recordID = ""
        var original = fields
        original.recordType = "person"; original.recordID = "s"
        XCTAssertNotEqual(AuditChain.hash(previous: "", shifted), AuditChain.hash(previous: "", original))
    }

    func testClientAddressTrustsOnlyTheOwnProxysEntry() {
        XCTAssertEqual(ClientAddress.resolve(forwardedFor: "1.2.3.4, 10.0.0.7", remote: "10.0.0.1", trustProxy: true), "10.0.0.7")
        XCTAssertEqual(ClientAddress.resolve(forwardedFor: "1.2.3.4", remote: "10.0.0.1", trustProxy: false), "10.0.0.1")
        XCTAssertEqual(ClientAddress.resolve(forwardedFor: nil, remote: nil, trustProxy: true), "unbekannt")
    }

    func testSanitisingRemovesLineBreaks() {
        XCTAssertEqual(AuditChain.sanitised("a\nb\r\nc"), "a b  c")
    }

    func testDefaultBcryptCostIsTwelve() throws {
        XCTAssertEqual(AppConfig().bcryptCost, 12)
        let hash = try PasswordHasher(cost: 12).hash("ein langes Passwort")
        XCTAssertTrue(hash.hasPrefix("$2b$12$"), hash)
    }

    func testLongPasswordsAreNotTruncated() throws {
        let hasher = PasswordHasher(cost: 4)
        let long = String(repeating: "Wort ", count: 20)  // 100 characters
        let hash = try hasher.hash(long)
        XCTAssertTrue(hasher.verify(long, against: hash))
        XCTAssertFalse(hasher.verify(String(long.dropLast()), against: hash))
        XCTAssertFalse(hasher.verify(String(long.prefix(72)), against: hash))
    }
}
