import XCTest
@testable import Domain

/// Spellings and transliterations of one name get one sound key; different names do not.
final class PhoneticsTests: XCTestCase {
    func key(_ name: String) -> String { Phonetics.key(NameFolding.key(name)) }

    func testSpellingsAndTransliterationsMeet() {
        for (typed, stored) in [("Müler", "Müller"), ("Gebremedin", "Gebremedhin"), ("Achmadi", "Ahmadi"), ("Tesfai", "Tesfay"),
                                ("Ivanowa", "Ivanova"), ("Mueller", "Müller"), ("Chalil", "Khalil"), ("Yusuf", "Jusuf")] {
            XCTAssertEqual(key(typed), key(stored), "\(typed) / \(stored)")
        }
    }

    /// Names with other consonants stay apart; names that differ in vowels only meet (Ahmadi/Ahmed) and
    /// are told apart by the ranking, which puts the closest spelling first.
    func testDifferentNamesStayApart() {
        for (one, other) in [("Müller", "Meier"), ("Tesfay", "Tekle"), ("Krasniqi", "Gashi"), ("Kovalenko", "Shevchenko")] {
            XCTAssertNotEqual(key(one), key(other), "\(one) / \(other)")
        }
        XCTAssertEqual(key("Ahmadi"), key("Ahmed"))
        XCTAssertLessThan(Phonetics.distance("ahmadi", "ahmadi"), Phonetics.distance("ahmadi", "ahmed"))
    }

    func testDistanceCountsEditsAndSwaps() {
        XCTAssertEqual(Phonetics.distance("muller", "muler"), 1)
        XCTAssertEqual(Phonetics.distance("tesfay", "tesfai"), 1)
        XCTAssertEqual(Phonetics.distance("ivanova", "ivanvoa"), 1, "an adjacent swap is one edit")
        XCTAssertEqual(Phonetics.distance("", "abc"), 3)
    }

    func testSearchKeysHoldWordsWholeNamesAndSounds() {
        let keys = SearchKeys.keys(given: "Samira", family: "Al-Rina")
        XCTAssertTrue(keys.isSuperset(of: ["samira", "al", "rina", "alrina"]))
        XCTAssertTrue(keys.contains(SearchKeys.soundKey("alrina")!))
        XCTAssertNil(SearchKeys.soundKey("al"), "two letters sound alike too easily")
    }
}
