import Foundation
import Domain
import Fluent
import SQLKit

/// The house for more areas: the Informieren stage on every person (work lists are index ranges),
/// name keys for search, the audit record index, and indexes that match the scoped queries.
package struct AddWorkStagesAndIndexes: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(Person.schema)
            .field("stage", .string, .required, .custom(SQLColumnConstraintAlgorithm.default(InformierenStage.toTriage.rawValue)))
            .update()
        try await database.schema(PersonSearchKey.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("key", .string, .required)
            .create()
        try await database.schema("audit_record_index")
            .id()
            .field("sequence", .int64, .required)
            .field("record_id", .string, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await backfillStages(sql)
        try await backfillSearchKeys(database)
        try await sql.create(index: "persons_municipality_stage").on(Person.schema).column("municipality_id").column("stage").run()
        try await sql.create(index: "person_search_keys_lookup").on(PersonSearchKey.schema)
            .column("municipality_id").column("key").run()
        try await sql.create(index: "person_search_keys_person").on(PersonSearchKey.schema).column("person_id").run()
        try await sql.create(index: "audit_record_index_record").on("audit_record_index").column("record_id").column("sequence").run()
        try await sql.create(index: "appointments_municipality_status").on(Appointment.schema)
            .column("municipality_id").column("status").column("date").run()
        try await sql.create(index: "participants_appointment").on(AppointmentParticipant.schema).column("appointment_id").run()
        try await sql.create(index: "generated_letters_municipality").on(GeneratedLetter.schema).column("municipality_id").run()
        // Only the rows the "missing signatures" list shows: its count never reads the others.
        try await sql.raw("""
            CREATE INDEX participants_missing_signature ON appointment_participants (municipality_id)
            WHERE attendance = 'present' AND signature_on IS NULL
            """).run()
        try await sql.create(index: "conversations_appointment").on(Conversation.schema).column("appointment_id").run()
    }

    /// The stage the rules (InformierenStage.derive) give, applied in rising priority.
    private func backfillStages(_ sql: any SQLDatabase) async throws {
        let statements = [
            "UPDATE persons SET stage = 'to_triage'",
            "UPDATE persons SET stage = 'written' WHERE id IN (SELECT person_id FROM triage_decisions WHERE triage = 'written')",
            "UPDATE persons SET stage = 'to_plan' WHERE id IN (SELECT person_id FROM triage_decisions WHERE triage = 'oral')",
            "UPDATE persons SET stage = 'out_of_scope' WHERE target_group = 'out_of_scope'",
            "UPDATE persons SET stage = 'missed' WHERE id IN (SELECT person_id FROM appointment_participants WHERE attendance = 'absent')",
            """
            UPDATE persons SET stage = 'planned' WHERE id IN (SELECT p.person_id FROM appointment_participants p
              JOIN appointments a ON a.id = p.appointment_id WHERE a.status = 'planned')
            """,
            """
            UPDATE persons SET stage = 'held' WHERE id IN (SELECT p.person_id FROM appointment_participants p
              JOIN appointments a ON a.id = p.appointment_id WHERE a.status = 'held' AND p.attendance = 'present')
            """,
            "UPDATE persons SET stage = 'closed' WHERE closed_on IS NOT NULL",
        ]
        for statement in statements { try await sql.raw(SQLQueryString(statement)).run() }
    }

    private func backfillSearchKeys(_ database: any Database) async throws {
        for person in try await PersonNames.all(on: database) {
            for key in SearchKeys.keys(given: person.givenName, family: person.familyName) {
                try await PersonSearchKey(personID: person.id, municipalityID: person.municipalityID, key: key).create(on: database)
            }
        }
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("audit_record_index").delete()
        try await database.schema(PersonSearchKey.schema).delete()
        try await database.schema(Person.schema).deleteField("stage").update()
    }
}

/// The names of every stored person, read by column: a migration must not read whole models,
/// whose later fields do not exist yet when it runs.
struct PersonNames: Decodable {
    let id: UUID
    let municipalityID: UUID
    let givenName: String
    let familyName: String

    static func all(on database: any Database) async throws -> [PersonNames] {
        guard let sql = database as? any SQLDatabase else { return [] }
        return try await sql.raw("""
            SELECT id, municipality_id AS "municipalityID", given_name AS "givenName", family_name AS "familyName" FROM persons
            """).all(decoding: PersonNames.self)
    }
}
