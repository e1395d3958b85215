import Fluent
import Foundation

/// A household (couple, family, single person) that moved in together.
final class Household: Model, @unchecked Sendable {
    static let schema = "households"
    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    @Field(key: "street") var street: String
    @Field(key: "postal_code") var postalCode: String
    @Field(key: "place") var place: String
    @Children(for: \.$household) var persons: [Person]
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
    init(id: UUID? = nil, municipalityID: UUID, street: String, postalCode: String, place: String) {
        self.id = id; self.$municipality.id = municipalityID
        self.street = street; self.postalCode = postalCode; self.place = place
    }
}

/// A person who moved in from abroad (newcomer): the personal data sheet.
/// Read it only through `AccessScope` (Platform/Access).
final class Person: Model, @unchecked Sendable {
    static let schema = "persons"
    @ID(key: .id) var id: UUID?
    @Parent(key: "household_id") var household: Household
    /// Denormalised from the household: every scoped query filters on it.
    @Parent(key: "municipality_id") var municipality: Municipality
    @Field(key: "family_name") var familyName: String
    @Field(key: "given_name") var givenName: String
    /// Folded "family given" name for search and duplicate checks (NameFolding).
    @Field(key: "name_key") var nameKey: String
    @Field(key: "sex") var sex: String
    @Field(key: "birth_date") var birthDate: String
    /// ISO 3166 alpha-2 code (the BFS list maps it to the register's code).
    @Field(key: "nationality") var nationality: String
    @OptionalField(key: "mother_tongue") var motherTongue: String?
    @OptionalField(key: "other_languages") var otherLanguages: String?
    @OptionalField(key: "german_level") var germanLevel: String?
    @OptionalField(key: "entry_date") var entryDate: String?
    @OptionalField(key: "move_in_date") var moveInDate: String?
    @OptionalField(key: "permit") var permit: String?
    @OptionalField(key: "asylum_status") var asylumStatus: String?
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "email") var email: String?
    @Field(key: "social_assistance") var socialAssistance: Bool
    @OptionalField(key: "focus_note") var focusNote: String?
    @OptionalField(key: "target_group") var targetGroup: String?
    @OptionalField(key: "target_group_override_reason") var targetGroupOverrideReason: String?
    /// manual, ech0020 or csv (register import).
    @Field(key: "source") var source: String
    @OptionalField(key: "register_person_id") var registerPersonID: String?
    @OptionalField(key: "closed_on") var closedOn: String?
    @OptionalField(key: "closed_reason") var closedReason: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}
