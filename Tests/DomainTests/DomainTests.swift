import Foundation
import XCTest
@testable import Domain

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
        let csv = try String(contentsOfFile: packageRoot + "Resources/Data/bfs-countries.csv", encoding: .utf8)
        let countries = Countries.parse(csv: csv)
        XCTAssertEqual(countries.name("SY"), "Syrien")
        XCTAssertEqual(countries.country("BG")?.bfsCode, 8205)
        XCTAssertEqual(countries.name("XX"), "XX")
        XCTAssertGreaterThan(countries.all.count, 190)
    }
}

/// The package folder, for reading Resources/.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path + "/"
