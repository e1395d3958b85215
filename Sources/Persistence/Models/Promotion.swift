import Domain
import Fluent
import Foundation

/// An integration offer (Integrationsangebot): the canton's, a lead group's or a municipality's.
/// Not personal data; who sees it follows its level (`AccessScope.offers`).
package final class Offer: Model, @unchecked Sendable {
    package static let schema = "offers"
    @ID(key: .id) package var id: UUID?
    @Field(key: "level") package var level: OfferLevel
    /// The lead group of a regional offer.
    @OptionalField(key: "lead_group_id") package var leadGroupID: UUID?
    /// The municipality of a municipal offer.
    @OptionalField(key: "municipality_id") package var municipalityID: UUID?
    @Field(key: "title") package var title: String
    @Field(key: "provider") package var provider: String
    /// Comma-separated `IntegrationTheme` raw values.
    @Field(key: "themes") package var themesText: String
    /// Comma-separated `OfferAudience` raw values.
    @Field(key: "audiences") package var audiencesText: String
    /// Comma-separated ISO 639-3 codes.
    @Field(key: "languages") package var languagesText: String
    @Field(key: "place") package var place: String
    @Field(key: "schedule") package var schedule: String
    @Field(key: "cost") package var cost: String
    @OptionalField(key: "subsidy") package var subsidy: String?
    @OptionalField(key: "contact") package var contact: String?
    @Field(key: "valid_from") package var validFrom: CalendarDate
    @OptionalField(key: "valid_until") package var validUntil: CalendarDate?
    @OptionalField(key: "archived_on") package var archivedOn: CalendarDate?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] {
        declared([
            $id, $level, $leadGroupID, $municipalityID, $title, $provider, $themesText, $audiencesText, $languagesText, $place,
            $schedule, $cost, $subsidy, $contact, $validFrom, $validUntil, $archivedOn, $updatedAt
        ])
    }

    package init() {}

    package var themes: [IntegrationTheme] {
        get { themesText.split(separator: ",").compactMap { IntegrationTheme(rawValue: String($0)) } }
        set { themesText = newValue.map(\.rawValue).joined(separator: ",") }
    }

    package var audiences: [OfferAudience] {
        get { audiencesText.split(separator: ",").compactMap { OfferAudience(rawValue: String($0)) } }
        set { audiencesText = newValue.map(\.rawValue).joined(separator: ",") }
    }

    package var languages: [String] {
        get { languagesText.split(separator: ",").map(String.init) }
        set { languagesText = newValue.joined(separator: ",") }
    }
}

/// A regular structure of a municipality (Regelstruktur): a school, the social region, an employer…
package final class RegularStructure: Model, MunicipalityScoped, @unchecked Sendable {
    package static let schema = "regular_structures"
    package static var municipalityKey: KeyPath<RegularStructure, FieldProperty<RegularStructure, UUID>> { \.$municipality.$id }
    @ID(key: .id) package var id: UUID?
    @Parent(key: "municipality_id") package var municipality: Municipality
    @Field(key: "kind") package var kind: StructureKind
    @Field(key: "name") package var name: String
    @OptionalField(key: "contact_person") package var contactPerson: String?
    @OptionalField(key: "phone") package var phone: String?
    @OptionalField(key: "email") package var email: String?
    @Field(key: "themes") package var themesText: String
    @OptionalField(key: "notes") package var notes: String?
    @Field(key: "active") package var active: Bool

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] {
        declared([
            $id, $municipality, $kind, $name, $contactPerson, $phone, $email, $themesText, $notes, $active
        ])
    }

    package init() {}

    package var themes: [IntegrationTheme] {
        get { themesText.split(separator: ",").compactMap { IntegrationTheme(rawValue: String($0)) } }
        set { themesText = newValue.map(\.rawValue).joined(separator: ",") }
    }
}

/// A starting-position assessment (Standortbestimmung) of a person over the eight themes.
package final class Assessment: Model, MunicipalityScoped, @unchecked Sendable {
    package static let schema = "assessments"
    package static var municipalityKey: KeyPath<Assessment, FieldProperty<Assessment, UUID>> { \.$municipality.$id }
    @ID(key: .id) package var id: UUID?
    @Parent(key: "person_id") package var person: Person
    @Parent(key: "municipality_id") package var municipality: Municipality
    @Field(key: "assessed_on") package var assessedOn: CalendarDate
    /// JSON object theme → {status, note}.
    @Field(key: "themes") package var themesJSON: String
    @Field(key: "recorded_by_user_id") package var recordedByUserID: UUID

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] {
        declared([
            $id, $person, $municipality, $assessedOn, $themesJSON, $recordedByUserID
        ])
    }

    package init() {}

    package struct Entry: Codable, Sendable, Equatable {
        package var status: ThemeStatus
        package var note: String?
        package init(status: ThemeStatus, note: String?) { self.status = status; self.note = note }
    }

    package var entries: [IntegrationTheme: Entry] {
        get {
            let raw = (try? JSONDecoder().decode([String: Entry].self, from: Data(themesJSON.utf8))) ?? [:]
            return Dictionary(uniqueKeysWithValues: raw.compactMap { key, value in IntegrationTheme(rawValue: key).map { ($0, value) } })
        }
        set {
            let raw = Dictionary(uniqueKeysWithValues: newValue.map { ($0.key.rawValue, $0.value) })
            themesJSON = String(decoding: (try? JSONEncoder().encode(raw)) ?? Data("{}".utf8), as: UTF8.self)
        }
    }
}

/// A goal of a person's promotion.
package final class Goal: Model, MunicipalityScoped, @unchecked Sendable {
    package static let schema = "goals"
    package static var municipalityKey: KeyPath<Goal, FieldProperty<Goal, UUID>> { \.$municipality.$id }
    @ID(key: .id) package var id: UUID?
    @Parent(key: "person_id") package var person: Person
    @Parent(key: "municipality_id") package var municipality: Municipality
    @Field(key: "theme") package var theme: IntegrationTheme
    @Field(key: "text") package var text: String
    @Field(key: "status") package var status: GoalStatus
    @Field(key: "set_on") package var setOn: CalendarDate
    @OptionalField(key: "conversation_id") package var conversationID: UUID?

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] {
        declared([
            $id, $person, $municipality, $theme, $text, $status, $setOn, $conversationID
        ])
    }

    package init() {}
}

/// A measure (Integrationsmassnahme): an offer or free text, who carries it out, until when, how it goes.
package final class Measure: Model, MunicipalityScoped, @unchecked Sendable {
    package static let schema = "measures"
    package static var municipalityKey: KeyPath<Measure, FieldProperty<Measure, UUID>> { \.$municipality.$id }
    @ID(key: .id) package var id: UUID?
    @Parent(key: "person_id") package var person: Person
    @Parent(key: "municipality_id") package var municipality: Municipality
    @OptionalField(key: "goal_id") package var goalID: UUID?
    @OptionalField(key: "offer_id") package var offerID: UUID?
    @Field(key: "title") package var title: String
    @Field(key: "responsible") package var responsible: MeasureResponsible
    @OptionalField(key: "regular_structure_id") package var regularStructureID: UUID?
    @Field(key: "due_on") package var dueOn: CalendarDate
    @Field(key: "status") package var status: MeasureStatus
    @OptionalField(key: "cost_note") package var costNote: String?
    @OptionalField(key: "conversation_id") package var conversationID: UUID?
    @OptionalField(key: "case_id") package var caseID: UUID?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] {
        declared([
            $id, $person, $municipality, $goalID, $offerID, $title, $responsible, $regularStructureID, $dueOn, $status, $costNote,
            $conversationID, $caseID, $updatedAt
        ])
    }

    package init() {}
}

/// An integration conversation (Integrationsgespräch), in Fördern or Fordern: who took part, the
/// interpreter, need, measures, remarks, the form's signatures and the review date.
package final class IntegrationConversation: Model, MunicipalityScoped, @unchecked Sendable {
    package static let schema = "integration_conversations"
    package static var municipalityKey: KeyPath<IntegrationConversation, FieldProperty<IntegrationConversation, UUID>> { \.$municipality.$id }
    @ID(key: .id) package var id: UUID?
    @Parent(key: "municipality_id") package var municipality: Municipality
    @OptionalField(key: "case_id") package var caseID: UUID?
    @Field(key: "held_on") package var heldOn: CalendarDate
    @Field(key: "place") package var place: String
    @Field(key: "need") package var need: String
    @OptionalField(key: "remarks") package var remarks: String?
    @Field(key: "interpreter_present") package var interpreterPresent: Bool
    @OptionalField(key: "interpreter_language") package var interpreterLanguage: String?
    @OptionalField(key: "interpreter_channel") package var interpreterChannel: InterpreterChannel?
    @Field(key: "lead_user_id") package var leadUserID: UUID
    @Field(key: "lead_signature") package var leadSignature: SignatureState
    @OptionalField(key: "lead_signed_on") package var leadSignedOn: CalendarDate?
    @Field(key: "interpreter_signature") package var interpreterSignature: SignatureState
    @OptionalField(key: "interpreter_signed_on") package var interpreterSignedOn: CalendarDate?
    @Field(key: "review_on") package var reviewOn: CalendarDate
    @OptionalField(key: "reviewed_on") package var reviewedOn: CalendarDate?
    @OptionalField(key: "review_note") package var reviewNote: String?
    /// A participant had status S: counted for Programme S.
    @Field(key: "programme_s") package var programmeS: Bool
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] {
        declared([
            $id, $municipality, $caseID, $heldOn, $place, $need, $remarks, $interpreterPresent, $interpreterLanguage,
            $interpreterChannel, $leadUserID, $leadSignature, $leadSignedOn, $interpreterSignature, $interpreterSignedOn,
            $reviewOn, $reviewedOn, $reviewNote, $programmeS, $createdAt
        ])
    }

    package init() {}
}

/// A person in an integration conversation, with the person's signature.
package final class IntegrationParticipant: Model, MunicipalityScoped, @unchecked Sendable {
    package static let schema = "integration_participants"
    package static var municipalityKey: KeyPath<IntegrationParticipant, FieldProperty<IntegrationParticipant, UUID>> { \.$municipality.$id }
    @ID(key: .id) package var id: UUID?
    @Parent(key: "conversation_id") package var conversation: IntegrationConversation
    @Parent(key: "person_id") package var person: Person
    @Parent(key: "municipality_id") package var municipality: Municipality
    @Field(key: "signature") package var signature: SignatureState
    @OptionalField(key: "signed_on") package var signedOn: CalendarDate?

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] { declared([$id, $conversation, $person, $municipality, $signature, $signedOn]) }

    package init() {}
}

/// A Fordern case: the trigger, the pre-check against the integration criteria, the conversation,
/// the review and, where the deficit persists, the report to MISA.
package final class FordernCase: Model, MunicipalityScoped, @unchecked Sendable {
    package static let schema = "fordern_cases"
    package static var municipalityKey: KeyPath<FordernCase, FieldProperty<FordernCase, UUID>> { \.$municipality.$id }
    @ID(key: .id) package var id: UUID?
    @Parent(key: "person_id") package var person: Person
    @Parent(key: "municipality_id") package var municipality: Municipality
    @Field(key: "trigger_source") package var triggerSource: TriggerSource
    @OptionalField(key: "regular_structure_id") package var regularStructureID: UUID?
    @Field(key: "trigger_note") package var triggerNote: String
    @Field(key: "triggered_on") package var triggeredOn: CalendarDate
    /// JSON object criterion → {concerned, note}; nil until the pre-check is done.
    @OptionalField(key: "criteria") package var criteriaJSON: String?
    @OptionalField(key: "language_level") package var languageLevel: GermanLevel?
    @OptionalField(key: "language_proof") package var languageProof: String?
    @OptionalField(key: "conversation_type") package var conversationType: ConversationType?
    @OptionalField(key: "summons_on") package var summonsOn: CalendarDate?
    @OptionalField(key: "conversation_id") package var conversationID: UUID?
    @OptionalField(key: "review_on") package var reviewOn: CalendarDate?
    @OptionalField(key: "review_outcome") package var reviewOutcome: ReviewOutcome?
    @OptionalField(key: "review_note") package var reviewNote: String?
    @OptionalField(key: "next_step") package var nextStep: String?
    /// The planned conversation, for the summons (Vorladung).
    @OptionalField(key: "conversation_planned_on") package var conversationPlannedOn: CalendarDate?
    @OptionalField(key: "conversation_time") package var conversationTime: String?
    @OptionalField(key: "conversation_place") package var conversationPlace: String?
    @OptionalField(key: "interpreter_language") package var interpreterLanguage: String?
    /// When the (first) deficit report was sent to MISA.
    @OptionalField(key: "reported_on") package var reportedOn: CalendarDate?
    @Field(key: "refused_cooperation") package var refusedCooperation: Bool
    @OptionalField(key: "refusal_note") package var refusalNote: String?
    /// The step the case is at, kept for the work lists (FordernProgress).
    @Field(key: "step") package var step: FordernStep
    @OptionalField(key: "closed_on") package var closedOn: CalendarDate?
    @Field(key: "created_by_user_id") package var createdByUserID: UUID
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] {
        declared([
            $id, $person, $municipality, $triggerSource, $regularStructureID, $triggerNote, $triggeredOn, $criteriaJSON,
            $languageLevel, $languageProof, $conversationType, $summonsOn, $conversationID, $reviewOn, $reviewOutcome, $reviewNote,
            $nextStep, $conversationPlannedOn, $conversationTime, $conversationPlace, $interpreterLanguage, $reportedOn,
            $refusedCooperation, $refusalNote, $step, $closedOn, $createdByUserID, $updatedAt
        ])
    }

    package init() {}

    package struct Criterion: Codable, Sendable, Equatable {
        package var concerned: Bool
        package var note: String?
        package init(concerned: Bool, note: String?) { self.concerned = concerned; self.note = note }
    }

    /// Where the case stands, from its facts.
    package var progress: FordernProgress {
        FordernProgress(.init(prechecked: criteriaJSON != nil, conversationType: conversationType, summonsMade: summonsOn != nil,
                              conversationHeld: conversationID != nil, reviewOn: reviewOn, reviewOutcome: reviewOutcome,
                              refusedCooperation: refusedCooperation, reportSent: reportedOn != nil, closed: closedOn != nil))
    }

    /// Keeps the stored step (for the work lists) in line with the facts; call before saving.
    package func refreshStep() { step = progress.current }

    package var criteria: [IntegrationCriterion: Criterion]? {
        get {
            guard let criteriaJSON else { return nil }
            let raw = (try? JSONDecoder().decode([String: Criterion].self, from: Data(criteriaJSON.utf8))) ?? [:]
            return Dictionary(uniqueKeysWithValues: raw.compactMap { key, value in IntegrationCriterion(rawValue: key).map { ($0, value) } })
        }
        set {
            guard let newValue else { criteriaJSON = nil; return }
            let raw = Dictionary(uniqueKeysWithValues: newValue.map { ($0.key.rawValue, $0.value) })
            criteriaJSON = String(decoding: (try? JSONEncoder().encode(raw)) ?? Data("{}".utf8), as: UTF8.self)
        }
    }
}

/// A deficit report to MISA (Meldeformular). Once sent it is read-only for the municipality; it
/// carries the person's data as sent, so MISA never reads the case or the household.
package final class DeficitReport: Model, MunicipalityScoped, @unchecked Sendable {
    package static let schema = "deficit_reports"
    package static var municipalityKey: KeyPath<DeficitReport, FieldProperty<DeficitReport, UUID>> { \.$municipality.$id }
    @ID(key: .id) package var id: UUID?
    @Parent(key: "case_id") package var fordernCase: FordernCase
    @Parent(key: "municipality_id") package var municipality: Municipality
    @Field(key: "municipality_name") package var municipalityName: String
    @OptionalField(key: "corrects_report_id") package var correctsReportID: UUID?
    // The person as sent.
    @Field(key: "person_name") package var personName: String
    @Field(key: "birth_date") package var birthDate: CalendarDate
    @Field(key: "nationality") package var nationality: String
    @OptionalField(key: "permit") package var permit: ResidencePermit?
    @OptionalField(key: "entry_date") package var entryDate: CalendarDate?
    @Field(key: "address") package var address: String
    /// Comma-separated criteria concerned.
    @Field(key: "criteria") package var criteriaText: String
    @Field(key: "deficit") package var deficit: String
    @Field(key: "measures") package var measures: String
    @Field(key: "outcome") package var outcome: String
    @Field(key: "conversation_on") package var conversationOn: CalendarDate
    @Field(key: "person_signature") package var personSignature: SignatureState
    /// The integration-conversation form as PDF (nil where no renderer was available; then the
    /// municipality sends it on paper and says so).
    @OptionalField(key: "attachment") package var attachment: Data?
    @Field(key: "status") package var status: ReportStatus
    @OptionalField(key: "sent_on") package var sentOn: CalendarDate?
    @OptionalField(key: "sent_by_user_id") package var sentByUserID: UUID?
    @OptionalField(key: "acknowledged_on") package var acknowledgedOn: CalendarDate?
    @OptionalField(key: "decision") package var decision: MisaDecision?
    @OptionalField(key: "decided_on") package var decidedOn: CalendarDate?
    @OptionalField(key: "decision_valid_until") package var decisionValidUntil: CalendarDate?
    @OptionalField(key: "decision_note") package var decisionNote: String?
    @OptionalField(key: "decision_seen_on") package var decisionSeenOn: CalendarDate?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] {
        declared([
            $id, $fordernCase, $municipality, $municipalityName, $correctsReportID, $personName, $birthDate, $nationality, $permit,
            $entryDate, $address, $criteriaText, $deficit, $measures, $outcome, $conversationOn, $personSignature, $attachment,
            $status, $sentOn, $sentByUserID, $acknowledgedOn, $decision, $decidedOn, $decisionValidUntil, $decisionNote,
            $decisionSeenOn, $createdAt
        ])
    }

    package init() {}

    package var criteria: [IntegrationCriterion] {
        get { criteriaText.split(separator: ",").compactMap { IntegrationCriterion(rawValue: String($0)) } }
        set { criteriaText = newValue.map(\.rawValue).joined(separator: ",") }
    }
}

/// A question MISA asks the municipality on a report, and its answer.
package final class ReportQuestion: Model, MunicipalityScoped, @unchecked Sendable {
    package static let schema = "report_questions"
    package static var municipalityKey: KeyPath<ReportQuestion, FieldProperty<ReportQuestion, UUID>> { \.$municipality.$id }
    @ID(key: .id) package var id: UUID?
    @Parent(key: "report_id") package var report: DeficitReport
    @Parent(key: "municipality_id") package var municipality: Municipality
    @Field(key: "question") package var question: String
    @Field(key: "asked_on") package var askedOn: CalendarDate
    @Field(key: "asked_by_user_id") package var askedByUserID: UUID
    @OptionalField(key: "answer") package var answer: String?
    @OptionalField(key: "answered_on") package var answeredOn: CalendarDate?
    @OptionalField(key: "answered_by_user_id") package var answeredByUserID: UUID?

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] {
        declared([
            $id, $report, $municipality, $question, $askedOn, $askedByUserID, $answer, $answeredOn, $answeredByUserID
        ])
    }

    package init() {}
}

/// A municipal event (e.g. the newcomers' event): who was invited, who came.
package final class MunicipalEvent: Model, MunicipalityScoped, @unchecked Sendable {
    package static let schema = "municipal_events"
    package static var municipalityKey: KeyPath<MunicipalEvent, FieldProperty<MunicipalEvent, UUID>> { \.$municipality.$id }
    @ID(key: .id) package var id: UUID?
    @Parent(key: "municipality_id") package var municipality: Municipality
    @Field(key: "title") package var title: String
    @Field(key: "held_on") package var heldOn: CalendarDate
    @Field(key: "time") package var time: String
    @Field(key: "place") package var place: String
    @Field(key: "moved_in_from") package var movedInFrom: CalendarDate
    @Field(key: "moved_in_until") package var movedInUntil: CalendarDate
    @OptionalField(key: "notes") package var notes: String?

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] {
        declared([
            $id, $municipality, $title, $heldOn, $time, $place, $movedInFrom, $movedInUntil, $notes
        ])
    }

    package init() {}
}

/// A person invited to an event, and whether they came.
package final class EventGuest: Model, MunicipalityScoped, @unchecked Sendable {
    package static let schema = "event_guests"
    package static var municipalityKey: KeyPath<EventGuest, FieldProperty<EventGuest, UUID>> { \.$municipality.$id }
    @ID(key: .id) package var id: UUID?
    @Parent(key: "event_id") package var event: MunicipalEvent
    @Parent(key: "person_id") package var person: Person
    @Parent(key: "municipality_id") package var municipality: Municipality
    @Field(key: "attended") package var attended: Bool

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] { declared([$id, $event, $person, $municipality, $attended]) }

    package init() {}
}
