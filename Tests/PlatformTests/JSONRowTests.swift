import Domain
import Foundation
@testable import Persistence
import XCTest

/// A `ReadBatch` hands rows over as PostgreSQL's JSON (`json_agg`); each value must decode exactly as the
/// same column read directly.
final class JSONRowTests: XCTestCase {
    func testRowsDecodeEveryKindOfValuePostgreSQLWrites() throws {
        let id = UUID()
        let json = #"""
            [{"id":"\#(id.uuidString.lowercased())","name":"x\" onfocus=\"alert(1)\\ \n\t\u00e9\ud83d\ude00 \u202e &amp; <script>?","n":42,"big":-9007199254740993,
              "r":1.5e2,"b":true,"f":false,"none":null,"stage":"planned","day":"2026-11-27",
              "at":"2026-11-27T12:02:18.469123+00:00","at2":"2026-03-01T00:30:00+01:00","at3":"1999-12-31T23:59:59.5-05:30","at4":"2024-02-29T10:00:00+00",
              "bytes":"\\x48690aFF"},
             {}]
            """#
        let rows = try JSONRow.rows(json)
        XCTAssertEqual(rows.count, 2)
        let row = rows[0]
        XCTAssertEqual(try row.decode(column: "id", as: UUID.self), id)
        XCTAssertEqual(try row.decode(column: "name", as: String.self), "x\" onfocus=\"alert(1)\\ \n\té😀 \u{202E} &amp; <script>?")
        XCTAssertEqual(try row.decode(column: "n", as: Int.self), 42)
        XCTAssertEqual(try row.decode(column: "big", as: Int.self), -9_007_199_254_740_993, "a bigint is read as an integer, not through a double")
        XCTAssertEqual(try row.decode(column: "r", as: Double.self), 150)
        XCTAssertEqual(try row.decode(column: "b", as: Bool.self), true)
        XCTAssertEqual(try row.decode(column: "f", as: Bool.self), false)
        XCTAssertNil(try row.decode(column: "none", as: String?.self))
        XCTAssertNil(try row.decode(column: "none", as: Date?.self))
        XCTAssertTrue(try row.decodeNil(column: "none"))
        XCTAssertFalse(try row.decodeNil(column: "n"))
        XCTAssertEqual(try row.decode(column: "stage", as: InformierenStage.self), .planned)
        XCTAssertEqual(try row.decode(column: "stage", as: InformierenStage?.self), .planned)
        XCTAssertEqual(try row.decode(column: "day", as: CalendarDate.self), CalendarDate(year: 2026, month: 11, day: 27))
        XCTAssertEqual(try row.decode(column: "bytes", as: Data.self), Data([0x48, 0x69, 0x0A, 0xFF]))
        // As PostgresNIO reads a binary timestamp: microseconds since 2000-01-01.
        let epoch2000 = Date(timeIntervalSince1970: 946_684_800)
        func binary(_ seconds1970: Int, micros: Int) -> Date {
            Date(timeInterval: Double((seconds1970 - 946_684_800) * 1_000_000 + micros) / 1_000_000, since: epoch2000)
        }
        XCTAssertEqual(try row.decode(column: "at", as: Date.self), binary(1_795_780_938, micros: 469_123))
        XCTAssertEqual(try row.decode(column: "at", as: Date?.self), binary(1_795_780_938, micros: 469_123))
        XCTAssertEqual(try row.decode(column: "at2", as: Date.self), binary(1_772_321_400, micros: 0), "an offset east of UTC")
        XCTAssertEqual(try row.decode(column: "at3", as: Date.self), binary(946_704_599, micros: 500_000), "west of UTC, across a year")
        XCTAssertEqual(try row.decode(column: "at4", as: Date.self), binary(1_709_200_800, micros: 0), "a leap day, an offset without minutes")
        XCTAssertEqual(rows[1].allColumns, [])
        XCTAssertThrowsError(try row.decode(column: "missing", as: String.self))
        XCTAssertThrowsError(try row.decode(column: "name", as: Date.self), "text that is no timestamp")
        XCTAssertThrowsError(try row.decode(column: "name", as: Int.self))

        XCTAssertEqual(try JSONRow.rows("[]").count, 0)
        XCTAssertEqual(try JSONRow.rows("null").count, 0)
        for broken in [#"[{"a":[1]}]"#, #"[{"a":"open}]"#, #"[{"a":"\ud83d"}]"#, #"[{"a":1}"#, #"[{"a":1}] x"#, #"[{"a":tru}]"#, #"[{"a":"\q"}]"#] {
            XCTAssertThrowsError(try JSONRow.rows(broken), broken)
        }
    }

    func testTimestampsOutsideTheFormAreRefused() {
        for text in ["2026-11-27", "2026-13-01T00:00:00+00:00", "2026-11-27 12:00:00+00:00", "2026-11-27T12:00:00.1234567+00:00",
                     "2026-11-27T12:00:00+0", "2026-11-27T12:00:00Z"] {
            XCTAssertNil(PostgresTimestamp.date(text), text)
        }
        XCTAssertEqual(PostgresTimestamp.date("1890-01-01T00:00:00+00:29:44"), PostgresTimestamp.date("1889-12-31T23:30:16+00:00"),
                       "an offset with seconds (a local mean time)")
        XCTAssertNil(PostgresTimestamp.date("2026-11-27T12:00:00+01:00:00:00"))
        XCTAssertNil(PostgresTimestamp.bytes(hex: "\\x4"))
        XCTAssertNil(PostgresTimestamp.bytes(hex: "4869"))
        XCTAssertEqual(PostgresTimestamp.bytes(hex: "\\x"), [])
        XCTAssertEqual(PostgresTimestamp.daysSince1970(year: 1970, month: 1, day: 1), 0)
        XCTAssertEqual(PostgresTimestamp.daysSince1970(year: 2000, month: 3, day: 1), 11_017)
        XCTAssertEqual(PostgresTimestamp.daysSince1970(year: 1969, month: 12, day: 31), -1)
    }
}
