import Fluent
import Foundation

/// Records that belong to one municipality's persons; read them only through `AccessScope`.
protocol MunicipalityScoped: Model {}

extension Person: MunicipalityScoped {}
extension Household: MunicipalityScoped {}

/// The counter's triage of a person: written or oral first information, the guide variant, and
/// the welcome folder. One per person; changes are audited.
final class TriageDecision: Model, MunicipalityScoped, @unchecked Sendable {
    static let schema = "triage_decisions"
    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    @Parent(key: "municipality_id") var municipality: Municipality
    @Field(key: "triage") var triage: Triage
    @Field(key: "reason") var reason: String
    @Field(key: "guide") var guide: ConversationGuide
    /// not_yet, handed_over or sent.
    @Field(key: "folder_status") var folderStatus: String
    @OptionalField(key: "folder_date") var folderDate: String?
    @OptionalField(key: "folder_language") var folderLanguage: String?
    @Parent(key: "decided_by_user_id") var decidedBy: User
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// A planned first-information conversation (single or group), with interpreter and checklist.
final class Appointment: Model, MunicipalityScoped, @unchecked Sendable {
    static let schema = "appointments"
    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    /// first_information now; integration and follow-up conversations later.
    @Field(key: "kind") var kind: String
    @Field(key: "date") var date: String
    @Field(key: "time") var time: String
    @Field(key: "place") var place: String
    @Field(key: "format") var format: ConversationFormat
    @Field(key: "group_confirmed") var groupConfirmed: Bool
    @Field(key: "interpreter_needed") var interpreterNeeded: Bool
    @OptionalField(key: "interpreter_language") var interpreterLanguage: String?
    /// heks_linguadukt or municipal_staff.
    @OptionalField(key: "interpreter_channel") var interpreterChannel: String?
    /// requested, confirmed or cancelled.
    @OptionalField(key: "interpreter_status") var interpreterStatus: String?
    @OptionalField(key: "interpreter_name") var interpreterName: String?
    @Field(key: "checklist_folder") var checklistFolder: Bool
    @Field(key: "checklist_invitation") var checklistInvitation: Bool
    @Field(key: "checklist_interpreter") var checklistInterpreter: Bool
    /// planned, held or cancelled.
    @Field(key: "status") var status: String
    @Parent(key: "created_by_user_id") var createdBy: User
    @Children(for: \.$appointment) var participants: [AppointmentParticipant]
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// A person invited to an appointment: attendance, signature and consent.
final class AppointmentParticipant: Model, MunicipalityScoped, @unchecked Sendable {
    static let schema = "appointment_participants"
    @ID(key: .id) var id: UUID?
    @Parent(key: "appointment_id") var appointment: Appointment
    @Parent(key: "person_id") var person: Person
    @Parent(key: "municipality_id") var municipality: Municipality
    /// expected, present or absent.
    @Field(key: "attendance") var attendance: String
    @OptionalField(key: "signature_on") var signatureOn: String?
    @OptionalField(key: "consent") var consent: DocumentConsent?

    init() {}
}

/// The record of a held conversation: topics, focus, interpreter, next steps.
final class Conversation: Model, MunicipalityScoped, @unchecked Sendable {
    static let schema = "conversations"
    @ID(key: .id) var id: UUID?
    @OptionalParent(key: "appointment_id") var appointment: Appointment?
    @Parent(key: "municipality_id") var municipality: Municipality
    @Field(key: "kind") var kind: String
    @Field(key: "held_on") var heldOn: String
    /// Comma-separated `ConversationTopic` raw values.
    @Field(key: "topics") var topics: String
    @OptionalField(key: "focus_notes") var focusNotes: String?
    @Field(key: "interpreter_present") var interpreterPresent: Bool
    /// Comma-separated `NextStep` raw values.
    @Field(key: "next_steps") var nextSteps: String
    @OptionalField(key: "next_step_note") var nextStepNote: String?
    @Parent(key: "recorded_by_user_id") var recordedBy: User
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// A contact without a conversation: counter, phone, message, event, information from third parties.
final class Contact: Model, MunicipalityScoped, @unchecked Sendable {
    static let schema = "contacts"
    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    @Parent(key: "municipality_id") var municipality: Municipality
    @Field(key: "occurred_on") var occurredOn: String
    @Field(key: "channel") var channel: ContactChannel
    @Field(key: "note") var note: String
    @OptionalField(key: "next_step") var nextStep: String?
    @Parent(key: "recorded_by_user_id") var recordedBy: User
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}
