import Crypto
import Foundation

/// The hash chain of the audit trail, free of database code so it is tested directly.
public enum AuditChain {
    public static let genesisHash = String(repeating: "0", count: 64)

    public struct Fields: Sendable, Equatable {
        public var sequence: Int
        public var occurredAt: String
        public var actorUserID: String
        public var actorUsername: String
        public var unitID: String
        public var unitName: String
        public var action: String
        public var recordType: String
        public var recordID: String
        public var detail: String
        public var address: String
    }

    /// SHA-256 over the previous hash and every field, each length-prefixed so no two
    /// different entries encode alike.
    public static func hash(previous: String, _ f: Fields) -> String {
        let parts = [previous, String(f.sequence), f.occurredAt, f.actorUserID, f.actorUsername, f.unitID, f.unitName,
                     f.action, f.recordType, f.recordID, f.detail, f.address]
        let canonical = parts.map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
        return SHA256.hash(data: Data(canonical.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// UTC timestamp with milliseconds (ASVS 16.2.2).
    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// Removes line breaks and control characters so a value cannot forge log lines (ASVS 16.4.1).
    public static func sanitised(_ text: String, limit: Int = 500) -> String {
        let cleaned = String(text.unicodeScalars.map { CharacterSet.controlCharacters.contains($0) ? " " : Character($0) })
        return String(cleaned.prefix(limit))
    }
}
