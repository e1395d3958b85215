import Fluent
import Foundation
import Vapor

extension DatabaseID {
    /// The audit committer's connections to the app's database.
    package static let audit = DatabaseID(string: "audit")
}

extension Application {
    private struct CommitterKey: StorageKey { typealias Value = AuditCommitter }

    /// The app's audit group committer, made at start (`startAuditCommitter`).
    package var auditCommitter: AuditCommitter {
        guard let committer = storage[CommitterKey.self] else { fatalError("startAuditCommitter() not called") }
        return committer
    }

    private struct KeysKey: StorageKey { typealias Value = AuditKeyring }

    /// The keys of the audit chain (AUDIT_KEY …), set at start.
    package var auditKeys: AuditKeyring {
        guard let keys = storage[KeysKey.self] else { fatalError("startAuditCommitter() not called") }
        return keys
    }

    /// The file that keeps the chain's head outside the database.
    package var auditHeadFile: String {
        ProcessInfo.processInfo.environment["AUDIT_HEAD_FILE"].flatMap { $0.isEmpty ? nil : $0 } ?? config.dataDirectory + "/audit-head.json"
    }

    /// Starts the committer. With `eventLoop` (App passes the loop the `.audit` database was made on) the
    /// committer runs there and its statements never wait behind the pages' work on the busy loops.
    package func startAuditCommitter(keys: AuditKeyring, on eventLoop: (any EventLoop)? = nil) {
        storage[KeysKey.self] = keys
        let databases = self.databases
        storage[CommitterKey.self] = AuditCommitter(keys: keys, headFile: auditHeadFile,
                                                    eventLoop: eventLoop ?? databases.eventLoopGroup.any()) {
            // The committer's own connections (App registers `.audit`); the request pool otherwise (tests' custom setups).
            if let eventLoop, let own = databases.database(.audit, logger: .init(label: "audit"), on: eventLoop) { return own }
            return databases.database(.audit, logger: .init(label: "audit"), on: databases.eventLoopGroup.any())
                ?? databases.database(logger: .init(label: "audit"), on: databases.eventLoopGroup.any())
        }
    }

    /// From now on audited requests get an error (App calls this first when it shuts down).
    package func closeAuditCommitter() {
        storage[CommitterKey.self]?.close()
    }

    /// Syncs the audit's commits to the disk and writes the head outside the database now (at shutdown, and
    /// in tests); otherwise SQLite's are synced within `AuditCommitter.syncInterval`.
    package func syncAuditCommitter() async {
        await storage[CommitterKey.self]?.sync()
    }

    /// Appends entries of system work (seeds, commands) in the given database or transaction.
    package func auditSystem(_ drafts: [AuditDraft], on database: any Database) async throws {
        try await AuditLog.append(drafts, keys: auditKeys, on: database)
    }
}

extension Request {
    /// The acting user as audit actor; anonymous requests are named by the attempted user name.
    package func auditActor(username: String? = nil) -> AuditActor {
        if let user = currentUser {
            return AuditActor(userID: user.userID, username: user.username, unitID: user.unitID, unitName: user.unitName,
                              address: clientAddress)
        }
        return AuditActor(userID: nil, username: username ?? "anonym", unitID: nil, unitName: "", address: clientAddress)
    }

    /// Records a read, a login or a refusal: committed together with concurrent requests' entries, and
    /// durable before this returns.
    package func audit(_ action: AuditAction, _ record: AuditRecord, detail: String = "", username: String? = nil) async throws {
        try await application.auditCommitter.append(AuditDraft(action, record, detail: detail, actor: auditActor(username: username), at: now),
                                                    answerOn: eventLoop)
    }

    /// Records a change in the transaction that makes it: both commit or neither.
    package func audit(_ action: AuditAction, _ record: AuditRecord, detail: String = "", in transaction: any Database) async throws {
        try await AuditLog.append([AuditDraft(action, record, detail: detail, actor: auditActor(), at: now)], keys: application.auditKeys,
                                  on: transaction)
    }
}

extension Request {
    /// Records an event for an actor the request does not carry yet (the user who just logged in).
    package func audit(_ action: AuditAction, _ record: AuditRecord, detail: String = "", actor: AuditActor) async throws {
        try await application.auditCommitter.append(AuditDraft(action, record, detail: detail, actor: actor, at: now), answerOn: eventLoop)
    }
}
