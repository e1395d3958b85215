import Fluent
import Foundation

/// A district (Bezirk) of the canton; AGS names one expert per district.
final class District: Model, @unchecked Sendable {
    static let schema = "districts"
    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @OptionalParent(key: "expert_user_id") var expert: User?

    init() {}
    init(id: UUID? = nil, name: String) { self.id = id; self.name = name }
}

/// A municipality (Einwohnergemeinde) with its official BFS number. Mergers are data edits:
/// the merged municipality is marked inactive and its persons move in the data, not in code.
final class Municipality: Model, @unchecked Sendable {
    static let schema = "municipalities"
    @ID(key: .id) var id: UUID?
    @Field(key: "bfs_number") var bfsNumber: Int
    @Field(key: "name") var name: String
    @Parent(key: "district_id") var district: District
    @Field(key: "participates") var participates: Bool
    @Field(key: "active") var active: Bool
    @OptionalParent(key: "lead_group_id") var leadGroup: LeadGroup?

    init() {}
    init(id: UUID? = nil, bfsNumber: Int, name: String, districtID: UUID, participates: Bool = true) {
        self.id = id; self.bfsNumber = bfsNumber; self.name = name
        self.$district.id = districtID; self.participates = participates; self.active = true
    }
}

/// A lead municipality (Leitgemeinde) that does the work for its member municipalities.
final class LeadGroup: Model, @unchecked Sendable {
    static let schema = "lead_groups"
    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Parent(key: "lead_municipality_id") var leadMunicipality: Municipality
    @Children(for: \.$leadGroup) var members: [Municipality]

    init() {}
    init(id: UUID? = nil, name: String, leadMunicipalityID: UUID) {
        self.id = id; self.name = name; self.$leadMunicipality.id = leadMunicipalityID
    }
}

/// The unit a user belongs to: a municipality, a lead group, the canton office (AGS) or MISA.
final class OrganisationalUnit: Model, @unchecked Sendable {
    static let schema = "organisational_units"
    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: UnitKind
    @Field(key: "name") var name: String
    @OptionalParent(key: "municipality_id") var municipality: Municipality?
    @OptionalParent(key: "lead_group_id") var leadGroup: LeadGroup?

    init() {}
    init(id: UUID? = nil, kind: UnitKind, name: String, municipalityID: UUID? = nil, leadGroupID: UUID? = nil) {
        self.id = id; self.kind = kind; self.name = name
        self.$municipality.id = municipalityID; self.$leadGroup.id = leadGroupID
    }
}
