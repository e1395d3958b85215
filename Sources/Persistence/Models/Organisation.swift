import Domain
import Fluent
import Foundation

/// A district (Bezirk) of the canton; AGS names one expert per district.
package final class District: Model, @unchecked Sendable {
    package static let schema = "districts"
    @ID(key: .id) package var id: UUID?
    @Field(key: "name") package var name: String
    @OptionalParent(key: "expert_user_id") package var expert: User?

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] { declared([$id, $name, $expert]) }

    package init() {}
    package init(id: UUID? = nil, name: String) { self.id = id; self.name = name }
}

/// A municipality (Einwohnergemeinde) with its official BFS number. Mergers are data edits:
/// the merged municipality is marked inactive and its persons move in the data, not in code.
package final class Municipality: Model, @unchecked Sendable {
    package static let schema = "municipalities"
    @ID(key: .id) package var id: UUID?
    @Field(key: "bfs_number") package var bfsNumber: Int
    @Field(key: "name") package var name: String
    @Parent(key: "district_id") package var district: District
    @Field(key: "participates") package var participates: Bool
    @Field(key: "active") package var active: Bool
    @OptionalParent(key: "lead_group_id") package var leadGroup: LeadGroup?

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] {
        declared([
            $id, $bfsNumber, $name, $district, $participates, $active, $leadGroup
        ])
    }

    package init() {}
    package init(id: UUID? = nil, bfsNumber: Int, name: String, districtID: UUID, participates: Bool = true) {
        self.id = id; self.bfsNumber = bfsNumber; self.name = name
        self.$district.id = districtID; self.participates = participates; self.active = true
    }
}

/// A lead municipality (Leitgemeinde) that does the work for its member municipalities.
package final class LeadGroup: Model, @unchecked Sendable {
    package static let schema = "lead_groups"
    @ID(key: .id) package var id: UUID?
    @Field(key: "name") package var name: String
    @Parent(key: "lead_municipality_id") package var leadMunicipality: Municipality
    @Children(for: \.$leadGroup) package var members: [Municipality]

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] { declared([$id, $name, $leadMunicipality, $members]) }

    package init() {}
    package init(id: UUID? = nil, name: String, leadMunicipalityID: UUID) {
        self.id = id; self.name = name; self.$leadMunicipality.id = leadMunicipalityID
    }
}

/// The unit a user belongs to: a municipality, a lead group, the canton office (AGS) or MISA.
package final class OrganisationalUnit: Model, @unchecked Sendable {
    package static let schema = "organisational_units"
    @ID(key: .id) package var id: UUID?
    @Field(key: "kind") package var kind: UnitKind
    @Field(key: "name") package var name: String
    @OptionalParent(key: "municipality_id") package var municipality: Municipality?
    @OptionalParent(key: "lead_group_id") package var leadGroup: LeadGroup?

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] { declared([$id, $kind, $name, $municipality, $leadGroup]) }

    package init() {}
    package init(id: UUID? = nil, kind: UnitKind, name: String, municipalityID: UUID? = nil, leadGroupID: UUID? = nil) {
        self.id = id; self.kind = kind; self.name = name
        self.$municipality.id = municipalityID; self.$leadGroup.id = leadGroupID
    }
}
