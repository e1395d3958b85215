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
    public init?(text: some StringProtocol) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        var high: UInt8?
        var position = 0
        for char in text.utf8 {
            defer { position += 1 }
            if position == 8 || position == 13 || position == 18 || position == 23 {
                guard char == UInt8(ascii: "-") else { return nil }
                continue
            }
            let value: UInt8
            switch char {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = char - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = char - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = char - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let h = high {
                bytes.append(h << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        guard position == 36, bytes.count == 16 else { return nil }
        self.init(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                         bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
