import Domain
import Fluent
import SQLKit

/// Everyday use: the relationship within a household, signatures that are not required (minors),
/// the day a conversation was actually held, the reason of a cancellation, the appointment a letter
/// was made for, the letterhead's contact person, next steps that come back, and the drafts that
/// keep typed data over an expired session.
package struct AddEverydayUse: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(Person.schema).field("relationship", .string).update()
        try await database.schema(AppointmentParticipant.schema)
            .field("signature_required", .bool, .required, .custom(SQLColumnConstraintAlgorithm.default(true)))
            .update()
        try await database.schema(Appointment.schema).field("held_on", .string).update()
        try await database.schema(Appointment.schema).field("cancel_reason", .string).update()
        try await database.schema(GeneratedLetter.schema).field("appointment_id", .uuid).update()
        try await database.schema(Letterhead.schema).field("contact_user_id", .uuid).update()
        try await database.schema(NextStepTask.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("contact_id", .uuid)
            .field("conversation_id", .uuid)
            .field("text", .string, .required)
            .field("due_on", .string, .required)
            .field("owner_user_id", .uuid, .required, .references(User.schema, "id"))
            .field("done_on", .string)
            .field("done_by_user_id", .uuid)
            .field("created_by_user_id", .uuid, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(FormDraft.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("path", .string, .required)
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        // Held conversations recorded before: their date is the conversation's.
        try await sql.raw("""
            UPDATE appointments SET held_on = (SELECT c.held_on FROM conversations c WHERE c.appointment_id = appointments.id)
            WHERE status IN ('held', 'missed')
            """).run()
        // The "missing signatures" list and count as an index range. A composite index, not a partial one:
        // a partial index is only used when the query spells its condition as the same literals, and the
        // queries bind their values.
        try await sql.raw("DROP INDEX participants_missing_signature").run()
        try await sql.create(index: "participants_signatures").on(AppointmentParticipant.schema)
            .column("municipality_id").column("attendance").column("signature_required").column("signature_on").run()
        try await sql.create(index: "next_step_tasks_open").on(NextStepTask.schema)
            .column("municipality_id").column("done_on").column("due_on").run()
        // Work lists and the start page's next households: a stage's newest arrivals without sorting the stage.
        try await sql.create(index: "persons_municipality_stage_move_in").on(Person.schema)
            .column("municipality_id").column("stage").column("move_in_date").run()
        try await sql.raw("DROP INDEX persons_municipality_stage").run()
        try await sql.create(index: "next_step_tasks_person").on(NextStepTask.schema).column("person_id").run()
        // A person's triage (timeline, task list) without reading the municipality's triages.
        try await sql.create(index: "triage_person").on(TriageDecision.schema).column("person_id").run()
        try await sql.create(index: "generated_letters_appointment").on(GeneratedLetter.schema).column("appointment_id").run()
        try await sql.create(index: "form_drafts_user").on(FormDraft.schema).column("user_id").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(FormDraft.schema).delete()
        try await database.schema(NextStepTask.schema).delete()
        try await database.schema(Letterhead.schema).deleteField("contact_user_id").update()
        try await database.schema(GeneratedLetter.schema).deleteField("appointment_id").update()
        try await database.schema(Appointment.schema).deleteField("cancel_reason").update()
        try await database.schema(Appointment.schema).deleteField("held_on").update()
        try await database.schema(AppointmentParticipant.schema).deleteField("signature_required").update()
        try await database.schema(Person.schema).deleteField("relationship").update()
    }
}
