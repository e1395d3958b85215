import Foundation

/// UUIDs as text without Foundation's formatter: on Linux `uuidString` and `UUID(uuidString:)` go
/// through printf and scanf, and a list page formats and parses hundreds of ids (BENCHMARKS.md).
extension UUID {
    private static let upperDigits = Array("0123456789ABCDEF".utf8)

    /// The same text as `uuidString` (upper case, with hyphens).
    public var text: String {
        let u = uuid
        let bytes = [u.0, u.1, u.2, u.3, u.4, u.5, u.6, u.7, u.8, u.9, u.10, u.11, u.12, u.13, u.14, u.15]
        return String(unsafeUninitializedCapacity: 36) { out in
            var i = 0
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { out[i] = UInt8(ascii: "-"); i += 1 }
                out[i] = Self.upperDigits[Int(byte >> 4)]
                out[i + 1] = Self.upperDigits[Int(byte & 0x0F)]
                i += 2
            }
            return 36
        }
    }

    /// Parses what `UUID(uuidString:)` accepts: 36 characters, hyphens at 8, 13, 18 and 23, hex digits
    /// in either case; nil otherwise.
    public init?(text: String) {
        var text = text
        guard let value = text.withUTF8(Self.parse) else { return nil }
        self.init(uuid: value)
    }

    private static func parse(_ utf8: UnsafeBufferPointer<UInt8>) -> uuid_t? {
        guard utf8.count == 36 else { return nil }
        var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed = withUnsafeMutableBytes(of: &value) { bytes -> Bool in
            var position = 0
            for index in 0..<16 {
                if position == 8 || position == 13 || position == 18 || position == 23 {
                    guard utf8[position] == UInt8(ascii: "-") else { return false }
                    position += 1
                }
                guard let high = nibble(utf8[position]), let low = nibble(utf8[position + 1]) else { return false }
                bytes[index] = high << 4 | low
                position += 2
            }
            return true
        }
        return parsed ? value : nil
    }

    private static func nibble(_ char: UInt8) -> UInt8? {
        switch char {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): char &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): char &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): char &- UInt8(ascii: "A") &+ 10
        default: nil
        }
    }
}
