/// Hex and zero-padded digits without `String(format:)`, which goes through Foundation's formatter and
/// showed in the profile of every request (hashes, tokens, dates).
public enum Digits {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Zero-padded decimal digits.
    public static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
