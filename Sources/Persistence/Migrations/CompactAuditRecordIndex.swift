import Fluent
import Foundation
import SQLKit

/// The record index with a counter as key instead of a random UUID. A list page names twenty and more
/// persons; with a UUID key every name was inserted into two B-trees at random places, and each
/// group commit wrote (and fsynced) hundreds of scattered pages. With an increasing key the table grows
/// at its end and only the (record, sequence) index takes random inserts (BENCHMARKS.md, «Where the time of an audited page goes»).
package struct CompactAuditRecordIndex: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        // One transaction: a crash half-way leaves the old table as it was, and the next start tries again.
        try await database.transaction { try await compact(on: $0) }
    }

    private func compact(on database: any Database) async throws {
        try await database.schema(AuditRecordIndex.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("sequence", .int64, .required)
            .field("record_id", .string, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("""
            INSERT INTO audit_record_refs (sequence, record_id)
            SELECT sequence, record_id FROM audit_record_index ORDER BY sequence, record_id
            """).run()
        try await sql.drop(table: "audit_record_index").run()
        try await sql.create(index: "audit_record_refs_record").on(AuditRecordIndex.schema).column("record_id").column("sequence").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.transaction { try await restore(on: $0) }
    }

    private func restore(on database: any Database) async throws {
        try await database.schema("audit_record_index")
            .id()
            .field("sequence", .int64, .required)
            .field("record_id", .string, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        struct Ref: Decodable { let id: Int; let sequence: Int; let record_id: String }
        var after = 0
        while true {
            let refs = try await sql.raw("SELECT id, sequence, record_id FROM audit_record_refs WHERE id > \(bind: after) ORDER BY id LIMIT 500")
                .all(decoding: Ref.self)
            guard let last = refs.last else { break }
            var insert = sql.insert(into: "audit_record_index").columns("id", "sequence", "record_id")
            for ref in refs { insert = insert.values(SQLBind(UUID()), SQLBind(ref.sequence), SQLBind(ref.record_id)) }
            try await insert.run()
            after = last.id
        }
        try await sql.create(index: "audit_record_index_record").on("audit_record_index").column("record_id").column("sequence").run()
        try await database.schema(AuditRecordIndex.schema).delete()
    }
}
