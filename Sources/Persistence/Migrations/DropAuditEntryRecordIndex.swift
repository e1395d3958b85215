import Fluent
import SQLKit

/// The audit entries' index on `record_id` answered nothing the record index (`audit_record_refs`) does not:
/// every id an entry names is there, and the audit page's record filter reads only that. Each group commit
/// still wrote a page of it (a person page's id at a random place, a list's NULL in the middle of the index).
package struct DropAuditEntryRecordIndex: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: SQLIdentifier("audit_entries_record")).ifExists().run()
    }

    package func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: SQLIdentifier("audit_entries_record")).on(AuditEntry.schema).column("record_id").run()
    }
}
