import Foundation
import NIOCore
import SQLiteKit
import SQLKit

/// Rows that PostgreSQL handed over as JSON (`json_agg` of a read inside a `ReadBatch` statement), read as
/// SQLKit rows: Fluent builds models from them and `RowReader` reads their fields, as from any other row.
/// Each value is decoded the way SQLite's direct reads decode it (`DirectSQLite.decode`), from the JSON
/// value PostgreSQL writes for its column type: text, ids and enums as strings, numbers, booleans, null,
/// `timestamptz` as an ISO 8601 string with its offset, `bytea` as `\x` and hex digits.
struct JSONRow: SQLRow {
    let names: [String]
    let values: [JSONValue]

    var allColumns: [String] { names }

    func contains(column: String) -> Bool { names.contains(column) }

    func decodeNil(column: String) throws -> Bool {
        guard let index = names.firstIndex(of: column) else { return true }
        if case .null = values[index] { return true }
        return false
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let index = names.firstIndex(of: column) else { throw DirectRow.missing(column) }
        // A date as parsed (through SQLite's seconds since 1970 it could come back a bit apart).
        if case .string(let text) = values[index], D.self == Date.self || D.self == Date?.self, let date = PostgresTimestamp.date(text) {
            return D.self == Date.self ? date as! D : Optional(date) as! D
        }
        return try DirectSQLite.decode(D.self, from: Self.data(values[index], as: D.self, column: column))
    }

    /// The first values as SQLite's direct reads hold them (text as text), when their columns are `columns`.
    func values(named columns: [String]) -> [SQLiteData]? {
        guard columns.count <= names.count else { return nil }
        for index in columns.indices where names[index] != columns[index] { return nil }
        return values[..<columns.count].map { value in
            switch value {
            case .null: return .null
            case .bool(let flag): return .integer(flag ? 1 : 0)
            case .number(let text): return Int(text).map(SQLiteData.integer) ?? Double(text).map(SQLiteData.float) ?? .text(text)
            case .string(let text): return .text(text)
            }
        }
    }

    /// The value as SQLite's direct reads would hold it for a column read as `type`.
    static func data<D>(_ value: JSONValue, as type: D.Type, column: String) throws -> SQLiteData {
        switch value {
        case .null: return .null
        case .bool(let flag): return .integer(flag ? 1 : 0)
        case .number(let text):
            if let integer = Int(text) { return .integer(integer) }
            if let real = Double(text) { return .float(real) }
        case .string(let text):
            if D.self == Date.self || D.self == Date?.self {
                if let date = PostgresTimestamp.date(text) { return .float(date.timeIntervalSince1970) }
            } else if D.self == Data.self || D.self == Data?.self {
                if let bytes = PostgresTimestamp.bytes(hex: text) { return .blob(ByteBuffer(bytes: bytes)) }
            } else {
                return .text(text)
            }
        }
        throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "column \(column): \(value) is no \(D.self)"))
    }

    /// The rows of a JSON array of flat objects, as `json_agg` writes them.
    static func rows(_ json: String) throws -> [JSONRow] {
        var parser = JSONParser(json)
        return try parser.rows()
    }
}

/// A JSON scalar; objects and arrays occur only as the rows and their array.
enum JSONValue: Sendable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    /// The number's text, converted to the type it is read as.
    case number(String)
    case string(String)

    var description: String {
        switch self {
        case .null: return "null"
        case .bool(let flag): return String(flag)
        case .number(let text): return text
        case .string(let text): return "\"\(text)\""
        }
    }
}

/// A parser of exactly what `json_agg` of table rows produces: an array of objects whose values are
/// scalars. Anything else is an error (the statement is ours; a surprise is a bug, not a value).
struct JSONParser {
    enum Failure: Error, CustomStringConvertible {
        case unexpected(String, at: Int)
        var description: String {
            switch self {
            case .unexpected(let what, let offset): return "JSON of a batched read: \(what) at byte \(offset)"
            }
        }
    }

    private let bytes: [UInt8]
    private var index = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    mutating func rows() throws -> [JSONRow] {
        skipSpace()
        // `coalesce(json_agg(...), '[]')`: an empty result is an empty array; null is accepted as one too.
        if consume("null") { return [] }
        try expect(UInt8(ascii: "["))
        var rows: [JSONRow] = []
        skipSpace()
        if peek == UInt8(ascii: "]") { index += 1; return rows }
        while true {
            rows.append(try object())
            skipSpace()
            if peek == UInt8(ascii: ",") { index += 1; continue }
            try expect(UInt8(ascii: "]"))
            skipSpace()
            guard index == bytes.count else { throw Failure.unexpected("text after the array", at: index) }
            return rows
        }
    }

    private mutating func object() throws -> JSONRow {
        skipSpace()
        try expect(UInt8(ascii: "{"))
        var names: [String] = [], values: [JSONValue] = []
        skipSpace()
        if peek == UInt8(ascii: "}") { index += 1; return JSONRow(names: names, values: values) }
        while true {
            skipSpace()
            names.append(try string())
            skipSpace()
            try expect(UInt8(ascii: ":"))
            skipSpace()
            values.append(try value())
            skipSpace()
            if peek == UInt8(ascii: ",") { index += 1; continue }
            try expect(UInt8(ascii: "}"))
            return JSONRow(names: names, values: values)
        }
    }

    private mutating func value() throws -> JSONValue {
        guard let byte = peek else { throw Failure.unexpected("the end", at: index) }
        switch byte {
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "n"): if consume("null") { return .null }
        case UInt8(ascii: "t"): if consume("true") { return .bool(true) }
        case UInt8(ascii: "f"): if consume("false") { return .bool(false) }
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = index
            while index < bytes.count, Self.numberBytes.contains(bytes[index]) { index += 1 }
            return .number(String(decoding: bytes[start..<index], as: UTF8.self))
        default: break
        }
        throw Failure.unexpected("a value that is no scalar", at: index)
    }

    private static let numberBytes = Set("-+.eE0123456789".utf8)

    private mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""))
        let start = index
        // Most texts have no escape: taken as they are.
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") { index += 1 }
        guard index < bytes.count else { throw Failure.unexpected("an unterminated string", at: start) }
        if bytes[index] == UInt8(ascii: "\"") {
            index += 1
            return String(decoding: bytes[start..<index - 1], as: UTF8.self)
        }
        var text = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\"") { return String(decoding: text, as: UTF8.self) }
            guard byte == UInt8(ascii: "\\") else { text.append(byte); continue }
            guard index < bytes.count else { break }
            let escaped = bytes[index]
            index += 1
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escaped)
            case UInt8(ascii: "b"): text.append(0x08)
            case UInt8(ascii: "f"): text.append(0x0C)
            case UInt8(ascii: "n"): text.append(0x0A)
            case UInt8(ascii: "r"): text.append(0x0D)
            case UInt8(ascii: "t"): text.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    // A character beyond the basic plane comes as two escaped halves.
                    guard consume("\\u") else { throw Failure.unexpected("a lone surrogate", at: index) }
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw Failure.unexpected("a lone surrogate", at: index) }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let character = Unicode.Scalar(scalar) else { throw Failure.unexpected("an invalid character", at: index) }
                text.append(contentsOf: Array(String(Character(character)).utf8))
            default: throw Failure.unexpected("an unknown escape", at: index)
            }
        }
        throw Failure.unexpected("an unterminated string", at: start)
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
            throw Failure.unexpected("a bad \\u escape", at: index)
        }
        index += 4
        return value
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 { index += 1 }
    }

    private mutating func consume(_ word: String) -> Bool {
        let word = Array(word.utf8)
        guard index + word.count <= bytes.count, Array(bytes[index..<index + word.count]) == word else { return false }
        index += word.count
        return true
    }

    private mutating func expect(_ byte: UInt8) throws {
        guard peek == byte else { throw Failure.unexpected("no \(Character(Unicode.Scalar(byte)))", at: index) }
        index += 1
    }
}

/// PostgreSQL's JSON text of a `timestamptz` and a `bytea`.
enum PostgresTimestamp {
    /// `2026-11-27T12:02:18.469123+00:00` (the fraction, the offset's minutes optional) as a date.
    static func date(_ text: String) -> Date? {
        let b = Array(text.utf8)
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= b.count else { return nil }
            var value = 0
            for byte in b[start..<start + count] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard b.count >= 19, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2),
              let hour = digits(11, 2), let minute = digits(14, 2), let second = digits(17, 2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var index = 19
        // Microseconds, as PostgreSQL keeps them.
        var micros = 0, digitsRead = 0
        if index < b.count, b[index] == UInt8(ascii: ".") {
            index += 1
            while index < b.count, (0x30...0x39).contains(b[index]) {
                guard digitsRead < 6 else { return nil }
                micros = micros * 10 + Int(b[index] - 0x30)
                digitsRead += 1
                index += 1
            }
            for _ in digitsRead..<6 { micros *= 10 }
        }
        var offset = 0
        if index < b.count {
            guard b[index] == UInt8(ascii: "+") || b[index] == UInt8(ascii: "-"), let hours = digits(index + 1, 2) else { return nil }
            let sign = b[index] == UInt8(ascii: "-") ? -1 : 1
            // Minutes, and seconds for the local mean times of zones before 1900 (`+00:29:44`), where given.
            var parts = [hours * 3600]
            index += 3
            while index < b.count, parts.count < 3 {
                guard b[index] == UInt8(ascii: ":"), let value = digits(index + 1, 2) else { return nil }
                parts.append(value * (parts.count == 1 ? 60 : 1))
                index += 3
            }
            guard index == b.count else { return nil }
            offset = sign * parts.reduce(0, +)
        }
        let days = daysSince1970(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        // Computed as PostgresNIO computes a binary timestamp, so that both ways give the same `Date`.
        let sincePostgresEpoch = (seconds - 946_684_800) * 1_000_000 + micros
        return Date(timeInterval: Double(sincePostgresEpoch) / 1_000_000, since: postgresEpoch)
    }

    private static let postgresEpoch = Date(timeIntervalSince1970: 946_684_800)

    /// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's `days_from_civil`).
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// `\x4869` as its bytes.
    static func bytes(hex text: String) -> [UInt8]? {
        let b = Array(text.utf8)
        guard b.count >= 2, b[0] == UInt8(ascii: "\\"), b[1] == UInt8(ascii: "x"), b.count % 2 == 0 else { return nil }
        func nibble(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 0x30...0x39: return byte - 0x30
            case 0x61...0x66: return byte - 0x61 + 10
            case 0x41...0x46: return byte - 0x41 + 10
            default: return nil
            }
        }
        var result: [UInt8] = []
        result.reserveCapacity((b.count - 2) / 2)
        var index = 2
        while index < b.count {
            guard let high = nibble(b[index]), let low = nibble(b[index + 1]) else { return nil }
            result.append(high << 4 | low)
            index += 2
        }
        return result
    }
}
