import XCTest
@testable import Domain

final class InformierenRulesTests: XCTestCase {
    func derive(_ nationality: String, _ permit: ResidencePermit?, _ asylum: AsylumStatus = .none) -> TargetGroupDecision {
        TargetGroupRules.derive(nationality: nationality, permit: permit, asylumStatus: asylum)
    }

    func testTargetGroupForEveryPermitAndNationalityClass() {
        // EU/EFTA and third countries with B or C.
        XCTAssertEqual(derive("IT", .b), .init(group: .euEfta, reason: .euEftaNational))
        XCTAssertEqual(derive("BG", .c), .init(group: .euEfta, reason: .euEftaNational))
        XCTAssertEqual(derive("NO", .b).group, .euEfta, "EFTA")
        XCTAssertEqual(derive("LI", .c).group, .euEfta, "EFTA")
        XCTAssertEqual(derive("GB", .b), .init(group: .thirdCountry, reason: .thirdCountryNational), "no longer EU")
        XCTAssertEqual(derive("XK", .c).group, .thirdCountry)
        // Asylum.
        XCTAssertEqual(derive("SY", .b, .recognisedRefugee), .init(group: .recognisedRefugee, reason: .refugeeStatus))
        XCTAssertEqual(derive("ER", .c, .recognisedRefugee).group, .recognisedRefugee)
        XCTAssertEqual(derive("AF", .f), .init(group: .provisionallyAdmitted, reason: .provisionalAdmission))
        XCTAssertEqual(derive("AF", .f, .recognisedRefugee).group, .recognisedRefugee, "provisionally admitted refugee")
        XCTAssertEqual(derive("SY", .b, .provisionallyAdmitted).group, .provisionallyAdmitted)
        XCTAssertEqual(derive("UA", .s), .init(group: .programmeS, reason: .protectionStatusS))
        XCTAssertTrue(derive("UA", .s).group.countsForProgrammeS)
        // Out of scope.
        XCTAssertEqual(derive("CH", .c), .init(group: .outOfScope, reason: .swissCitizen))
        XCTAssertEqual(derive("CH", nil).reason, .swissCitizen)
        XCTAssertEqual(derive("FR", .g), .init(group: .outOfScope, reason: .crossBorderCommuter))
        XCTAssertEqual(derive("AF", .n), .init(group: .outOfScope, reason: .asylumSeeker))
        XCTAssertEqual(derive("PT", .l), .init(group: .outOfScope, reason: .shortStay))
        XCTAssertEqual(derive("US", .ci), .init(group: .outOfScope, reason: .internationalOrganisation))
        XCTAssertEqual(derive("US", .other), .init(group: .outOfScope, reason: .otherPermit))
        XCTAssertEqual(derive("US", nil), .init(group: .outOfScope, reason: .permitMissing))
        XCTAssertFalse(TargetGroup.outOfScope.isInScope)
        // Lower-case codes from imports are accepted.
        XCTAssertEqual(derive("it", .b).group, .euEfta)
    }

    func testDatePlausibility() {
        let today = CalendarDate(year: 2024, month: 11, day: 25)!
        func problems(_ birth: String, _ entry: String?, _ moveIn: String?) -> [PlausibilityRules.Problem] {
            PlausibilityRules.problems(birth: CalendarDate(parsing: birth)!, entry: entry.flatMap(CalendarDate.init(parsing:)),
                                       moveIn: moveIn.flatMap(CalendarDate.init(parsing:)), today: today)
        }
        XCTAssertEqual(problems("1985-11-02", "2023-05-10", "2024-08-15"), [])
        XCTAssertEqual(problems("2025-01-01", nil, nil), [.birthDateInFuture])
        XCTAssertEqual(problems("1899-12-31", nil, nil), [.birthDateTooEarly])
        XCTAssertEqual(problems("1985-11-02", "2024-08-15", "2024-05-10"), [.moveInBeforeEntry])
        XCTAssertEqual(problems("2000-01-01", "1999-01-01", nil), [.entryBeforeBirth])
        XCTAssertEqual(problems("2000-01-01", "2024-12-01", nil), [.entryInFuture])
        XCTAssertEqual(problems("2000-01-01", nil, "1999-05-01"), [.moveInBeforeBirth])
        XCTAssertEqual(problems("2000-01-01", nil, "2025-01-24"), [], "up to 60 days ahead")
        XCTAssertEqual(problems("2000-01-01", nil, "2025-01-25"), [.moveInTooFarAhead])
        XCTAssertEqual(PlausibilityRules.Problem.moveInBeforeEntry.field, "moveInDate")
    }

    func testAddingDaysCrossesMonthsAndYears() {
        let date = CalendarDate(year: 2024, month: 12, day: 31)!
        XCTAssertEqual(date.adding(days: 1).description, "2025-01-01")
        XCTAssertEqual(date.adding(days: 60).description, "2025-03-01")
        XCTAssertEqual(CalendarDate(year: 2024, month: 3, day: 1)!.adding(days: -1).description, "2024-02-29")
        XCTAssertEqual(date.adding(days: -366).description, "2023-12-31")
    }

    func testGroupRules() {
        XCTAssertEqual(GroupRules.concerns(motherTongues: ["ara", "ara", "ara", "ara"]), [])
        XCTAssertEqual(GroupRules.concerns(motherTongues: ["ara", "ara", "ara", "ara", "ara"]), [.tooManyPersons])
        XCTAssertEqual(GroupRules.concerns(motherTongues: ["ara", "tir"]), [.mixedMotherTongues])
        XCTAssertEqual(GroupRules.concerns(motherTongues: ["ara", nil]), [], "an unknown tongue is no conflict")
        XCTAssertEqual(ConversationGuide.proposed(socialAssistance: true), .socialAssistance)
        XCTAssertEqual(ConversationGuide.proposed(socialAssistance: false), .standard)
    }

    func testLanguagesFromIsoCodes() throws {
        let csv = try String(contentsOfFile: packageRoot + "Resources/Data/languages.csv", encoding: .utf8)
        let languages = Languages.parse(csv: csv)
        XCTAssertEqual(languages.name("ara"), "Arabisch")
        XCTAssertEqual(languages.name("tir"), "Tigrinja")
        XCTAssertEqual(languages.name("bul"), "Bulgarisch")
        XCTAssertTrue(languages.contains("ukr"))
        XCTAssertFalse(languages.contains("xx"))
        XCTAssertGreaterThan(languages.all.count, 300)
    }
}
