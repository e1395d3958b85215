import Domain
import Fluent
import Foundation

/// A household (couple, family, single person) that moved in together.
package final class Household: Model, MunicipalityScoped, @unchecked Sendable {
    package static let schema = "households"
    package static var municipalityKey: KeyPath<Household, FieldProperty<Household, UUID>> { \.$municipality.$id }
    @ID(key: .id) package var id: UUID?
    @Parent(key: "municipality_id") package var municipality: Municipality
    @Field(key: "street") package var street: String
    @Field(key: "postal_code") package var postalCode: String
    @Field(key: "place") package var place: String
    @Children(for: \.$household) package var persons: [Person]
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] {
        declared([
            $id, $municipality, $street, $postalCode, $place, $persons, $createdAt, $updatedAt
        ])
    }

    package init() {}
    package init(id: UUID? = nil, municipalityID: UUID, street: String, postalCode: String, place: String) {
        self.id = id
        self.$municipality.id = municipalityID
        self.street = street
        self.postalCode = postalCode
        self.place = place
    }

    /// "Bettlachstrasse 12, 2540 Grenchen".
    package var addressLine: String { "\(street), \(postalCode) \(place)" }
}

/// A person who moved in from abroad (newcomer): the personal data sheet.
package final class Person: Model, MunicipalityScoped, @unchecked Sendable {
    package static let schema = "persons"
    package static var municipalityKey: KeyPath<Person, FieldProperty<Person, UUID>> { \.$municipality.$id }
    @ID(key: .id) package var id: UUID?
    @Parent(key: "household_id") package var household: Household
    /// Denormalised from the household: every scoped query filters on it.
    @Parent(key: "municipality_id") package var municipality: Municipality
    @Field(key: "family_name") package var familyName: String
    @Field(key: "given_name") package var givenName: String
    /// Folded "family given" name for search and duplicate checks (NameFolding).
    @Field(key: "name_key") package var nameKey: String
    @Field(key: "sex") package var sex: Sex
    @Field(key: "birth_date") package var birthDate: CalendarDate
    /// ISO 3166 alpha-2 code (the BFS list maps it to the register's code).
    @Field(key: "nationality") package var nationality: String
    @OptionalField(key: "mother_tongue") package var motherTongue: String?
    /// ISO 639-3 codes, comma-separated.
    @OptionalField(key: "other_languages") package var otherLanguagesText: String?
    @OptionalField(key: "german_level") package var germanLevel: GermanLevel?
    @OptionalField(key: "entry_date") package var entryDate: CalendarDate?
    @OptionalField(key: "move_in_date") package var moveInDate: CalendarDate?
    @OptionalField(key: "permit") package var permit: ResidencePermit?
    @OptionalField(key: "asylum_status") package var asylumStatus: AsylumStatus?
    @OptionalField(key: "phone") package var phone: String?
    @OptionalField(key: "email") package var email: String?
    @Field(key: "social_assistance") package var socialAssistance: Bool
    @OptionalField(key: "focus_note") package var focusNote: String?
    @OptionalField(key: "target_group") package var targetGroup: TargetGroup?
    @OptionalField(key: "target_group_override_reason") package var targetGroupOverrideReason: String?
    @Field(key: "source") package var source: PersonSource
    @OptionalField(key: "register_person_id") package var registerPersonID: String?
    @OptionalField(key: "closed_on") package var closedOn: CalendarDate?
    @OptionalField(key: "closed_reason") package var closedReason: String?
    /// Where the person stands in first information, kept by Informieren (indexed for the work lists).
    @Field(key: "stage") package var stage: InformierenStage
    /// How the person relates to the household's first person (nil for that person).
    @OptionalField(key: "relationship") package var relationship: Relationship?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] {
        declared([
            $id, $household, $municipality, $familyName, $givenName, $nameKey, $sex, $birthDate, $nationality, $motherTongue,
            $otherLanguagesText, $germanLevel, $entryDate, $moveInDate, $permit, $asylumStatus, $phone, $email, $socialAssistance,
            $focusNote, $targetGroup, $targetGroupOverrideReason, $source, $registerPersonID, $closedOn, $closedReason, $stage,
            $relationship, $createdAt, $updatedAt
        ])
    }

    package init() {}

    package var name: PersonName { PersonName(given: givenName, family: familyName) }

    package var otherLanguages: [String] {
        get { otherLanguagesText?.split(separator: ",").map(String.init) ?? [] }
        set { otherLanguagesText = newValue.isEmpty ? nil : newValue.joined(separator: ",") }
    }

    /// The target group the rules derive from nationality, permit and asylum status.
    package var derivedTargetGroup: TargetGroupDecision {
        TargetGroupRules.derive(nationality: nationality, permit: permit, asylumStatus: asylumStatus ?? .none)
    }
}
