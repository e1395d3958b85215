import Fluent
import SQLKit

/// Letter texts with versions, municipal letterheads and the record of generated letters.
package struct CreateLetters: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(LetterTemplate.schema)
            .id()
            .field("kind", .string, .required)
            .field("language", .string, .required)
            .field("version", .int, .required)
            .field("is_current", .bool, .required)
            .field("language_name", .string, .required)
            .field("subject", .string, .required)
            .field("salutation_female", .string, .required)
            .field("salutation_male", .string, .required)
            .field("salutation_other", .string, .required)
            .field("body", .string, .required)
            .field("closing", .string, .required)
            .field("labels", .string, .required)
            .field("review_status", .string, .required)
            .field("changed_by_user_id", .uuid, .references(User.schema, "id"))
            .field("created_at", .datetime)
            .unique(on: "kind", "language", "version")
            .create()
        try await database.schema(Letterhead.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("sender", .string, .required)
            .field("contact", .string, .required)
            .field("signature", .string, .required)
            .field("logo", .data)
            .field("logo_type", .string)
            .field("updated_at", .datetime)
            .unique(on: "municipality_id")
            .create()
        try await database.schema(GeneratedLetter.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("kind", .string, .required)
            .field("language", .string, .required)
            .field("bilingual", .bool, .required)
            .field("format", .string, .required)
            .field("template_version", .int, .required)
            .field("generated_by_user_id", .uuid, .required, .references(User.schema, "id"))
            .field("generated_at", .datetime)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "generated_letters_person").on(GeneratedLetter.schema).column("person_id").run()
        try await sql.create(index: "letter_templates_current").on(LetterTemplate.schema).column("kind").column("language").column("is_current").run()
    }

    package func revert(on database: any Database) async throws {
        for schema in [GeneratedLetter.schema, Letterhead.schema, LetterTemplate.schema] {
            try await database.schema(schema).delete()
        }
    }
}
