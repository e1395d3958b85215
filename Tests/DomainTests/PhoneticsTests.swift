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
        XCTAssertEqual(Phonetics.distance("abc", ""), 3)
        XCTAssertEqual(Phonetics.distance("ca", "abc"), 3, "restricted: a swapped pair is not edited again")
        XCTAssertEqual(Phonetics.distance("kitten", "sitting"), 3)
    }

    /// The distance is symmetric and agrees with the textbook table on many small words.
    func testDistanceAgreesWithTheTextbookTable() {
        func reference(_ a: String, _ b: String) -> Int {
            let x = Array(a), y = Array(b)
            var d = Array(repeating: Array(repeating: 0, count: y.count + 1), count: x.count + 1)
            for i in 0...x.count { d[i][0] = i }
            for j in 0...y.count { d[0][j] = j }
            for i in stride(from: 1, through: x.count, by: 1) {
                for j in stride(from: 1, through: y.count, by: 1) {
                    d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
                    if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
                }
            }
            return d[x.count][y.count]
        }
        var generator = SystemRandomNumberGenerator()
        func word() -> String { String((0..<Int.random(in: 0...7, using: &generator)).map { _ in "abcü".randomElement(using: &generator)! }) }
        for _ in 0..<2000 {
            let (a, b) = (word(), word())
            XCTAssertEqual(Phonetics.distance(a, b), reference(a, b), "\(a) / \(b)")
            XCTAssertEqual(Phonetics.distance(a, b), Phonetics.distance(b, a), "\(a) / \(b)")
        }
    }

    func testSearchKeysHoldWordsWholeNamesAndSounds() {
        let keys = SearchKeys.keys(given: "Samira", family: "Al-Rina")
        XCTAssertTrue(keys.isSuperset(of: ["samira", "al", "rina", "alrina"]))
        XCTAssertTrue(keys.contains(SearchKeys.soundKey("alrina")!))
        XCTAssertNil(SearchKeys.soundKey("al"), "two letters sound alike too easily")
    }
}
