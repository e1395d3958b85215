import Fluent
import Foundation

/// One version of a master text per document kind and language, kept by the canton. Saving makes
/// a new version; the old ones stay for the history.
final class LetterTemplate: Model, @unchecked Sendable {
    static let schema = "letter_templates"
    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: LetterKind
    @Field(key: "language") var language: LetterLanguage
    @Field(key: "version") var version: Int
    @Field(key: "is_current") var isCurrent: Bool
    @Field(key: "language_name") var languageName: String
    @Field(key: "subject") var subject: String
    @Field(key: "salutation_female") var salutationFemale: String
    @Field(key: "salutation_male") var salutationMale: String
    @Field(key: "salutation_other") var salutationOther: String
    @Field(key: "body") var body: String
    @Field(key: "closing") var closing: String
    /// JSON object of label key → text (form kinds).
    @Field(key: "labels") var labels: String
    /// draft or checked (by the canton).
    @Field(key: "review_status") var reviewStatus: String
    @OptionalParent(key: "changed_by_user_id") var changedBy: User?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var labelTexts: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(labels.utf8))) ?? [:]
    }
}

/// A municipality's letterhead: logo, sender, contact and signature line; the texts stay the canton's.
final class Letterhead: Model, MunicipalityScoped, @unchecked Sendable {
    static let schema = "letterheads"
    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    @Field(key: "sender") var sender: String
    @Field(key: "contact") var contact: String
    @Field(key: "signature") var signature: String
    @OptionalField(key: "logo") var logo: Data?
    @OptionalField(key: "logo_type") var logoType: String?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// A letter generated for a person (print view, PDF, DOCX or batch): on the timeline and audited.
final class GeneratedLetter: Model, MunicipalityScoped, @unchecked Sendable {
    static let schema = "generated_letters"
    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    @Parent(key: "municipality_id") var municipality: Municipality
    @Field(key: "kind") var kind: LetterKind
    @Field(key: "language") var language: LetterLanguage
    @Field(key: "bilingual") var bilingual: Bool
    @Field(key: "format") var format: String
    @Field(key: "template_version") var templateVersion: Int
    @Parent(key: "generated_by_user_id") var generatedBy: User
    @Timestamp(key: "generated_at", on: .create) var generatedAt: Date?

    init() {}
}
