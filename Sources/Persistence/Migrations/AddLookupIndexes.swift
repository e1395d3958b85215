import Fluent
import SQLKit

/// Indexes found with EXPLAIN QUERY PLAN at 1,000,000 persons: without statistics SQLite chose an
/// index that serves the ORDER BY and then read the whole municipality (a household's members, a
/// person's letters) or sorted every report (MISA's inbox). Each of these covers filter and order.
package struct AddLookupIndexes: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        let indexes: [(String, String, [String])] = [
            ("persons_household_birth", "persons", ["household_id", "birth_date"]),
            ("generated_letters_person_time", "generated_letters", ["person_id", "generated_at"]),
            ("deficit_reports_sent", "deficit_reports", ["sent_on", "person_name"]),
        ]
        for (name, table, columns) in indexes {
            var index = sql.create(index: SQLIdentifier(name)).on(table)
            for column in columns { index = index.column(column) }
            try await index.run()
        }
    }

    package func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for name in ["persons_household_birth", "generated_letters_person_time", "deficit_reports_sent"] {
            try await sql.drop(index: SQLIdentifier(name)).run()
        }
    }
}
