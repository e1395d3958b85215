import Domain
import Fluent
import SQLKit

/// Sound keys (`~…`) for every person already stored, so that search and the duplicate check find
/// spellings and transliterations of their names too.
package struct AddSoundKeys: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        // Word lookups are byte ranges ("mull" … "mull\u{10FFFF}"): on PostgreSQL the keys compare bytewise,
        // whatever collation the database was created with.
        if let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" {
            try await sql.raw(#"ALTER TABLE person_search_keys ALTER COLUMN key TYPE text COLLATE "C""#).run()
        }
        for person in try await PersonNames.all(on: database) {
            let existing = Set(try await QueryBuilder<PersonSearchKey>(database: database).filter(\.$person.$id == person.id).all(\.$key))
            for key in SearchKeys.keys(given: person.givenName, family: person.familyName) where !existing.contains(key) {
                try await PersonSearchKey(personID: person.id, municipalityID: person.municipalityID, key: key).create(on: database)
            }
        }
    }

    package func revert(on database: any Database) async throws {
        try await QueryBuilder<PersonSearchKey>(database: database).filter(\.$key >= SearchKeys.soundMark)
            .filter(\.$key < SearchKeys.upperBound(SearchKeys.soundMark)).delete()
    }
}
