import Domain
import Fluent
import SQLKit

/// Fördern, Fordern and MISA: offers, regular structures, assessments, goals, measures, integration
/// conversations, Fordern cases, deficit reports with MISA's questions and decisions, municipal events.
package struct CreatePromotion: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(Offer.schema)
            .id()
            .field("level", .string, .required)
            .field("lead_group_id", .uuid, .references(LeadGroup.schema, "id"))
            .field("municipality_id", .uuid, .references(Municipality.schema, "id"))
            .field("title", .string, .required)
            .field("provider", .string, .required)
            .field("themes", .string, .required)
            .field("audiences", .string, .required)
            .field("languages", .string, .required)
            .field("place", .string, .required)
            .field("schedule", .string, .required)
            .field("cost", .string, .required)
            .field("subsidy", .string)
            .field("contact", .string)
            .field("valid_from", .string, .required)
            .field("valid_until", .string)
            .field("archived_on", .string)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(RegularStructure.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("contact_person", .string)
            .field("phone", .string)
            .field("email", .string)
            .field("themes", .string, .required)
            .field("notes", .string)
            .field("active", .bool, .required)
            .create()
        try await database.schema(Assessment.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("assessed_on", .string, .required)
            .field("themes", .string, .required)
            .field("recorded_by_user_id", .uuid, .required)
            .create()
        try await database.schema(Goal.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("theme", .string, .required)
            .field("text", .string, .required)
            .field("status", .string, .required)
            .field("set_on", .string, .required)
            .field("conversation_id", .uuid)
            .create()
        try await database.schema(Measure.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("goal_id", .uuid)
            .field("offer_id", .uuid)
            .field("title", .string, .required)
            .field("responsible", .string, .required)
            .field("regular_structure_id", .uuid)
            .field("due_on", .string, .required)
            .field("status", .string, .required)
            .field("cost_note", .string)
            .field("conversation_id", .uuid)
            .field("case_id", .uuid)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(IntegrationConversation.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("case_id", .uuid)
            .field("held_on", .string, .required)
            .field("place", .string, .required)
            .field("need", .string, .required)
            .field("remarks", .string)
            .field("interpreter_present", .bool, .required)
            .field("interpreter_language", .string)
            .field("interpreter_channel", .string)
            .field("lead_user_id", .uuid, .required)
            .field("lead_signature", .string, .required)
            .field("lead_signed_on", .string)
            .field("interpreter_signature", .string, .required)
            .field("interpreter_signed_on", .string)
            .field("review_on", .string, .required)
            .field("reviewed_on", .string)
            .field("review_note", .string)
            .field("programme_s", .bool, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(IntegrationParticipant.schema)
            .id()
            .field("conversation_id", .uuid, .required, .references(IntegrationConversation.schema, "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("signature", .string, .required)
            .field("signed_on", .string)
            .create()
        try await database.schema(FordernCase.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("trigger_source", .string, .required)
            .field("regular_structure_id", .uuid)
            .field("trigger_note", .string, .required)
            .field("triggered_on", .string, .required)
            .field("criteria", .string)
            .field("language_level", .string)
            .field("language_proof", .string)
            .field("conversation_type", .string)
            .field("summons_on", .string)
            .field("conversation_id", .uuid)
            .field("review_on", .string)
            .field("review_outcome", .string)
            .field("review_note", .string)
            .field("next_step", .string)
            .field("conversation_planned_on", .string)
            .field("conversation_time", .string)
            .field("conversation_place", .string)
            .field("interpreter_language", .string)
            .field("reported_on", .string)
            .field("refused_cooperation", .bool, .required)
            .field("refusal_note", .string)
            .field("step", .string, .required)
            .field("closed_on", .string)
            .field("created_by_user_id", .uuid, .required)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(DeficitReport.schema)
            .id()
            .field("case_id", .uuid, .required, .references(FordernCase.schema, "id"))
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("municipality_name", .string, .required)
            .field("corrects_report_id", .uuid)
            .field("person_name", .string, .required)
            .field("birth_date", .string, .required)
            .field("nationality", .string, .required)
            .field("permit", .string)
            .field("entry_date", .string)
            .field("address", .string, .required)
            .field("criteria", .string, .required)
            .field("deficit", .string, .required)
            .field("measures", .string, .required)
            .field("outcome", .string, .required)
            .field("conversation_on", .string, .required)
            .field("person_signature", .string, .required)
            .field("attachment", .data)
            .field("status", .string, .required)
            .field("sent_on", .string)
            .field("sent_by_user_id", .uuid)
            .field("acknowledged_on", .string)
            .field("decision", .string)
            .field("decided_on", .string)
            .field("decision_valid_until", .string)
            .field("decision_note", .string)
            .field("decision_seen_on", .string)
            .field("created_at", .datetime)
            .create()
        try await database.schema(ReportQuestion.schema)
            .id()
            .field("report_id", .uuid, .required, .references(DeficitReport.schema, "id", onDelete: .cascade))
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("question", .string, .required)
            .field("asked_on", .string, .required)
            .field("asked_by_user_id", .uuid, .required)
            .field("answer", .string)
            .field("answered_on", .string)
            .field("answered_by_user_id", .uuid)
            .create()
        try await database.schema(MunicipalEvent.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("title", .string, .required)
            .field("held_on", .string, .required)
            .field("time", .string, .required)
            .field("place", .string, .required)
            .field("moved_in_from", .string, .required)
            .field("moved_in_until", .string, .required)
            .field("notes", .string)
            .create()
        try await database.schema(EventGuest.schema)
            .id()
            .field("event_id", .uuid, .required, .references(MunicipalEvent.schema, "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("attended", .bool, .required)
            .create()
        try await database.schema(Contact.schema).field("event_id", .uuid).update()

        guard let sql = database as? any SQLDatabase else { return }
        // Every list and reminder is an index range on what it shows.
        let indexes: [(String, String, [String])] = [
            ("offers_level", Offer.schema, ["level", "archived_on"]),
            ("offers_lead_group", Offer.schema, ["lead_group_id"]),
            ("offers_municipality", Offer.schema, ["municipality_id"]),
            ("regular_structures_municipality", RegularStructure.schema, ["municipality_id", "kind"]),
            ("assessments_person", Assessment.schema, ["person_id"]),
            ("goals_person", Goal.schema, ["person_id"]),
            ("measures_person", Measure.schema, ["person_id"]),
            ("measures_due", Measure.schema, ["municipality_id", "status", "due_on"]),
            ("measures_case", Measure.schema, ["case_id"]),
            ("measures_conversation", Measure.schema, ["conversation_id"]),
            ("integration_conversations_review", IntegrationConversation.schema, ["municipality_id", "review_on"]),
            ("integration_conversations_held", IntegrationConversation.schema, ["municipality_id", "held_on"]),
            ("integration_conversations_case", IntegrationConversation.schema, ["case_id"]),
            ("integration_participants_conversation", IntegrationParticipant.schema, ["conversation_id"]),
            ("integration_participants_person", IntegrationParticipant.schema, ["person_id"]),
            ("fordern_cases_person", FordernCase.schema, ["person_id"]),
            ("fordern_cases_step", FordernCase.schema, ["municipality_id", "step", "review_on"]),
            ("deficit_reports_case", DeficitReport.schema, ["case_id"]),
            ("deficit_reports_municipality", DeficitReport.schema, ["municipality_id", "status", "decision_seen_on"]),
            ("deficit_reports_inbox", DeficitReport.schema, ["status", "sent_on"]),
            ("report_questions_report", ReportQuestion.schema, ["report_id"]),
            ("municipal_events_held", MunicipalEvent.schema, ["municipality_id", "held_on"]),
            ("event_guests_event", EventGuest.schema, ["event_id"]),
            ("event_guests_person", EventGuest.schema, ["person_id"]),
        ]
        for (name, table, columns) in indexes {
            var index = sql.create(index: SQLIdentifier(name)).on(table)
            for column in columns { index = index.column(column) }
            try await index.run()
        }
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(Contact.schema).deleteField("event_id").update()
        for schema in [EventGuest.schema, MunicipalEvent.schema, ReportQuestion.schema, DeficitReport.schema, FordernCase.schema,
                       IntegrationParticipant.schema, IntegrationConversation.schema, Measure.schema, Goal.schema,
                       Assessment.schema, RegularStructure.schema, Offer.schema] {
            try await database.schema(schema).delete()
        }
    }
}
