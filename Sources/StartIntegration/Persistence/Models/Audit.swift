import Fluent
import Foundation

/// One entry of the append-only audit trail. `hash` covers every other field and the
/// previous entry's hash, so editing or deleting a row breaks the chain.
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_entries"
    @ID(key: .id) var id: UUID?
    @Field(key: "sequence") var sequence: Int
    /// UTC, ISO 8601 with milliseconds, as text: hashed exactly as stored on every database.
    @Field(key: "occurred_at") var occurredAt: String
    @OptionalField(key: "actor_user_id") var actorUserID: UUID?
    @Field(key: "actor_username") var actorUsername: String
    @OptionalField(key: "unit_id") var unitID: UUID?
    @Field(key: "unit_name") var unitName: String
    @Field(key: "action") var action: String
    @Field(key: "record_type") var recordType: String
    @OptionalField(key: "record_id") var recordID: String?
    @Field(key: "detail") var detail: String
    @Field(key: "address") var address: String
    @Field(key: "previous_hash") var previousHash: String
    @Field(key: "hash") var hash: String

    init() {}
}

/// The chain's head: one row, locked while an entry is appended so that
/// several app instances append in one order.
final class AuditHead: Model, @unchecked Sendable {
    static let schema = "audit_head"
    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Field(key: "sequence") var sequence: Int
    @Field(key: "hash") var hash: String

    init() {}
    init(id: Int, sequence: Int, hash: String) { self.id = id; self.sequence = sequence; self.hash = hash }
}
