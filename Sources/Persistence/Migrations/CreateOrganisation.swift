import Fluent

/// Districts, municipalities, lead groups and organisational units.
package struct CreateOrganisation: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(District.schema)
            .id()
            .field("name", .string, .required)
            .field("expert_user_id", .uuid)
            .unique(on: "name")
            .create()
        try await database.schema(LeadGroup.schema)
            .id()
            .field("name", .string, .required)
            .field("lead_municipality_id", .uuid, .required)
            .create()
        try await database.schema(Municipality.schema)
            .id()
            .field("bfs_number", .int, .required)
            .field("name", .string, .required)
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("participates", .bool, .required)
            .field("active", .bool, .required)
            .field("lead_group_id", .uuid, .references(LeadGroup.schema, "id", onDelete: .setNull))
            .unique(on: "bfs_number")
            .create()
        try await database.schema(OrganisationalUnit.schema)
            .id()
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("municipality_id", .uuid, .references(Municipality.schema, "id"))
            .field("lead_group_id", .uuid, .references(LeadGroup.schema, "id"))
            .create()
    }

    package func revert(on database: any Database) async throws {
        for schema in [OrganisationalUnit.schema, Municipality.schema, LeadGroup.schema, District.schema] {
            try await database.schema(schema).delete()
        }
    }
}
