import Foundation

/// Random (version 4) UUIDs from the system's generator. Foundation's `UUID()` on Linux opens, reads and closes
/// `/dev/urandom` for each one, three system calls (one a path lookup) for every form key a page draws and every
/// audit entry (`perf`: 1 % of the case page); `SystemRandomNumberGenerator` asks `getrandom` once per word.
package enum RandomUUID {
    package static func make() -> UUID {
        var generator = SystemRandomNumberGenerator()
        var words: (UInt64, UInt64) = (generator.next(), generator.next())
        return withUnsafeMutableBytes(of: &words) { bytes in
            bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
            bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
            return UUID(uuid: bytes.load(as: uuid_t.self))
        }
    }
}
