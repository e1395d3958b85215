import Fluent
import Foundation
import SQLKit
import Vapor

/// Who did it, from where: taken from the request, or named by a command.
public struct AuditActor: Sendable {
    public var userID: UUID?
    public var username: String
    public var unitID: UUID?
    public var unitName: String
    public var address: String

    public static func system(_ name: String) -> AuditActor {
        AuditActor(userID: nil, username: name, unitID: nil, unitName: "System", address: "lokal")
    }
}

/// Appends to and verifies the audit trail. The only code that writes audit rows.
public enum AuditTrail {
    /// Appends one entry. Pass the transaction of the change it records, so both commit or neither.
    public static func record(_ action: AuditAction, recordType: String, recordID: String? = nil, detail: String = "",
                              actor: AuditActor, at date: Date, on database: any Database) async throws {
        try await database.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            // Lock the head row first: appends from every app instance are serialised by the database.
            try await sql.update(AuditHead.schema).set("sequence", to: SQLColumn("sequence")).where("id", .equal, 1).run()
            guard let head = try await AuditHead.find(1, on: tx) else { throw Abort(.internalServerError, reason: "audit head missing") }
            let fields = AuditChain.Fields(
                sequence: head.sequence + 1, occurredAt: AuditChain.timestamp(date),
                actorUserID: actor.userID?.uuidString ?? "", actorUsername: AuditChain.sanitised(actor.username, limit: 100),
                unitID: actor.unitID?.uuidString ?? "", unitName: AuditChain.sanitised(actor.unitName, limit: 200),
                action: action.rawValue, recordType: recordType, recordID: recordID.map { AuditChain.sanitised($0, limit: 100) } ?? "",
                detail: AuditChain.sanitised(detail), address: AuditChain.sanitised(actor.address, limit: 100))
            let hash = AuditChain.hash(previous: head.hash, fields)
            let entry = AuditEntry()
            entry.sequence = fields.sequence; entry.occurredAt = fields.occurredAt
            entry.actorUserID = actor.userID; entry.actorUsername = fields.actorUsername
            entry.unitID = actor.unitID; entry.unitName = fields.unitName
            entry.action = fields.action; entry.recordType = fields.recordType
            entry.recordID = fields.recordID.isEmpty ? nil : fields.recordID
            entry.detail = fields.detail; entry.address = fields.address
            entry.previousHash = head.hash; entry.hash = hash
            try await entry.create(on: tx)
            try await sql.update(AuditHead.schema).set("sequence", to: fields.sequence).set("hash", to: hash)
                .where("id", .equal, 1).run()
        }
    }

    public struct Verification: Sendable {
        public var checked: Int
        /// The first broken entry (its sequence number) and why.
        public var firstBreak: (sequence: Int, reason: String)?
        public var isIntact: Bool { firstBreak == nil }
    }

    /// Walks the whole chain in order, in pages, and names the first entry that does not fit.
    public static func verify(on database: any Database, pageSize: Int = 2000) async throws -> Verification {
        var expectedSequence = 1
        var previousHash = AuditChain.genesisHash
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

extension Request {
    /// The acting user as audit actor; anonymous requests are named by the attempted user name.
    func auditActor(username: String? = nil) -> AuditActor {
        if let user = currentUser {
            return AuditActor(userID: user.userID, username: user.username, unitID: user.unitID, unitName: user.unitName, address: clientAddress)
        }
        return AuditActor(userID: nil, username: username ?? "anonym", unitID: nil, unitName: "", address: clientAddress)
    }

    /// Records one audited event for the current user.
    func audit(_ action: AuditAction, recordType: String, recordID: UUID? = nil, detail: String = "",
               username: String? = nil, on database: (any Database)? = nil) async throws {
        try await AuditTrail.record(action, recordType: recordType, recordID: recordID?.uuidString, detail: detail,
                                    actor: auditActor(username: username), at: now, on: database ?? db)
    }
}
