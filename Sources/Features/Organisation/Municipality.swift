import Domain
import Fluent
import Foundation
import Persistence
import Platform
import Vapor

/// Municipalities: the list by BFS number, creating one, editing one (a merger is: mark the old ones
/// inactive, add the new one).
enum MunicipalityRoutes {
    struct Input: Decodable, Sendable {
        var bfsNumber: String?
        var name: String?
        var districtID: String?
        var participates: String?
        var active: String?
        var leadGroupID: String?
    }

    struct Values: Sendable {
        let bfsNumber: Int
        let name: String
        let districtID: UUID
        let participates: Bool
        let active: Bool
        let leadGroupID: UUID?
    }

    static func list(_ req: Request) async throws -> Response {
        let districtFilter = (try? req.query.get(String.self, at: "bezirk")).flatMap(UUID.init(uuidString:))
        let districts = try await District.query(on: req.db).sort(\.$name).all()
        var query = Municipality.query(on: req.db).with(\.$district).with(\.$leadGroup).sort(\.$bfsNumber)
        if let districtFilter { query = query.filter(\.$district.$id == districtFilter) }
        let municipalities = try await query.all()
        let t = req.texts
        return req.render(WebPage(title: t("organisation.municipalities")) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.organisation))) { t("organisation.title") } }
            h1 { t("organisation.municipalities") }
            form(.methodGet, .action(Link(.municipalities)), .class("filter-form")) {
                selectField(FieldSpec(id: "bezirk", label: t("organisation.district")),
                            options: districts.map { SelectOption(value: $0.id!.uuidString, label: $0.name, selected: $0.id == districtFilter) },
                            placeholder: t("organisation.allDistricts"))
                button(.type(.submit), .class("button")) { t("form.filter") }
            }
            paragraph { anchor(.class("button"), .href(Link(.newMunicipality))) { t("organisation.newMunicipality") } }
            div(.class("table-wrap")) {
                table {
                    caption(.class("visually-hidden")) { t("organisation.municipalities") }
                    thead {
                        tr {
                            th(.scope("col")) { t("organisation.bfsNumber") }
                            th(.scope("col")) { t("organisation.name") }
                            th(.scope("col")) { t("organisation.district") }
                            th(.scope("col")) { t("organisation.participates") }
                            th(.scope("col")) { t("organisation.leadGroup") }
                        }
                    }
                    tbody {
                        for municipality in municipalities {
                            tr(municipality.active ? nil : .class("inactive")) {
                                td { String(municipality.bfsNumber) }
                                td {
                                    anchor(.href(Link(.municipality(.value(municipality.id!))))) { municipality.name }
                                    if !municipality.active { " (\(t("organisation.inactive")))" }
                                }
                                td { municipality.district.name }
                                td { t(municipality.participates ? "common.yes" : "common.no") }
                                td { municipality.leadGroup?.name ?? "" }
                            }
                        }
                    }
                }
            }
        })
    }

    static func validate(_ input: Input, existing: Municipality?, on db: any Database, texts t: Localizer) async throws -> Validated<Values> {
        var errors = FieldMessages()
        let numberText = FieldCheck.trimmed(input.bfsNumber)
        let name = errors.text("name", input.name, max: 100, required: true, texts: t)
        let number = Int(numberText)
        if let number, numberText.count == 4 {
            if let clash = try await Municipality.query(on: db).filter(\.$bfsNumber == number).first(), clash.id != existing?.id {
                errors.add("bfsNumber", t("organisation.bfsTaken", ["name": clash.name]))
            }
        } else {
            errors.add("bfsNumber", t("organisation.bfsInvalid"))
        }
        let district = UUID(uuidString: input.districtID ?? "")
        let districtExists = try await District.find(district, on: db) != nil
        if !districtExists { errors.add("districtID", t("form.chooseOne")) }
        var leadGroup: UUID?
        if let text = input.leadGroupID, !text.isEmpty {
            leadGroup = UUID(uuidString: text)
            let groupExists = try await LeadGroup.find(leadGroup, on: db) != nil
            if !groupExists { errors.add("leadGroupID", t("form.chooseOne")) }
        }
        guard errors.isEmpty, let number, let district else { return .invalid(errors) }
        return .valid(Values(bfsNumber: number, name: name, districtID: district, participates: input.participates != nil,
                             active: input.active != nil, leadGroupID: leadGroup))
    }

    static func newForm(_ req: Request) async throws -> Response {
        try await render(req, municipality: nil, input: Input(participates: "on", active: "on"), errors: FieldMessages())
    }

    static func create(_ req: Request) async throws -> Response {
        let input = try req.form(Input.self)
        switch try await validate(input, existing: nil, on: req.db, texts: req.texts) {
        case .invalid(let errors):
            return try await render(req, municipality: nil, input: input, errors: errors)
        case .valid(let values):
            let municipality = Municipality(bfsNumber: values.bfsNumber, name: values.name, districtID: values.districtID,
                                            participates: values.participates)
            municipality.active = values.active
            municipality.$leadGroup.id = values.leadGroupID
            return try await req.storeOnce { tx in
                try await municipality.create(on: tx)
                try await OrganisationalUnit(kind: .municipality, name: values.name, municipalityID: municipality.id).create(on: tx)
                try await req.audit(.organisationChanged, .municipality(municipality.id!),
                                    detail: "Gemeinde \(values.bfsNumber) \(values.name) erfasst", in: tx)
                MunicipalityNames.invalidate()
                return Link.afterSave(.municipalities)
            }
        }
    }

    static func find(_ req: Request) async throws -> Municipality {
        guard let municipality = try await Municipality.find(try req.idParameter("municipalityID"), on: req.db) else { throw AppError.notFound }
        return municipality
    }

    static func editForm(_ req: Request) async throws -> Response {
        let municipality = try await find(req)
        let input = Input(bfsNumber: String(municipality.bfsNumber), name: municipality.name,
                          districtID: municipality.$district.id.uuidString, participates: municipality.participates ? "on" : nil,
                          active: municipality.active ? "on" : nil, leadGroupID: municipality.$leadGroup.id?.uuidString ?? "")
        return try await render(req, municipality: municipality, input: input, errors: FieldMessages())
    }

    static func update(_ req: Request) async throws -> Response {
        let municipality = try await find(req)
        let input = try req.form(Input.self)
        switch try await validate(input, existing: municipality, on: req.db, texts: req.texts) {
        case .invalid(let errors):
            return try await render(req, municipality: municipality, input: input, errors: errors)
        case .valid(let values):
            municipality.bfsNumber = values.bfsNumber
            municipality.name = values.name
            municipality.$district.id = values.districtID
            municipality.participates = values.participates
            municipality.active = values.active
            municipality.$leadGroup.id = values.leadGroupID
            try await req.db.writeTransaction { tx in
                try await municipality.update(on: tx)
                // The unit carries the municipality's name for display and audit.
                try await OrganisationalUnit.query(on: tx).filter(\.$municipality.$id == municipality.id).set(\.$name, to: values.name).update()
                try await req.audit(.organisationChanged, .municipality(municipality.id!),
                                    detail: "Gemeinde \(values.bfsNumber) \(values.name) geändert", in: tx)
            }
            MunicipalityNames.invalidate()
            return req.redirect(to: .municipalities)
        }
    }

    static func render(_ req: Request, municipality: Municipality?, input: Input, errors: FieldMessages) async throws -> Response {
        let districts = try await District.query(on: req.db).sort(\.$name).all()
        let groups = try await LeadGroup.query(on: req.db).sort(\.$name).all()
        let t = req.texts
        let title = municipality.map { t("organisation.editMunicipality", ["name": $0.name]) } ?? t("organisation.newMunicipality")
        let action = municipality.map { Link(.municipality(.value($0.id!))) } ?? Link(.newMunicipality)
        var page = WebPage(title: title, hasErrors: !errors.isEmpty) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.municipalities))) { t("organisation.municipalities") } }
            h1 { title }
            errorSummary(t("form.hasErrors"), errors.order.map { ($0, errors[$0]!) })
            postForm(action, csrf: req.csrfToken, .class("form")) {
                textField(FieldSpec(id: "bfsNumber", label: t("organisation.bfsNumber"), error: errors["bfsNumber"]),
                          value: input.bfsNumber ?? "", .inputmode("numeric"), .maxlength(4))
                textField(FieldSpec(id: "name", label: t("organisation.name"), error: errors["name"]), value: input.name ?? "", .maxlength(100))
                selectField(FieldSpec(id: "districtID", label: t("organisation.district"), error: errors["districtID"]),
                            options: districts.map { SelectOption(value: $0.id!.uuidString, label: $0.name, selected: $0.id!.uuidString == input.districtID) },
                            placeholder: t("form.pleaseChoose"))
                selectField(FieldSpec(id: "leadGroupID", label: t("organisation.leadGroup"), error: errors["leadGroupID"]),
                            options: groups.map { SelectOption(value: $0.id!.uuidString, label: $0.name, selected: $0.id!.uuidString == input.leadGroupID) },
                            placeholder: t("organisation.noLeadGroup"))
                checkboxField(FieldSpec(id: "participates", label: t("organisation.participatesLabel")), checked: input.participates != nil)
                checkboxField(FieldSpec(id: "active", label: t("organisation.activeLabel")), checked: input.active != nil)
                div(.class("actions")) {
                    button(.type(.submit), .class("button primary")) { t("form.save") }
                    anchor(.href(Link(.municipalities)), .class("button")) { t("form.cancel") }
                }
            }
        }
        if !errors.isEmpty { page.status = .unprocessableEntity }
        return req.render(page)
    }
}
