import Fluent
import SQLKit

/// Households and persons: the personal data sheet (Personalienblatt).
package struct CreatePersons: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(Household.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("street", .string, .required)
            .field("postal_code", .string, .required)
            .field("place", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(Person.schema)
            .id()
            .field("household_id", .uuid, .required, .references(Household.schema, "id"))
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("family_name", .string, .required)
            .field("given_name", .string, .required)
            .field("name_key", .string, .required)
            .field("sex", .string, .required)
            .field("birth_date", .string, .required)
            .field("nationality", .string, .required)
            .field("mother_tongue", .string)
            .field("other_languages", .string)
            .field("german_level", .string)
            .field("entry_date", .string)
            .field("move_in_date", .string)
            .field("permit", .string)
            .field("phone", .string)
            .field("email", .string)
            .field("social_assistance", .bool, .required)
            .field("focus_note", .string)
            .field("target_group", .string)
            .field("target_group_override_reason", .string)
            .field("source", .string, .required)
            .field("register_person_id", .string)
            .field("closed_on", .string)
            .field("closed_reason", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        // Every person query is scoped by municipality; search adds the folded name.
        try await sql.create(index: "persons_municipality_name").on(Person.schema).column("municipality_id").column("name_key").run()
        try await sql.create(index: "persons_municipality_move_in").on(Person.schema).column("municipality_id").column("move_in_date").run()
        try await sql.create(index: "persons_household").on(Person.schema).column("household_id").run()
        try await sql.create(index: "households_municipality").on(Household.schema).column("municipality_id").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(Person.schema).delete()
        try await database.schema(Household.schema).delete()
    }
}
