@testable import Domain
import Foundation
import XCTest

final class UUIDTextTests: XCTestCase {
    func testTextIsFoundationsUUIDString() {
        for _ in 0..<2000 {
            let id = UUID()
            XCTAssertEqual(id.text, id.uuidString)
            XCTAssertEqual(UUID(text: id.uuidString), id)
            XCTAssertEqual(UUID(text: id.uuidString.lowercased()), id)
        }
        XCTAssertEqual(UUID(uuid: (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 255)).text, "00010203-0405-0607-0809-0A0B0C0D0EFF")
    }

    func testParsingRefusesWhatFoundationRefuses() {
        let bad = ["", "x", "21F72BA8FBAE4E7B9142E8AE234EF5E5", "21F72BA8-FBAE-4E7B-9142-E8AE234EF5E", "21F72BA8-FBAE-4E7B-9142-E8AE234EF5E5A",
                   "21F72BA8-FBAE-4E7B-9142+E8AE234EF5E5", "G1F72BA8-FBAE-4E7B-9142-E8AE234EF5E5", "21F72BA8-FBAE-4E7B-9142-E8AE234EF5É"]
        for text in bad {
            XCTAssertNil(UUID(text: text), text)
            XCTAssertNil(UUID(uuidString: text), text)
        }
    }
}

final class NameFoldingFastPathTests: XCTestCase {
    /// The ASCII path gives the same key as Foundation's folding, for names and for random text.
    func testASCIIKeysMatchTheFoldedKeys() {
        var samples = ["Mueller", "MÜLLER", "Al-Rina", "al rina", "Goethe", "Oeztuerk", "Aeaeae", "ue", "uee", "Ivanova", "O'Brien",
                       "Nguyen Thi", "Mc Donald-Smith", "Kra$niqi 3", "", "  ", "AEOEUE", "aoe", "Strasse", "Hassan, Omar"]
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aeouAEOUbcxyz019 -',.$_")
        for _ in 0..<3000 {
            samples.append(String((0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        for name in samples {
            if name.utf8.allSatisfy({ $0 < 0x80 }) { XCTAssertEqual(NameFolding.asciiKey(name), NameFolding.fold(name), name) }
            XCTAssertEqual(NameFolding.key(name), NameFolding.fold(name), name)
        }
        XCTAssertEqual(NameFolding.key("Müller"), "muller")
    }

    /// Kept folds are the folds, also after the store was emptied for being full.
    func testKeptFoldsStayTheFolds() {
        let names = ["Besë", "Dritë", "Çelik", "Şahin", "Ğül", "Müller-Lüdenscheidt", "Nguyễn", "Ἀλέξανδρος", "Ørsted"]
        for round in 0..<3 {
            for name in names { XCTAssertEqual(NameFolding.key(name), NameFolding.fold(name), "\(round): \(name)") }
            if round == 1 { for number in 0...NameFolding.keptFolds { _ = NameFolding.key("é\(number)") } }
        }
        XCTAssertEqual(NameFolding.key("Besë"), "bese")
    }
}
