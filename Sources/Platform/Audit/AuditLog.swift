import Fluent
import Foundation
import Persistence
import SQLKit

/// Appends to and verifies the audit trail: the only code that writes audit rows.
package enum AuditLog {
    /// At most this many entries per insert statement (SQLite's bound-parameter limit).
    static let rowsPerInsert = 200

    /// Appends the drafts in order, in one transaction: the head row is locked first, so appends from
    /// every app instance form one chain. Pass the transaction of the change recorded, so both commit or neither.
    package static func append(_ drafts: [AuditDraft], on database: any Database) async throws {
        guard !drafts.isEmpty else { return }
        if database.inTransaction {
            try await appendLocked(drafts, on: database)
        } else {
            try await database.transaction { try await appendLocked(drafts, on: $0) }
        }
    }

    private static func appendLocked(_ drafts: [AuditDraft], on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw AppError.internalError("audit needs an SQL database") }
        // Lock the head row first: appends from every app instance are serialised by the database.
        try await sql.update(AuditHead.schema).set("sequence", to: SQLColumn("sequence")).where("id", .equal, 1).run()
        guard let head = try await AuditHead.find(1, on: database) else { throw AppError.internalError("audit head missing") }
        var previous = head.hash
        var sequence = head.sequence
        var rows: [[any SQLExpression]] = []
        var index: [[any SQLExpression]] = []
        for draft in drafts {
            sequence += 1
            let fields = AuditChain.fields(draft, sequence: sequence)
            let hash = AuditChain.hash(previous: previous, fields)
            rows.append([
                SQLBind(UUID()), SQLBind(fields.sequence), SQLBind(fields.occurredAt), SQLBind(draft.actor.userID),
                SQLBind(fields.actorUsername), SQLBind(draft.actor.unitID), SQLBind(fields.unitName), SQLBind(fields.action),
                SQLBind(fields.recordType), SQLBind(fields.recordID.isEmpty ? nil : fields.recordID), SQLBind(fields.detail),
                SQLBind(fields.address), SQLBind(previous), SQLBind(hash),
            ])
            for id in draft.record.ids {
                index.append([SQLBind(UUID()), SQLBind(sequence), SQLBind(id.uuidString)])
            }
            previous = hash
        }
        let columns = ["id", "sequence", "occurred_at", "actor_user_id", "actor_username", "unit_id", "unit_name", "action",
                       "record_type", "record_id", "detail", "address", "previous_hash", "hash"]
        for chunk in stride(from: 0, to: rows.count, by: rowsPerInsert) {
            var insert = sql.insert(into: AuditEntry.schema).columns(columns)
            for row in rows[chunk..<min(chunk + rowsPerInsert, rows.count)] { insert = insert.values(row) }
            try await insert.run()
        }
        for chunk in stride(from: 0, to: index.count, by: rowsPerInsert * 4) {
            var insert = sql.insert(into: AuditRecordIndex.schema).columns("id", "sequence", "record_id")
            for row in index[chunk..<min(chunk + rowsPerInsert * 4, index.count)] { insert = insert.values(row) }
            try await insert.run()
        }
        try await sql.update(AuditHead.schema).set("sequence", to: sequence).set("hash", to: previous).where("id", .equal, 1).run()
    }

    package struct Verification: Sendable {
        package var checked: Int
        /// The first broken entry (its sequence number) and why.
        package var firstBreak: (sequence: Int, reason: String)?
        package var isIntact: Bool { firstBreak == nil }
    }

    /// Walks the whole chain in order, in pages, and names the first entry that does not fit.
    package static func verify(on database: any Database, pageSize: Int = 2000) async throws -> Verification {
        var expectedSequence = 1
        var previousHash = AuditHead.genesisHash
        var checked = 0
        while true {
            let page = try await AuditEntry.query(on: database)
                .filter(\.$sequence >= expectedSequence).sort(\.$sequence).limit(pageSize).all()
            if page.isEmpty { break }
            for entry in page {
                if entry.sequence != expectedSequence {
                    return Verification(checked: checked, firstBreak: (expectedSequence, "Eintrag Nr. \(expectedSequence) fehlt (gelöscht)"))
                }
                if entry.previousHash != previousHash {
                    return Verification(checked: checked, firstBreak: (entry.sequence, "Eintrag Nr. \(entry.sequence): Verweis auf den vorherigen Eintrag stimmt nicht"))
                }
                let fields = AuditChain.Fields(
                    sequence: entry.sequence, occurredAt: entry.occurredAt, actorUserID: entry.actorUserID?.uuidString ?? "",
                    actorUsername: entry.actorUsername, unitID: entry.unitID?.uuidString ?? "", unitName: entry.unitName,
                    action: entry.action, recordType: entry.recordType, recordID: entry.recordID ?? "",
                    detail: entry.detail, address: entry.address)
                if AuditChain.hash(previous: previousHash, fields) != entry.hash {
                    return Verification(checked: checked, firstBreak: (entry.sequence, "Eintrag Nr. \(entry.sequence) wurde verändert"))
                }
                previousHash = entry.hash
                expectedSequence += 1
                checked += 1
            }
        }
        guard let head = try await AuditHead.find(1, on: database) else {
            return Verification(checked: checked, firstBreak: (expectedSequence, "Kopfzeile des Audit-Trails fehlt"))
        }
        if head.sequence != checked || head.hash != previousHash {
            return Verification(checked: checked, firstBreak: (checked + 1, "Eintrag Nr. \(checked + 1) fehlt: die Kette endet vor dem gespeicherten Kopf (Nr. \(head.sequence))"))
        }
        return Verification(checked: checked, firstBreak: nil)
    }
}

/// Group commit: audit entries of concurrent requests are appended in one transaction (one fsync),
/// and each request is answered only after its own entry is durable.
package actor AuditCommitter {
    private var pending: [(draft: AuditDraft, done: CheckedContinuation<Void, any Error>)] = []
    private var draining = false
    private let database: @Sendable () -> any Database

    package init(database: @escaping @Sendable () -> any Database) {
        self.database = database
    }

    package func append(_ draft: AuditDraft) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            pending.append((draft, done))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            do {
                try await AuditLog.append(batch.map(\.draft), on: database())
                for item in batch { item.done.resume() }
            } catch {
                for item in batch { item.done.resume(throwing: error) }
            }
        }
        draining = false
    }
}
