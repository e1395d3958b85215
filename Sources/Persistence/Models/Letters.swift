import Domain
import Fluent
import Foundation

/// One version of a master text per document kind and language, kept by the canton. Saving makes
/// a new version; the old ones stay for the history.
package final class LetterTemplate: Model, @unchecked Sendable {
    package static let schema = "letter_templates"
    @ID(key: .id) package var id: UUID?
    @Field(key: "kind") package var kind: LetterKind
    @Field(key: "language") package var language: LetterLanguage
    @Field(key: "version") package var version: Int
    @Field(key: "is_current") package var isCurrent: Bool
    @Field(key: "language_name") package var languageName: String
    @Field(key: "subject") package var subject: String
    @Field(key: "salutation_female") package var salutationFemale: String
    @Field(key: "salutation_male") package var salutationMale: String
    @Field(key: "salutation_other") package var salutationOther: String
    @Field(key: "body") package var body: String
    @Field(key: "closing") package var closing: String
    /// JSON object of label key → text (form kinds).
    @Field(key: "labels") package var labels: String
    @Field(key: "review_status") package var reviewStatus: ReviewStatus
    @OptionalParent(key: "changed_by_user_id") package var changedBy: User?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] {
        declared([
            $id, $kind, $language, $version, $isCurrent, $languageName, $subject, $salutationFemale, $salutationMale,
            $salutationOther, $body, $closing, $labels, $reviewStatus, $changedBy, $createdAt
        ])
    }

    package init() {}

    package var labelTexts: [String: String] {
        get { (try? JSONDecoder().decode([String: String].self, from: Data(labels.utf8))) ?? [:] }
        set { labels = String(decoding: (try? JSONEncoder().encode(newValue)) ?? Data("{}".utf8), as: UTF8.self) }
    }
}

/// A municipality's letterhead: logo, sender, contact and signature line; the texts stay the canton's.
package final class Letterhead: Model, MunicipalityScoped, @unchecked Sendable {
    package static let schema = "letterheads"
    package static var municipalityKey: KeyPath<Letterhead, FieldProperty<Letterhead, UUID>> { \.$municipality.$id }
    @ID(key: .id) package var id: UUID?
    @Parent(key: "municipality_id") package var municipality: Municipality
    @Field(key: "sender") package var sender: String
    @Field(key: "contact") package var contact: String
    /// The function line under the signer's name ("Integrationsbeauftragte").
    @Field(key: "signature") package var signature: String
    /// The person who signs and is named as contact in the letters; nil: the municipality's first integration officer.
    @OptionalField(key: "contact_user_id") package var contactUserID: UUID?
    @OptionalField(key: "logo") package var logo: Data?
    @OptionalField(key: "logo_type") package var logoType: String?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] {
        declared([
            $id, $municipality, $sender, $contact, $signature, $contactUserID, $logo, $logoType, $updatedAt
        ])
    }

    package init() {}
}

/// A letter generated for a person (print view, PDF, DOCX or batch): on the timeline and audited.
package final class GeneratedLetter: Model, MunicipalityScoped, @unchecked Sendable {
    package static let schema = "generated_letters"
    package static var municipalityKey: KeyPath<GeneratedLetter, FieldProperty<GeneratedLetter, UUID>> { \.$municipality.$id }
    @ID(key: .id) package var id: UUID?
    @Parent(key: "person_id") package var person: Person
    @Parent(key: "municipality_id") package var municipality: Municipality
    @Field(key: "kind") package var kind: LetterKind
    @Field(key: "language") package var language: LetterLanguage
    @Field(key: "bilingual") package var bilingual: Bool
    @Field(key: "format") package var format: LetterFormat
    @Field(key: "template_version") package var templateVersion: Int
    /// The appointment the letter was about (invitation, interpreter order), to open it again.
    @OptionalField(key: "appointment_id") package var appointmentID: UUID?
    @Parent(key: "generated_by_user_id") package var generatedBy: User
    @Timestamp(key: "generated_at", on: .create) package var generatedAt: Date?

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] {
        declared([
            $id, $person, $municipality, $kind, $language, $bilingual, $format, $templateVersion, $appointmentID, $generatedBy,
            $generatedAt
        ])
    }

    package init() {}
}
