import Fluent
import SQLKit

/// MISA's inbox lists reports newest first and by name within a day. The index on (sent_on, person_name)
/// runs the other way in its second column: SQLite sorted each day's reports in a temporary tree and read
/// every listed report's row from the table, a fifth of the inbox's server time at 1,000,000 persons
/// (BENCHMARKS.md, seventh round). These indexes hold the list's order and every column it shows, so a page
/// is one short range of an index, for all reports and for each status.
package struct IndexMisaInbox: AsyncMigration {
    package init() {}

    static let shown = "id, municipality_name, decision, corrects_report_id"

    package func prepare(on database: any Database) async throws {
        // One transaction: a failed create leaves the old indexes, and the migration can run again.
        try await database.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { return }
            try await sql.drop(index: SQLIdentifier("deficit_reports_sent")).ifExists().run()
            try await sql.drop(index: SQLIdentifier("deficit_reports_inbox")).ifExists().run()
            try await sql.raw(SQLQueryString("""
                CREATE INDEX deficit_reports_inbox_all ON deficit_reports (sent_on DESC, person_name, status, \(unsafeRaw: Self.shown))
                """)).run()
            try await sql.raw(SQLQueryString("""
                CREATE INDEX deficit_reports_inbox_status ON deficit_reports (status, sent_on DESC, person_name, \(unsafeRaw: Self.shown))
                """)).run()
        }
    }

    package func revert(on database: any Database) async throws {
        try await database.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { return }
            try await sql.drop(index: SQLIdentifier("deficit_reports_inbox_all")).ifExists().run()
            try await sql.drop(index: SQLIdentifier("deficit_reports_inbox_status")).ifExists().run()
            try await sql.create(index: SQLIdentifier("deficit_reports_sent")).on(DeficitReport.schema).column("sent_on").column("person_name").run()
            try await sql.create(index: SQLIdentifier("deficit_reports_inbox")).on(DeficitReport.schema).column("status").column("sent_on").run()
        }
    }
}
