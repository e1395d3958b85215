import Domain
import Fluent
import Foundation
import Persistence
import Platform
import Vapor

/// Lead-municipality groups (Leitgemeinden) and their members.
enum LeadGroupRoutes {
    struct Input: Decodable, Sendable {
        var name: String?
        var leadMunicipalityID: String?
        var members: [String]?
    }

    struct Values: Sendable {
        let name: String
        let leadMunicipalityID: UUID
        let memberIDs: [UUID]
    }

    static func list(_ req: Request) async throws -> Response {
        let groups = try await LeadGroup.query(on: req.db).with(\.$leadMunicipality).with(\.$members).sort(\.$name).all()
        let t = req.texts
        return req.render(WebPage(title: t("organisation.leadGroups")) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.organisation))) { t("organisation.title") } }
            h1 { t("organisation.leadGroups") }
            paragraph { t("organisation.leadGroupsIntro") }
            paragraph { anchor(.class("button"), .href(Link(.newLeadGroup))) { t("organisation.newLeadGroup") } }
            if groups.isEmpty {
                paragraph(.class("empty")) { t("organisation.noLeadGroups") }
            } else {
                div(.class("table-wrap")) {
                    table {
                        caption(.class("visually-hidden")) { t("organisation.leadGroups") }
                        thead {
                            tr {
                                th(.scope("col")) { t("organisation.name") }
                                th(.scope("col")) { t("organisation.leadMunicipality") }
                                th(.scope("col")) { t("organisation.members") }
                            }
                        }
                        tbody {
                            for group in groups {
                                tr {
                                    td { anchor(.href(Link(.leadGroup(.value(group.id!))))) { group.name } }
                                    td { group.leadMunicipality.name }
                                    td { group.members.map(\.name).sorted().joined(separator: ", ") }
                                }
                            }
                        }
                    }
                }
            }
        })
    }

    static func validate(_ input: Input, group: LeadGroup?, on db: any Database, texts t: Localizer) async throws -> Validated<Values> {
        var errors = FieldMessages()
        let name = errors.text("name", input.name, max: 100, required: true, texts: t)
        if !name.isEmpty, let clash = try await LeadGroup.query(on: db).filter(\.$name == name).first(), clash.id != group?.id {
            errors.add("name", t("organisation.nameTaken"))
        }
        let lead = UUID(uuidString: input.leadMunicipalityID ?? "")
        let leadExists = try await Municipality.find(lead, on: db) != nil
        if !leadExists { errors.add("leadMunicipalityID", t("form.chooseOne")) }
        let memberIDs = Set((input.members ?? []).compactMap(UUID.init(uuidString:)) + [lead].compactMap { $0 })
        if memberIDs.count != Set((input.members ?? []) + [input.leadMunicipalityID ?? ""].filter { !$0.isEmpty }).count {
            errors.add("members", t("form.chooseOne"))
        }
        let found = memberIDs.isEmpty ? [] : try await Municipality.query(on: db).filter(\.$id ~~ Array(memberIDs)).with(\.$leadGroup).all()
        if found.count != memberIDs.count { errors.add("members", t("form.chooseOne")) }
        let taken = found.filter { $0.$leadGroup.id != nil && $0.$leadGroup.id != group?.id }
        if !taken.isEmpty { errors.add("members", t("organisation.memberTaken", ["names": taken.map(\.name).joined(separator: ", ")])) }
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

    static func newForm(_ req: Request) async throws -> Response {
        try await render(req, group: nil, input: Input(name: "", leadMunicipalityID: "", members: []), errors: FieldMessages())
    }

    static func create(_ req: Request) async throws -> Response {
        let input = try req.form(Input.self)
        switch try await validate(input, group: nil, on: req.db, texts: req.texts) {
        case .invalid(let errors):
            return try await render(req, group: nil, input: input, errors: errors)
        case .valid(let values):
            return try await req.storeOnce { tx in
                let group = LeadGroup(name: values.name, leadMunicipalityID: values.leadMunicipalityID)
                try await group.create(on: tx)
                try await OrganisationalUnit(kind: .leadGroup, name: values.name, leadGroupID: group.id).create(on: tx)
                try await assignMembers(values.memberIDs, to: try group.requireID(), on: tx)
                try await req.audit(.organisationChanged, .leadGroup(group.id!), detail: "Leitgemeinde \(values.name) erfasst", in: tx)
                return Link.afterSave(.leadGroups)
            }
        }
    }

    static func find(_ req: Request) async throws -> LeadGroup {
        guard let group = try await LeadGroup.query(on: req.db).filter(\.$id == req.idParameter("groupID")).with(\.$members).first() else {
            throw AppError.notFound
        }
        return group
    }

    static func editForm(_ req: Request) async throws -> Response {
        let group = try await find(req)
        let input = Input(name: group.name, leadMunicipalityID: group.$leadMunicipality.id.uuidString,
                          members: group.members.map { $0.id!.uuidString })
        return try await render(req, group: group, input: input, errors: FieldMessages())
    }

    static func update(_ req: Request) async throws -> Response {
        let group = try await find(req)
        let input = try req.form(Input.self)
        switch try await validate(input, group: group, on: req.db, texts: req.texts) {
        case .invalid(let errors):
            return try await render(req, group: group, input: input, errors: errors)
        case .valid(let values):
            try await req.db.writeTransaction { tx in
                group.name = values.name
                group.$leadMunicipality.id = values.leadMunicipalityID
                try await group.update(on: tx)
                try await OrganisationalUnit.query(on: tx).filter(\.$leadGroup.$id == group.id).set(\.$name, to: values.name).update()
                try await assignMembers(values.memberIDs, to: try group.requireID(), on: tx)
                try await req.audit(.organisationChanged, .leadGroup(group.id!), detail: "Leitgemeinde \(values.name) geändert", in: tx)
            }
            return req.redirect(to: .leadGroups)
        }
    }

    static func render(_ req: Request, group: LeadGroup?, input: Input, errors: FieldMessages) async throws -> Response {
        let municipalities = try await Municipality.query(on: req.db).filter(\.$active == true).with(\.$leadGroup).sort(\.$name).all()
        let chosen = Set(input.members ?? [])
        let t = req.texts
        let title = group.map { t("organisation.editLeadGroup", ["name": $0.name]) } ?? t("organisation.newLeadGroup")
        let action = group.map { Link(.leadGroup(.value($0.id!))) } ?? Link(.newLeadGroup)
        var page = WebPage(title: title, hasErrors: !errors.isEmpty) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.leadGroups))) { t("organisation.leadGroups") } }
            h1 { title }
            errorSummary(t("form.hasErrors"), errors.order.map { ($0, errors[$0]!) })
            postForm(action, csrf: req.csrfToken, .class("form")) {
                textField(FieldSpec(id: "name", label: t("organisation.name"), error: errors["name"]), value: input.name ?? "", .maxlength(100))
                selectField(FieldSpec(id: "leadMunicipalityID", label: t("organisation.leadMunicipality"), error: errors["leadMunicipalityID"]),
                            options: municipalities.map {
                                SelectOption(value: $0.id!.uuidString, label: $0.name, selected: $0.id!.uuidString == input.leadMunicipalityID)
                            },
                            placeholder: t("form.pleaseChoose"))
                fieldset(.class(errors["members"] == nil ? "field checkbox-grid" : "field checkbox-grid has-error"), .id("members"),
                         errors["members"] == nil ? nil : .ariaDescribedBy("members-error")) {
                    legend { t("organisation.members") }
                    if let error = errors["members"] { paragraph(.class("field-error"), .id("members-error")) { error } }
                    for municipality in municipalities {
                        let other = municipality.leadGroup.flatMap { $0.id == group?.id ? nil : $0.name }
                        div(.class("checkbox")) {
                            inputTag(.id("m-\(municipality.id!.uuidString)"), .name("members[]"), .type(.checkbox),
                                     .value(municipality.id!.uuidString), .when(chosen.contains(municipality.id!.uuidString), .checked))
                            label(.for("m-\(municipality.id!.uuidString)")) {
                                municipality.name
                                if let other { span(.class("muted")) { " (\(other))" } }
                            }
                        }
                    }
                }
                div(.class("actions")) {
                    button(.type(.submit), .class("button primary")) { t("form.save") }
                    anchor(.href(Link(.leadGroups)), .class("button")) { t("form.cancel") }
                }
            }
        }
        if !errors.isEmpty { page.status = .unprocessableEntity }
        return req.render(page)
    }
}
