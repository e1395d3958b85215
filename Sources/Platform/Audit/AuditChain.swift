import Domain
import Crypto
import Foundation

/// The hash chain of the audit trail, free of database code so it is tested directly.
package enum AuditChain {
    package struct Fields: Sendable, Equatable {
        package var sequence: Int
        package var occurredAt: String
        package var actorUserID: String
        package var actorUsername: String
        package var unitID: String
        package var unitName: String
        package var action: String
        package var recordType: String
        package var recordID: String
        package var detail: String
        package var address: String
        package var keyID: String = ""
    }

    /// The canonical text of an entry: the previous hash and every field, each length-prefixed so no two
    /// different entries encode alike.
    static func canonical(previous: String, _ f: Fields) -> Data {
        let parts = [previous, String(f.sequence), f.occurredAt, f.actorUserID, f.actorUsername, f.unitID, f.unitName,
                     f.action, f.recordType, f.recordID, f.detail, f.address, f.keyID]
        return Data(parts.map { "\($0.utf8.count):\($0)" }.joined(separator: "|").utf8)
    }

    /// HMAC-SHA-256 with the key named in the entry: without the key nobody can recompute the chain.
    package static func hash(previous: String, _ f: Fields, key: AuditKeyring.Key) -> String {
        hex(HMAC<SHA256>.authenticationCode(for: canonical(previous: previous, f), using: key.key))
    }

    /// The unkeyed SHA-256 of the chain before it was keyed (only to upgrade such a chain once).
    package static func unkeyedHash(previous: String, _ f: Fields) -> String {
        let parts = [previous, String(f.sequence), f.occurredAt, f.actorUserID, f.actorUsername, f.unitID, f.unitName,
                     f.action, f.recordType, f.recordID, f.detail, f.address]
        let canonical = parts.map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
        return hex(SHA256.hash(data: Data(canonical.utf8)))
    }

    static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        Digits.hex(bytes)
    }

    /// UTC timestamp with milliseconds (ASVS 16.2.2), without a formatter per call.
    package static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let millis = Int((date.timeIntervalSince1970 * 1000).rounded(.down)) % 1000
        let p = Digits.padded
        return "\(p(c.year!, 4))-\(p(c.month!, 2))-\(p(c.day!, 2))T\(p(c.hour!, 2)):\(p(c.minute!, 2)):\(p(c.second!, 2)).\(p((millis + 1000) % 1000, 3))Z"
    }

    /// Removes line breaks and control characters so a value cannot forge log lines (ASVS 16.4.1).
    /// Control and format characters (Unicode Cc and Cf, as Foundation's `controlCharacters`) become spaces.
    package static func sanitised(_ text: String, limit: Int = 500) -> String {
        // Most values have nothing to replace: find out without building a new string (a list's detail is long).
        let clean = text.unicodeScalars.allSatisfy { !isControl($0) }
        if clean { return text.utf8.count <= limit ? text : String(text.prefix(limit)) }
        let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? " " : $0 }))
        return String(cleaned.prefix(limit))
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar.value < 0x20 || scalar.value == 0x7F }
        switch scalar.properties.generalCategory {
        case .control, .format: return true
        default: return false
        }
    }

    /// The stored fields of a draft that becomes entry `sequence`.
    package static func fields(_ draft: AuditDraft, sequence: Int, keyID: String) -> Fields {
        let ids = draft.record.ids
        // A list names its records in the detail too, so the hash covers every shown id.
        var detail = draft.detail
        if ids.count > 1 { detail += (detail.isEmpty ? "" : " · ") + "ids: " + ids.map(\.text).joined(separator: ",") }
        return Fields(
            sequence: sequence, occurredAt: timestamp(draft.at),
            actorUserID: draft.actor.userID?.text ?? "", actorUsername: sanitised(draft.actor.username, limit: 100),
            unitID: draft.actor.unitID?.text ?? "", unitName: sanitised(draft.actor.unitName, limit: 200),
            action: draft.action.rawValue, recordType: draft.record.type,
            recordID: ids.count == 1 ? ids[0].text : "",
            detail: sanitised(detail, limit: ids.count > 1 ? 500 + 37 * ids.count : 500),
            address: sanitised(draft.actor.address, limit: 100), keyID: keyID)
    }
}
