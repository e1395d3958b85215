import Domain
import Crypto
import Foundation

/// 256-bit random tokens (ASVS 7.2.3); only their SHA-256 is stored.
package enum SessionToken {
    package static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return base64URL(Data(bytes))
    }

    package static func digest(_ token: String) -> String {
        Digits.hex(SHA256.hash(data: Data(token.utf8)))
    }

    /// Base64 with `-` and `_`, without padding. Mapped byte by byte: three `replacingOccurrences` went
    /// through NSString and cost 2 % of a page's server time (every page makes its form token).
    package static func base64URL(_ data: Data) -> String {
        var bytes = Array(data.base64EncodedString().utf8)
        bytes.removeAll { $0 == UInt8(ascii: "=") }
        for index in bytes.indices {
            if bytes[index] == UInt8(ascii: "+") { bytes[index] = UInt8(ascii: "-") } else if bytes[index] == UInt8(ascii: "/") { bytes[index] = UInt8(ascii: "_") }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A well-formed token: 43 base64url characters.
    package static func isWellFormed(_ token: String) -> Bool {
        token.count == 43 && token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
