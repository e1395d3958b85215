import Fluent
import Foundation
import Vapor

extension Application {
    private struct CommitterKey: StorageKey { typealias Value = AuditCommitter }

    /// The app's audit group committer, made at start (`startAuditCommitter`).
    package var auditCommitter: AuditCommitter {
        guard let committer = storage[CommitterKey.self] else { fatalError("startAuditCommitter() not called") }
        return committer
    }

    package func startAuditCommitter() {
        let databases = self.databases
        storage[CommitterKey.self] = AuditCommitter { databases.database(logger: .init(label: "audit"), on: databases.eventLoopGroup.any())! }
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
        try await application.auditCommitter.append(AuditDraft(action, record, detail: detail, actor: auditActor(username: username), at: now))
    }

    /// Records a change in the transaction that makes it: both commit or neither.
    package func audit(_ action: AuditAction, _ record: AuditRecord, detail: String = "", in transaction: any Database) async throws {
        try await AuditLog.append([AuditDraft(action, record, detail: detail, actor: auditActor(), at: now)], on: transaction)
    }
}

extension Request {
    /// Records an event for an actor the request does not carry yet (the user who just logged in).
    package func audit(_ action: AuditAction, _ record: AuditRecord, detail: String = "", actor: AuditActor) async throws {
        try await application.auditCommitter.append(AuditDraft(action, record, detail: detail, actor: actor, at: now))
    }
}
