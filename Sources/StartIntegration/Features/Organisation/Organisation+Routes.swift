import Fluent
import Vapor

/// The canton's organisation as data: districts with their AGS expert, municipalities
/// (BFS number, district, participation), lead-municipality groups.
enum OrganisationFeature {
    static func register(_ routes: any RoutesBuilder) {
        let editors = routes.requiring(.editOrganisation)
        editors.get("organisation", use: overview)
        editors.get("organisation", "gemeinden", use: municipalities)
        editors.get("organisation", "gemeinden", "neu", use: newMunicipality)
        editors.post("organisation", "gemeinden", "neu", use: createMunicipality)
        editors.get("organisation", "gemeinden", ":municipalityID", use: editMunicipality)
        editors.post("organisation", "gemeinden", ":municipalityID", use: updateMunicipality)
        editors.get("organisation", "leitgemeinden", use: leadGroups)
        editors.get("organisation", "leitgemeinden", "neu", use: newLeadGroup)
        editors.post("organisation", "leitgemeinden", "neu", use: createLeadGroup)
        editors.get("organisation", "leitgemeinden", ":groupID", use: editLeadGroup)
        editors.post("organisation", "leitgemeinden", ":groupID", use: updateLeadGroup)
        editors.get("organisation", "bezirke", use: districts)
        editors.post("organisation", "bezirke", use: saveDistricts)
    }

    struct Overview: Encodable {
        struct DistrictRow: Encodable { let name: String; let municipalities: Int; let participating: Int; let expert: String }
        let districts: [DistrictRow]
        let municipalityCount: Int
        let participatingCount: Int
        let leadGroupCount: Int
    }

    static func overview(_ req: Request) async throws -> Response {
        let districts = try await District.query(on: req.db).with(\.$expert).sort(\.$name).all()
        let municipalities = try await Municipality.query(on: req.db).filter(\.$active == true).all()
        let rows = districts.map { district in
            let own = municipalities.filter { $0.$district.id == district.id }
            return Overview.DistrictRow(name: district.name, municipalities: own.count,
                                        participating: own.filter(\.participates).count,
                                        expert: district.expert?.displayName ?? "–")
        }
        let model = Overview(districts: rows, municipalityCount: municipalities.count,
                             participatingCount: municipalities.filter(\.participates).count,
                             leadGroupCount: try await LeadGroup.query(on: req.db).count())
        return try await req.renderPage("Organisation/overview", title: req.texts.text("organisation.title"), body: model)
    }

    // MARK: Municipalities

    struct MunicipalityList: Encodable {
        struct Row: Encodable {
            let href: String; let bfsNumber: Int; let name: String; let district: String
            let participates: Bool; let active: Bool; let leadGroup: String
        }
        let rows: [Row]
        let districtOptions: [SelectOption]
    }

    static func municipalities(_ req: Request) async throws -> Response {
        let districtFilter = (try? req.query.get(String.self, at: "bezirk")).flatMap(UUID.init(uuidString:))
        let districts = try await District.query(on: req.db).sort(\.$name).all()
        var query = Municipality.query(on: req.db).with(\.$district).with(\.$leadGroup).sort(\.$bfsNumber)
        if let districtFilter { query = query.filter(\.$district.$id == districtFilter) }
        let rows = try await query.all().map { m in
            MunicipalityList.Row(href: Paths.municipality(m.id!), bfsNumber: m.bfsNumber, name: m.name, district: m.district.name,
                                 participates: m.participates, active: m.active, leadGroup: m.leadGroup?.name ?? "")
        }
        let options = districts.map { SelectOption(value: $0.id!.uuidString, label: $0.name, selected: $0.id == districtFilter) }
        return try await req.renderPage("Organisation/municipalities", title: req.texts.text("organisation.municipalities"),
                                        body: MunicipalityList(rows: rows, districtOptions: options))
    }

    static func municipalityID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("municipalityID", as: UUID.self) else { throw Abort(.notFound) }
        return id
    }

    static func newMunicipality(_ req: Request) async throws -> Response {
        let input = MunicipalityForm.Input(bfsNumber: "", name: "", districtID: "", participates: "on", active: "on", leadGroupID: "")
        return try await MunicipalityForm.render(req, municipality: nil, input: input, errors: FieldMessages())
    }

    static func createMunicipality(_ req: Request) async throws -> Response {
        let input = try req.content.decode(MunicipalityForm.Input.self)
        switch try await MunicipalityForm.validate(input, existing: nil, req: req) {
        case .invalid(let errors):
            return try await MunicipalityForm.render(req, municipality: nil, input: input, errors: errors)
        case .valid(let values):
            let municipality = Municipality(bfsNumber: values.bfsNumber, name: values.name, districtID: values.districtID,
                                            participates: values.participates)
            municipality.active = values.active
            municipality.$leadGroup.id = values.leadGroupID
            try await req.db.transaction { tx in
                try await municipality.create(on: tx)
                try await OrganisationalUnit(kind: .municipality, name: values.name, municipalityID: municipality.id).create(on: tx)
                try await req.audit(.organisationChanged, recordType: "municipality", recordID: municipality.id,
                                    detail: "Gemeinde \(values.bfsNumber) \(values.name) erfasst", on: tx)
            }
            return req.redirectAfterSave(to: Paths.municipalities)
        }
    }

    static func editMunicipality(_ req: Request) async throws -> Response {
        guard let municipality = try await Municipality.find(try municipalityID(req), on: req.db) else { throw Abort(.notFound) }
        let input = MunicipalityForm.Input(
            bfsNumber: String(municipality.bfsNumber), name: municipality.name, districtID: municipality.$district.id.uuidString,
            participates: municipality.participates ? "on" : nil, active: municipality.active ? "on" : nil,
            leadGroupID: municipality.$leadGroup.id?.uuidString ?? "")
        return try await MunicipalityForm.render(req, municipality: municipality, input: input, errors: FieldMessages())
    }

    static func updateMunicipality(_ req: Request) async throws -> Response {
        guard let municipality = try await Municipality.find(try municipalityID(req), on: req.db) else { throw Abort(.notFound) }
        let input = try req.content.decode(MunicipalityForm.Input.self)
        switch try await MunicipalityForm.validate(input, existing: municipality, req: req) {
        case .invalid(let errors):
            return try await MunicipalityForm.render(req, municipality: municipality, input: input, errors: errors)
        case .valid(let values):
            municipality.bfsNumber = values.bfsNumber; municipality.name = values.name
            municipality.$district.id = values.districtID; municipality.participates = values.participates
            municipality.active = values.active; municipality.$leadGroup.id = values.leadGroupID
            try await req.db.transaction { tx in
                try await municipality.update(on: tx)
                // The unit carries the municipality's name for display and audit.
                for unit in try await OrganisationalUnit.query(on: tx).filter(\.$municipality.$id == municipality.id).all() {
                    unit.name = values.name
                    try await unit.update(on: tx)
                }
                try await req.audit(.organisationChanged, recordType: "municipality", recordID: municipality.id,
                                    detail: "Gemeinde \(values.bfsNumber) \(values.name) geändert", on: tx)
            }
            return req.redirectAfterSave(to: Paths.municipalities)
        }
    }

    // MARK: Lead groups

    struct LeadGroupList: Encodable {
        struct Row: Encodable { let href: String; let name: String; let lead: String; let members: String }
        let rows: [Row]
    }

    static func leadGroups(_ req: Request) async throws -> Response {
        let groups = try await LeadGroup.query(on: req.db).with(\.$leadMunicipality).with(\.$members).sort(\.$name).all()
        let rows = groups.map { group in
            LeadGroupList.Row(href: Paths.leadGroup(group.id!), name: group.name, lead: group.leadMunicipality.name,
                              members: group.members.map(\.name).sorted().joined(separator: ", "))
        }
        return try await req.renderPage("Organisation/leadgroups", title: req.texts.text("organisation.leadGroups"),
                                        body: LeadGroupList(rows: rows))
    }

    static func groupID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("groupID", as: UUID.self) else { throw Abort(.notFound) }
        return id
    }

    static func newLeadGroup(_ req: Request) async throws -> Response {
        try await LeadGroupForm.render(req, group: nil, input: .init(name: "", leadMunicipalityID: "", members: []), errors: FieldMessages())
    }

    static func createLeadGroup(_ req: Request) async throws -> Response {
        let input = try req.content.decode(LeadGroupForm.Input.self)
        switch try await LeadGroupForm.validate(input, group: nil, req: req) {
        case .invalid(let errors):
            return try await LeadGroupForm.render(req, group: nil, input: input, errors: errors)
        case .valid(let values):
            try await req.db.transaction { tx in
                let group = LeadGroup(name: values.name, leadMunicipalityID: values.leadMunicipalityID)
                try await group.create(on: tx)
                try await OrganisationalUnit(kind: .leadGroup, name: values.name, leadGroupID: group.id).create(on: tx)
                try await LeadGroupForm.assignMembers(values.memberIDs, to: try group.requireID(), on: tx)
                try await req.audit(.organisationChanged, recordType: "lead_group", recordID: group.id,
                                    detail: "Leitgemeinde \(values.name) erfasst", on: tx)
            }
            return req.redirectAfterSave(to: Paths.leadGroups)
        }
    }

    static func editLeadGroup(_ req: Request) async throws -> Response {
        guard let group = try await LeadGroup.query(on: req.db).filter(\.$id == groupID(req)).with(\.$members).first() else {
            throw Abort(.notFound)
        }
        let input = LeadGroupForm.Input(name: group.name, leadMunicipalityID: group.$leadMunicipality.id.uuidString,
                                        members: group.members.map { $0.id!.uuidString })
        return try await LeadGroupForm.render(req, group: group, input: input, errors: FieldMessages())
    }

    static func updateLeadGroup(_ req: Request) async throws -> Response {
        guard let group = try await LeadGroup.find(try groupID(req), on: req.db) else { throw Abort(.notFound) }
        let input = try req.content.decode(LeadGroupForm.Input.self)
        switch try await LeadGroupForm.validate(input, group: group, req: req) {
        case .invalid(let errors):
            return try await LeadGroupForm.render(req, group: group, input: input, errors: errors)
        case .valid(let values):
            try await req.db.transaction { tx in
                group.name = values.name
                group.$leadMunicipality.id = values.leadMunicipalityID
                try await group.update(on: tx)
                for unit in try await OrganisationalUnit.query(on: tx).filter(\.$leadGroup.$id == group.id).all() {
                    unit.name = values.name
                    try await unit.update(on: tx)
                }
                try await LeadGroupForm.assignMembers(values.memberIDs, to: try group.requireID(), on: tx)
                try await req.audit(.organisationChanged, recordType: "lead_group", recordID: group.id,
                                    detail: "Leitgemeinde \(values.name) geändert", on: tx)
            }
            return req.redirectAfterSave(to: Paths.leadGroups)
        }
    }

    // MARK: Districts and their experts

    struct DistrictPage: Encodable {
        struct Row: Encodable { let id: String; let field: String; let name: String; let options: [SelectOption] }
        let rows: [Row]
    }

    static func districts(_ req: Request) async throws -> Response {
        let districts = try await District.query(on: req.db).sort(\.$name).all()
        let experts = try await User.query(on: req.db).filter(\.$role == .cantonExpert).sort(\.$displayName).all()
        let rows = districts.map { district in
            DistrictPage.Row(id: district.id!.uuidString, field: "expert_\(district.id!.uuidString)", name: district.name,
                             options: experts.map { .init(value: $0.id!.uuidString, label: $0.displayName, selected: $0.id == district.$expert.id) })
        }
        return try await req.renderPage("Organisation/districts", title: req.texts.text("organisation.districts"),
                                        body: DistrictPage(rows: rows))
    }

    static func saveDistricts(_ req: Request) async throws -> Response {
        let form = try req.content.decode([String: String].self)
        let experts = Set(try await User.query(on: req.db).filter(\.$role == .cantonExpert).all().compactMap(\.id))
        let districts = try await District.query(on: req.db).all()
        for district in districts {
            let value = form["expert_\(district.id!.uuidString)"] ?? ""
            let chosen = UUID(uuidString: value)
            // Only canton experts can be chosen; anything else is a forged form and changes nothing.
            if !value.isEmpty && (chosen == nil || !experts.contains(chosen!)) { throw Abort(.badRequest) }
        }
        try await req.db.transaction { tx in
            for district in districts {
                let chosen = UUID(uuidString: form["expert_\(district.id!.uuidString)"] ?? "")
                if district.$expert.id != chosen {
                    district.$expert.id = chosen
                    try await district.update(on: tx)
                    try await req.audit(.organisationChanged, recordType: "district", recordID: district.id,
                                        detail: "Fachexpertin für \(district.name) gesetzt", on: tx)
                }
            }
        }
        return req.redirectAfterSave(to: Paths.districts)
    }
}
