import Domain
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
