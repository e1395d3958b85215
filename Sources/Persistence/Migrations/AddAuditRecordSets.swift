import Fluent
import SQLKit
import SQLiteKit

/// "Who saw this record" by the set of records an entry names, not by one row per record and entry.
///
/// A list page names twenty persons and more, and the same twenty on every view until the list changes; one
/// row per id and entry (`audit_record_refs`) made the ids most of what an audited page wrote: on SQLite through
/// a backlog moved into the index in bulk, on PostgreSQL as twenty rows and forty index entries a page
/// (BENCHMARKS.md, eleventh round). Now an entry carries its set's key (`audit_entries.record_set`: the id itself
/// for one record, a hash of the sorted ids for several), and a set's ids are written once
/// (`audit_record_sets`). The ids of entries written before stay in `audit_record_refs` and are read with the new.
package struct AddAuditRecordSets: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        let postgres = sql.dialect.name == "postgresql"
        // Each step may find itself done: on PostgreSQL the index is built after the transaction, and a start that
        // stopped in between runs the migration again.
        try await database.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { return }
            try await tx.schema(AuditRecordSet.schema)
                .field("set_key", .string, .required)
                .field("record_id", .string, .required)
                .unique(on: "record_id", "set_key")
                .ignoreExisting()
                .create()
            try await sql.raw("CREATE INDEX IF NOT EXISTS audit_record_sets_set ON audit_record_sets (set_key)").run()
            if postgres {
                try await sql.raw("ALTER TABLE audit_entries ADD COLUMN IF NOT EXISTS record_set text").run()
            } else {
                try await tx.schema(AuditEntry.schema).field("record_set", .string).update()
                try await sql.raw(SQLQueryString(Self.entriesIndex)).run()
                // SQLite's backlog (ids not yet moved into the old index) goes into it: nothing else writes there any more.
                try await sql.raw("""
                    INSERT OR IGNORE INTO audit_record_refs (sequence, record_id)
                    SELECT b.sequence, j.value FROM audit_record_backlog b, json_each(b.record_ids) j ORDER BY j.value, b.sequence
                    """).run()
                try await sql.raw("DELETE FROM audit_record_backlog").run()
            }
        }
        guard postgres else { return }
        // Built without locking the entries against writes (a plain build reads every entry, years of them, while
        // every instance's audited requests wait); a build that failed half-way left an invalid index to drop first.
        struct Index: Decodable { let valid: Bool }
        if let index = try await sql.raw("""
            SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'audit_entries_record_set'
            """).first(decoding: Index.self), !index.valid {
            try await sql.raw("DROP INDEX CONCURRENTLY audit_entries_record_set").run()
        }
        try await sql.raw(SQLQueryString(Self.entriesIndex.replacingOccurrences(of: "CREATE INDEX", with: "CREATE INDEX CONCURRENTLY"))).run()
    }

    /// Only entries that name records; an entry's sequence within its set gives "newest first" from the index.
    static let entriesIndex = """
        CREATE INDEX IF NOT EXISTS audit_entries_record_set ON audit_entries (record_set, sequence) WHERE record_set IS NOT NULL
        """

    package func revert(on database: any Database) async throws {
        // Every set's ids go back to the old index first: none is lost.
        try await database.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { return }
            try await sql.raw("""
                INSERT INTO audit_record_refs (sequence, record_id)
                SELECT e.sequence, coalesce(s.record_id, e.record_set) FROM audit_entries e
                LEFT JOIN audit_record_sets s ON s.set_key = e.record_set WHERE e.record_set IS NOT NULL
                ORDER BY 2, 1
                """).run()
            try await sql.raw("DROP INDEX IF EXISTS audit_entries_record_set").run()
            try await tx.schema(AuditEntry.schema).deleteField("record_set").update()
            try await tx.schema(AuditRecordSet.schema).delete()
        }
    }
}
