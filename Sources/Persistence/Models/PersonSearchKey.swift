import Fluent
import Foundation

/// One name key of a person (SearchKeys), so a search is an index range within the municipality.
package final class PersonSearchKey: Model, MunicipalityScoped, @unchecked Sendable {
    package static let schema = "person_search_keys"
    package static var municipalityKey: KeyPath<PersonSearchKey, FieldProperty<PersonSearchKey, UUID>> { \.$municipality.$id }
    @ID(key: .id) package var id: UUID?
    @Parent(key: "person_id") package var person: Person
    @Parent(key: "municipality_id") package var municipality: Municipality
    @Field(key: "key") package var key: String

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] { declared([$id, $person, $municipality, $key]) }

    package init() {}
    package init(personID: UUID, municipalityID: UUID, key: String) {
        self.$person.id = personID
        self.$municipality.id = municipalityID
        self.key = key
    }
}
