import Domain
import Fluent
import Foundation
import SQLKit
import SQLiteKit

/// One entry of the append-only audit trail. `hash` covers every other field and the
/// previous entry's hash, so editing or deleting a row breaks the chain.
package final class AuditEntry: Model, @unchecked Sendable {
    package static let schema = "audit_entries"
    @ID(key: .id) package var id: UUID?
    @Field(key: "sequence") package var sequence: Int
    /// UTC, ISO 8601 with milliseconds, as text: hashed exactly as stored on every database.
    @Field(key: "occurred_at") package var occurredAt: String
    @OptionalField(key: "actor_user_id") package var actorUserID: UUID?
    @Field(key: "actor_username") package var actorUsername: String
    @OptionalField(key: "unit_id") package var unitID: UUID?
    @Field(key: "unit_name") package var unitName: String
    @Field(key: "action") package var action: String
    @Field(key: "record_type") package var recordType: String
    @OptionalField(key: "record_id") package var recordID: String?
    @Field(key: "detail") package var detail: String
    @Field(key: "address") package var address: String
    @Field(key: "previous_hash") package var previousHash: String
    @Field(key: "hash") package var hash: String
    /// Which key made `hash` (HMAC-SHA-256); the key itself never is in the database.
    @Field(key: "key_id") package var keyID: String
    /// The records the entry names, as a set's key (`AuditRecordSet`): derived from the ids, not hashed.
    @OptionalField(key: "record_set") package var recordSet: String?

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] {
        declared([
            $id, $sequence, $occurredAt, $actorUserID, $actorUsername, $unitID, $unitName, $action, $recordType, $recordID,
            $detail, $address, $previousHash, $hash, $keyID, $recordSet
        ])
    }

    package init() {}
}

/// The chain's head: one row, locked while an entry is appended so that
/// several app instances append in one order.
package final class AuditHead: Model, @unchecked Sendable {
    package static let schema = "audit_head"
    @ID(custom: "id", generatedBy: .user) package var id: Int?
    @Field(key: "sequence") package var sequence: Int
    @Field(key: "hash") package var hash: String

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] { declared([$id, $sequence, $hash]) }

    /// The "previous hash" of the first entry.
    package static let genesisHash = String(repeating: "0", count: 64)

    package init() {}
    package init(id: Int, sequence: Int, hash: String) { self.id = id; self.sequence = sequence; self.hash = hash }
}

/// Which audit entries named a record, for entries written before `AddAuditRecordSets`: one row per record and
/// entry (`sequence`, `record_id`). Read, no longer written.
package enum AuditRecordIndex {
    package static let schema = "audit_record_refs"
}

/// The table SQLite's committer once appended a list's ids to before moving them into `audit_record_refs`
/// (emptied by `AddAuditRecordSets`).
package enum AuditRecordBacklog {
    package static let schema = "audit_record_backlog"
}

/// The records an audit entry names, kept once per set of records: an entry's `record_set` is the id itself
/// when it names one record, else the key `AuditLog.RecordSet` makes of its ids, whose rows here say which ids it holds.
/// The same list seen again names the same set and writes no row here (`AddAuditRecordSets`).
package enum AuditRecordSet {
    package static let schema = "audit_record_sets"

    /// The sequence numbers of the entries that name a record, newest first: entries naming it alone, entries
    /// naming a set that holds it, and entries written before the sets (`AuditRecordIndex`).
    package static func sequences(naming record: String, limit: Int, on database: any Database) async throws -> [Int] {
        guard let sql = database as? any SQLDatabase else { return [] }
        struct Row: Decodable { let sequence: Int }
        let alone = try await sql.raw("""
            SELECT sequence FROM audit_entries WHERE record_set = \(bind: record) ORDER BY sequence DESC LIMIT \(bind: limit)
            """).all(decoding: Row.self)
        let inSets = try await sql.raw("""
            SELECT e.sequence AS sequence FROM audit_record_sets s JOIN audit_entries e ON e.record_set = s.set_key
            WHERE s.record_id = \(bind: record) ORDER BY e.sequence DESC LIMIT \(bind: limit)
            """).all(decoding: Row.self)
        let before = try await sql.raw("""
            SELECT sequence FROM audit_record_refs WHERE record_id = \(bind: record) ORDER BY sequence DESC LIMIT \(bind: limit)
            """).all(decoding: Row.self)
        return Array(Set((alone + inSets + before).map(\.sequence)).sorted(by: >).prefix(limit))
    }

    /// The records an entry names.
    package static func records(namedBy sequence: Int, on database: any Database) async throws -> [String] {
        guard let sql = database as? any SQLDatabase else { return [] }
        struct Row: Decodable { let record: String }
        return try await sql.raw("""
            SELECT coalesce(s.record_id, e.record_set) AS record FROM audit_entries e
            LEFT JOIN audit_record_sets s ON s.set_key = e.record_set WHERE e.sequence = \(bind: sequence) AND e.record_set IS NOT NULL
            UNION ALL SELECT record_id AS record FROM audit_record_refs WHERE sequence = \(bind: sequence)
            """).all(decoding: Row.self).map(\.record)
    }
}
