import Domain
import Fluent
import Foundation

/// The counter's triage of a person: written or oral first information, the guide variant, and
/// the welcome folder. One per person; changes are audited.
package final class TriageDecision: Model, MunicipalityScoped, @unchecked Sendable {
    package static let schema = "triage_decisions"
    package static var municipalityKey: KeyPath<TriageDecision, FieldProperty<TriageDecision, UUID>> { \.$municipality.$id }
    @ID(key: .id) package var id: UUID?
    @Parent(key: "person_id") package var person: Person
    @Parent(key: "municipality_id") package var municipality: Municipality
    @Field(key: "triage") package var triage: Triage
    @Field(key: "reason") package var reason: String
    @Field(key: "guide") package var guide: ConversationGuide
    @Field(key: "folder_status") package var folderStatus: FolderStatus
    @OptionalField(key: "folder_date") package var folderDate: CalendarDate?
    @OptionalField(key: "folder_language") package var folderLanguage: FolderLanguage?
    @Parent(key: "decided_by_user_id") package var decidedBy: User
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] {
        declared([
            $id, $person, $municipality, $triage, $reason, $guide, $folderStatus, $folderDate, $folderLanguage, $decidedBy,
            $createdAt, $updatedAt
        ])
    }

    package init() {}
}

/// A planned first-information conversation (single or group), with interpreter and checklist.
package final class Appointment: Model, MunicipalityScoped, @unchecked Sendable {
    package static let schema = "appointments"
    package static var municipalityKey: KeyPath<Appointment, FieldProperty<Appointment, UUID>> { \.$municipality.$id }
    @ID(key: .id) package var id: UUID?
    @Parent(key: "municipality_id") package var municipality: Municipality
    @Field(key: "kind") package var kind: ConversationKind
    @Field(key: "date") package var date: CalendarDate
    /// "14:00".
    @Field(key: "time") package var time: String
    @Field(key: "place") package var place: String
    @Field(key: "format") package var format: ConversationFormat
    @Field(key: "group_confirmed") package var groupConfirmed: Bool
    @Field(key: "interpreter_needed") package var interpreterNeeded: Bool
    /// ISO 639-3.
    @OptionalField(key: "interpreter_language") package var interpreterLanguage: String?
    @OptionalField(key: "interpreter_channel") package var interpreterChannel: InterpreterChannel?
    @OptionalField(key: "interpreter_status") package var interpreterStatus: InterpreterStatus?
    @OptionalField(key: "interpreter_name") package var interpreterName: String?
    @Field(key: "checklist_folder") package var checklistFolder: Bool
    @Field(key: "checklist_invitation") package var checklistInvitation: Bool
    @Field(key: "checklist_interpreter") package var checklistInterpreter: Bool
    @Field(key: "status") package var status: AppointmentStatus
    /// The day the conversation took place (may differ from the planned `date`).
    @OptionalField(key: "held_on") package var heldOn: CalendarDate?
    @OptionalField(key: "cancel_reason") package var cancelReason: String?
    @Parent(key: "created_by_user_id") package var createdBy: User
    @Children(for: \.$appointment) package var participants: [AppointmentParticipant]
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] {
        declared([
            $id, $municipality, $kind, $date, $time, $place, $format, $groupConfirmed, $interpreterNeeded, $interpreterLanguage,
            $interpreterChannel, $interpreterStatus, $interpreterName, $checklistFolder, $checklistInvitation,
            $checklistInterpreter, $status, $heldOn, $cancelReason, $createdBy, $participants, $createdAt, $updatedAt
        ])
    }

    package init() {}
}

/// A person invited to an appointment: attendance, signature and consent.
package final class AppointmentParticipant: Model, MunicipalityScoped, @unchecked Sendable {
    package static let schema = "appointment_participants"
    package static var municipalityKey: KeyPath<AppointmentParticipant, FieldProperty<AppointmentParticipant, UUID>> { \.$municipality.$id }
    @ID(key: .id) package var id: UUID?
    @Parent(key: "appointment_id") package var appointment: Appointment
    @Parent(key: "person_id") package var person: Person
    @Parent(key: "municipality_id") package var municipality: Municipality
    @Field(key: "attendance") package var attendance: Attendance
    @OptionalField(key: "signature_on") package var signatureOn: CalendarDate?
    @OptionalField(key: "consent") package var consent: DocumentConsent?
    /// False for minors and others who need not sign: they never appear as a missing signature.
    @Field(key: "signature_required") package var signatureRequired: Bool

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] {
        declared([
            $id, $appointment, $person, $municipality, $attendance, $signatureOn, $consent, $signatureRequired
        ])
    }

    /// Everyone signs unless marked otherwise (a minor is marked when invited).
    package init() { signatureRequired = true }
}

/// The record of a held conversation: topics, focus, interpreter, next steps.
package final class Conversation: Model, MunicipalityScoped, @unchecked Sendable {
    package static let schema = "conversations"
    package static var municipalityKey: KeyPath<Conversation, FieldProperty<Conversation, UUID>> { \.$municipality.$id }
    @ID(key: .id) package var id: UUID?
    @OptionalParent(key: "appointment_id") package var appointment: Appointment?
    @Parent(key: "municipality_id") package var municipality: Municipality
    @Field(key: "kind") package var kind: ConversationKind
    @Field(key: "held_on") package var heldOn: CalendarDate
    /// Comma-separated `ConversationTopic` raw values.
    @Field(key: "topics") package var topicsText: String
    @OptionalField(key: "focus_notes") package var focusNotes: String?
    @Field(key: "interpreter_present") package var interpreterPresent: Bool
    /// Comma-separated `NextStep` raw values.
    @Field(key: "next_steps") package var nextStepsText: String
    @OptionalField(key: "next_step_note") package var nextStepNote: String?
    @Parent(key: "recorded_by_user_id") package var recordedBy: User
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] {
        declared([
            $id, $appointment, $municipality, $kind, $heldOn, $topicsText, $focusNotes, $interpreterPresent, $nextStepsText,
            $nextStepNote, $recordedBy, $createdAt, $updatedAt
        ])
    }

    package init() {}

    package var topics: [ConversationTopic] {
        get { topicsText.split(separator: ",").compactMap { ConversationTopic(rawValue: String($0)) } }
        set { topicsText = newValue.map(\.rawValue).joined(separator: ",") }
    }

    package var nextSteps: [NextStep] {
        get { nextStepsText.split(separator: ",").compactMap { NextStep(rawValue: String($0)) } }
        set { nextStepsText = newValue.map(\.rawValue).joined(separator: ",") }
    }
}

/// A contact without a conversation: counter, phone, message, event, information from third parties.
package final class Contact: Model, MunicipalityScoped, @unchecked Sendable {
    package static let schema = "contacts"
    package static var municipalityKey: KeyPath<Contact, FieldProperty<Contact, UUID>> { \.$municipality.$id }
    @ID(key: .id) package var id: UUID?
    @Parent(key: "person_id") package var person: Person
    @Parent(key: "municipality_id") package var municipality: Municipality
    @Field(key: "occurred_on") package var occurredOn: CalendarDate
    @Field(key: "channel") package var channel: ContactChannel
    @Field(key: "note") package var note: String
    @OptionalField(key: "next_step") package var nextStep: String?
    /// The municipal event where the contact was made (a newcomers' event).
    @OptionalField(key: "event_id") package var eventID: UUID?
    @Parent(key: "recorded_by_user_id") package var recordedBy: User
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] {
        declared([
            $id, $person, $municipality, $occurredOn, $channel, $note, $nextStep, $eventID, $recordedBy, $createdAt
        ])
    }

    package init() {}
}
