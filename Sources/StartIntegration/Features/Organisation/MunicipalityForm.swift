import Fluent
import Vapor

/// Creating or editing a municipality (a merger is: mark the old ones inactive, add the new one).
enum MunicipalityForm {
    struct Input: Content {
        var bfsNumber: String?
        var name: String?
        var districtID: String?
        var participates: String?
        var active: String?
        var leadGroupID: String?
    }

    struct Values {
        let bfsNumber: Int, name: String, districtID: UUID, participates: Bool, active: Bool, leadGroupID: UUID?
    }


    struct Page: Encodable {
        let isNew: Bool
        let action: String
        let input: [String: String]
        let participates: Bool
        let active: Bool
        let districtOptions: [SelectOption]
        let leadGroupOptions: [SelectOption]
        let errors: FieldMessages
    }

    static func validate(_ input: Input, existing: Municipality?, req: Request) async throws -> Validated<Values> {
        let texts = req.texts
        var errors = FieldMessages()
        let numberText = FieldCheck.trimmed(input.bfsNumber)
        let name = FieldCheck.trimmed(input.name)
        let number = Int(numberText)
        if number == nil || numberText.count != 4 {
            errors.add("bfsNumber", texts.text("organisation.bfsInvalid"))
        } else if let clash = try await Municipality.query(on: req.db).filter(\.$bfsNumber == number!).first(), clash.id != existing?.id {
            errors.add("bfsNumber", texts.text("organisation.bfsTaken", ["name": clash.name]))
        }
        if name.isEmpty { errors.add("name", texts.text("form.required")) } else if name.count > 100 {
            errors.add("name", texts.text("form.tooLong", ["max": "100"]))
        }
        let district = UUID(uuidString: input.districtID ?? "")
        let districtExists = try await district.asyncMap { try await District.find($0, on: req.db) } != nil
        if !districtExists {
            errors.add("districtID", texts.text("form.chooseOne"))
        }
        var leadGroup: UUID?
        if let text = input.leadGroupID, !text.isEmpty {
            leadGroup = UUID(uuidString: text)
            let groupExists = try await leadGroup.asyncMap { try await LeadGroup.find($0, on: req.db) } != nil
            if !groupExists {
                errors.add("leadGroupID", texts.text("form.chooseOne"))
            }
        }
        guard errors.isEmpty, let number, let district else { return .invalid(errors) }
        return .valid(Values(bfsNumber: number, name: name, districtID: district, participates: input.participates != nil,
                             active: input.active != nil, leadGroupID: leadGroup))
    }

    static func render(_ req: Request, municipality: Municipality?, input: Input, errors: FieldMessages) async throws -> Response {
        let districts = try await District.query(on: req.db).sort(\.$name).all()
        let groups = try await LeadGroup.query(on: req.db).sort(\.$name).all()
        let page = Page(
            isNew: municipality == nil,
            action: municipality.map { Paths.municipality($0.id!) } ?? Paths.municipalities + "/neu",
            input: ["bfsNumber": input.bfsNumber ?? "", "name": input.name ?? ""],
            participates: input.participates != nil, active: input.active != nil,
            districtOptions: districts.map { SelectOption(value: $0.id!.uuidString, label: $0.name, selected: $0.id!.uuidString == input.districtID) },
            leadGroupOptions: groups.map { SelectOption(value: $0.id!.uuidString, label: $0.name, selected: $0.id!.uuidString == input.leadGroupID) },
            errors: errors)
        let title = municipality.map { req.texts.text("organisation.editMunicipality", ["name": $0.name]) }
            ?? req.texts.text("organisation.newMunicipality")
        let response = try await req.renderPage("Organisation/municipality", title: title, body: page)
        if !errors.isEmpty { response.status = .unprocessableEntity }
        return response
    }
}

/// Creating or editing a lead-municipality group and its members.
enum LeadGroupForm {
    struct Input: Content {
        var name: String?
        var leadMunicipalityID: String?
        var members: [String]?
    }

    struct Values { let name: String; let leadMunicipalityID: UUID; let memberIDs: [UUID] }

    struct Candidate: Encodable { let value: String; let label: String; let checked: Bool; let otherGroup: String? }

    struct Page: Encodable {
        let isNew: Bool
        let action: String
        let name: String
        let leadOptions: [SelectOption]
        let candidates: [Candidate]
        let errors: FieldMessages
    }

    static func validate(_ input: Input, group: LeadGroup?, req: Request) async throws -> Validated<Values> {
        let texts = req.texts
        var errors = FieldMessages()
        let name = FieldCheck.trimmed(input.name)
        if name.isEmpty { errors.add("name", texts.text("form.required")) }
        else if let clash = try await LeadGroup.query(on: req.db).filter(\.$name == name).first(), clash.id != group?.id {
            errors.add("name", texts.text("organisation.nameTaken"))
        }
        let lead = UUID(uuidString: input.leadMunicipalityID ?? "")
        let leadExists = try await lead.asyncMap { try await Municipality.find($0, on: req.db) } != nil
        if !leadExists {
            errors.add("leadMunicipalityID", texts.text("form.chooseOne"))
        }
        let memberIDs = Set((input.members ?? []).compactMap(UUID.init(uuidString:)) + [lead].compactMap { $0 })
        if memberIDs.count != Set((input.members ?? []) + [input.leadMunicipalityID ?? ""].filter { !$0.isEmpty }).count {
            errors.add("members", texts.text("form.chooseOne"))
        }
        let found = memberIDs.isEmpty ? [] : try await Municipality.query(on: req.db).filter(\.$id ~~ Array(memberIDs)).with(\.$leadGroup).all()
        if found.count != memberIDs.count { errors.add("members", texts.text("form.chooseOne")) }
        let taken = found.filter { $0.$leadGroup.id != nil && $0.$leadGroup.id != group?.id }
        if !taken.isEmpty {
            errors.add("members", texts.text("organisation.memberTaken", ["names": taken.map(\.name).joined(separator: ", ")]))
        }
        guard errors.isEmpty, let lead else { return .invalid(errors) }
        return .valid(Values(name: name, leadMunicipalityID: lead, memberIDs: Array(memberIDs)))
    }

    static func assignMembers(_ memberIDs: [UUID], to groupID: UUID, on db: any Database) async throws {
        for former in try await Municipality.query(on: db).filter(\.$leadGroup.$id == groupID).all() where !memberIDs.contains(former.id!) {
            former.$leadGroup.id = nil
            try await former.update(on: db)
        }
        for member in try await Municipality.query(on: db).filter(\.$id ~~ memberIDs).all() where member.$leadGroup.id != groupID {
            member.$leadGroup.id = groupID
            try await member.update(on: db)
        }
    }

    static func render(_ req: Request, group: LeadGroup?, input: Input, errors: FieldMessages) async throws -> Response {
        let municipalities = try await Municipality.query(on: req.db).filter(\.$active == true).with(\.$leadGroup).sort(\.$name).all()
        let chosen = Set(input.members ?? [])
        let page = Page(
            isNew: group == nil,
            action: group.map { Paths.leadGroup($0.id!) } ?? Paths.newLeadGroup,
            name: input.name ?? "",
            leadOptions: municipalities.map { SelectOption(value: $0.id!.uuidString, label: $0.name, selected: $0.id!.uuidString == input.leadMunicipalityID) },
            candidates: municipalities.map { m in
                let other = m.leadGroup.flatMap { $0.id == group?.id ? nil : $0.name }
                return Candidate(value: m.id!.uuidString, label: m.name, checked: chosen.contains(m.id!.uuidString), otherGroup: other)
            },
            errors: errors)
        let title = group.map { req.texts.text("organisation.editLeadGroup", ["name": $0.name]) } ?? req.texts.text("organisation.newLeadGroup")
        let response = try await req.renderPage("Organisation/leadgroup", title: title, body: page)
        if !errors.isEmpty { response.status = .unprocessableEntity }
        return response
    }
}
