import Domain
import Fluent
import Foundation

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

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] {
        declared([
            $id, $sequence, $occurredAt, $actorUserID, $actorUsername, $unitID, $unitName, $action, $recordType, $recordID,
            $detail, $address, $previousHash, $hash, $keyID
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

/// Which audit entries name a record: one row per record an entry names (a list page names every
/// person it showed), so "who saw this person" is one indexed lookup. Derived from the chain; its key
/// is a counter so that appends write at the table's end (`CompactAuditRecordIndex`).
package final class AuditRecordIndex: Model, @unchecked Sendable {
    package static let schema = "audit_record_refs"
    @ID(custom: .id, generatedBy: .database) package var id: Int?
    @Field(key: "sequence") package var sequence: Int
    @Field(key: "record_id") package var recordID: String

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] { declared([$id, $sequence, $recordID]) }

    package init() {}
}
