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

/// Ids named by entries the committer appended on SQLite and not yet moved into the record index
/// (`audit_record_refs`): one row per entry, its ids as a JSON array, at the table's end. `AuditLog.indexBacklog`
/// moves them in bulk, sorted by record, every few thousand ids. Inserted one by one into the index, the
/// twenty names of a list page split and rewrote about eighty of its pages per group commit (BENCHMARKS.md,
/// sixth round). «Who saw this record» reads both (`AuditRecordIndex.sequences(naming:limit:on:)`).
package final class AuditRecordBacklog: Model, @unchecked Sendable {
    package static let schema = "audit_record_backlog"
    @ID(custom: .id, generatedBy: .database) package var id: Int?
    @Field(key: "sequence") package var sequence: Int
    /// `["id", …]`: the ids are UUIDs in text, nothing to escape.
    @Field(key: "record_ids") package var recordIDs: String

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] { declared([$id, $sequence, $recordIDs]) }

    package init() {}

    /// The JSON array of the ids.
    package static func list(_ ids: [String]) -> String {
        "[" + ids.map { "\"\($0)\"" }.joined(separator: ",") + "]"
    }
}

extension AuditRecordIndex {
    /// The sequence numbers of the entries that name a record, newest first: from the index and, on SQLite,
    /// from the backlog not yet moved into it (a few hundred rows at most, read whole).
    package static func sequences(naming record: String, limit: Int, on database: any Database) async throws -> [Int] {
        let indexed = try await AuditRecordIndex.query(on: database).filter(\.$recordID == record)
            .sort(\.$sequence, .descending).limit(limit).all().map(\.sequence)
        return Array(Set(indexed + (try await backlog(naming: record, on: database))).sorted(by: >).prefix(limit))
    }

    /// The records an entry names (index and backlog).
    package static func records(namedBy sequence: Int, on database: any Database) async throws -> [String] {
        let indexed = try await AuditRecordIndex.query(on: database).filter(\.$sequence == sequence).all().map(\.recordID)
        guard database is any SQLiteDatabase, let sql = database as? any SQLDatabase else { return indexed }
        struct Row: Decodable { let value: String }
        let pending = try await sql.raw("""
            SELECT j.value AS value FROM audit_record_backlog b, json_each(b.record_ids) j WHERE b.sequence = \(bind: sequence)
            """).all(decoding: Row.self)
        return indexed + pending.map(\.value)
    }

    private static func backlog(naming record: String, on database: any Database) async throws -> [Int] {
        guard database is any SQLiteDatabase, let sql = database as? any SQLDatabase else { return [] }
        struct Row: Decodable { let sequence: Int }
        return try await sql.raw("""
            SELECT b.sequence AS sequence FROM audit_record_backlog b, json_each(b.record_ids) j WHERE j.value = \(bind: record)
            """).all(decoding: Row.self).map(\.sequence)
    }
}
