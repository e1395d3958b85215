import Domain
import Fluent
import Foundation
import Persistence
import Platform
import Vapor

/// The network of regular structures (Regelstrukturen) per municipality: schools, kindergartens, the
/// social region, employers, clubs, health and counselling services, with a contact and their themes.
/// A measure or a Fordern trigger can name one.
enum RegularStructureRoutes {
    struct Input: Decodable, Sendable {
        var municipalityID: String?
        var kind: String?
        var name: String?
        var contactPerson: String?
        var phone: String?
        var email: String?
        var themes: [String]?
        var notes: String?
        var active: String?
    }

    struct Values: Sendable {
        let municipalityID: UUID
        let kind: StructureKind
        let name: String
        let contactPerson: String?
        let phone: String?
        let email: String?
        let themes: [IntegrationTheme]
        let notes: String?
        let active: Bool

        func apply(to structure: RegularStructure) {
            structure.$municipality.id = municipalityID
            structure.kind = kind
            structure.name = name
            structure.contactPerson = contactPerson
            structure.phone = phone
            structure.email = email
            structure.themes = themes
            structure.notes = notes
            structure.active = active
        }
    }

    static func validate(_ input: Input, scope: AccessScope, texts t: Localizer) -> Validated<Values> {
        var errors = FieldMessages()
        let municipality = UUID(uuidString: FieldCheck.trimmed(input.municipalityID))
        if municipality == nil || !scope.mayWork(in: municipality!) { errors.add("municipalityID", t("form.chooseOne")) }
        let kind: StructureKind? = errors.choice("kind", input.kind, texts: t)
        let name = errors.text("name", input.name, max: 200, required: true, texts: t)
        let person = errors.optionalText("contactPerson", input.contactPerson, max: 200, texts: t)
        let phone = errors.optionalText("phone", input.phone, max: 30, texts: t)
        if let phone, !FieldCheck.isPhone(phone) { errors.add("phone", t("form.phoneInvalid")) }
        let email = errors.optionalText("email", input.email, max: 254, texts: t)
        if let email, !FieldCheck.isEmail(email) { errors.add("email", t("form.emailInvalid")) }
        let themes = (input.themes ?? []).compactMap(IntegrationTheme.init(rawValue:))
        if themes.count != (input.themes ?? []).count { errors.add("themes", t("form.chooseOne")) }
        let notes = errors.optionalText("notes", input.notes, max: 2000, multiline: true, texts: t)
        guard errors.isEmpty, let municipality, let kind else { return .invalid(errors) }
        return .valid(Values(municipalityID: municipality, kind: kind, name: name, contactPerson: person, phone: phone, email: email,
                             themes: themes, notes: notes, active: input.active != nil))
    }

    static func list(_ req: Request) async throws -> Response {
        let scope = try req.scope()
        let structures = try await scope.records(RegularStructure.self, on: req.db).sort(\.$kind).sort(\.$name).fetch()
        let names = try await MunicipalityNames.names(scope.municipalityIDs, on: req.db)
        return req.render(RegularStructureListView(structures: structures, municipalityNames: names,
                                                   mayEdit: try req.requireUser().has(.workOnCases)).page(req.viewContext))
    }

    static func newForm(_ req: Request) async throws -> Response {
        let scope = try req.scope()
        var input = Input(active: "on")
        if scope.municipalityIDs.count == 1 { input.municipalityID = scope.municipalityIDs[0].uuidString }
        return try await render(req, structure: nil, input: input, errors: FieldMessages())
    }

    static func create(_ req: Request) async throws -> Response {
        let input = try req.form(Input.self)
        switch validate(input, scope: try req.scope(), texts: req.texts) {
        case .invalid(let errors):
            return try await render(req, structure: nil, input: input, errors: errors)
        case .valid(let values):
            let structure = RegularStructure()
            values.apply(to: structure)
            return try await req.storeOnce { tx in
                try await structure.create(on: tx)
                try await req.audit(.regularStructureChanged, .regularStructure(structure.id!), detail: "erfasst: \(values.kind.rawValue)", in: tx)
                return Link.afterSave(.regularStructures)
            }
        }
    }

    static func scoped(_ req: Request) async throws -> RegularStructure {
        let id = try req.idParameter("structureID")
        return try await req.scoped(RegularStructure.self, id, record: .regularStructure(id))
    }

    static func editForm(_ req: Request) async throws -> Response {
        let structure = try await scoped(req)
        let input = Input(municipalityID: structure.$municipality.id.uuidString, kind: structure.kind.rawValue, name: structure.name,
                          contactPerson: structure.contactPerson, phone: structure.phone, email: structure.email,
                          themes: structure.themes.map(\.rawValue), notes: structure.notes, active: structure.active ? "on" : nil)
        return try await render(req, structure: structure, input: input, errors: FieldMessages())
    }

    static func update(_ req: Request) async throws -> Response {
        let structure = try await scoped(req)
        let input = try req.form(Input.self)
        switch validate(input, scope: try req.scope(), texts: req.texts) {
        case .invalid(let errors):
            return try await render(req, structure: structure, input: input, errors: errors)
        case .valid(let values):
            values.apply(to: structure)
            try await req.db.writeTransaction { tx in
                try await structure.update(on: tx)
                try await req.audit(.regularStructureChanged, .regularStructure(structure.id!), detail: "geändert", in: tx)
            }
            return req.redirect(to: .regularStructures)
        }
    }

    static func render(_ req: Request, structure: RegularStructure?, input: Input, errors: FieldMessages) async throws -> Response {
        let names = try await MunicipalityNames.names(try req.scope().municipalityIDs, on: req.db)
        var page = RegularStructureFormView(structure: structure, input: input, errors: errors,
                                            municipalities: GermanCollation.sorted(names.map {
                                                SelectOption(value: $0.key.uuidString, label: $0.value, selected: $0.key.uuidString == input.municipalityID)
                                            }, by: \.label)).page(req.viewContext)
        if !errors.isEmpty { page.status = .unprocessableEntity }
        return req.render(page)
    }

    /// The structures a measure or a trigger may name, for a select.
    static func options(_ scope: AccessScope, municipality: UUID, chosen: String?, on db: any Database) async throws -> [SelectOption] {
        try await scope.records(RegularStructure.self, on: db).filter(\.$municipality.$id, equals: municipality).filter(\.$active, equals: true)
            .sort(\.$name).fetch().map { SelectOption(value: $0.id!.uuidString, label: $0.name, selected: $0.id!.uuidString == chosen) }
    }
}

struct RegularStructureListView {
    let structures: [RegularStructure]
    let municipalityNames: [UUID: String]
    let mayEdit: Bool

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        return WebPage(title: t("structures.title")) {
            h1 { t("structures.title") }
            paragraph { t("structures.intro") }
            if mayEdit { paragraph(.class("no-print")) { anchor(.class("button primary"), .href(Link(.newRegularStructure))) { t("structures.new") } } }
            if structures.isEmpty {
                paragraph(.class("empty")) { t("structures.none") }
            } else {
                div(.class("table-wrap")) {
                    table {
                        caption(.class("visually-hidden")) { t("structures.title") }
                        thead {
                            tr {
                                th(.scope("col")) { t("structures.name") }
                                th(.scope("col")) { t("structures.kind") }
                                th(.scope("col")) { t("structures.contact") }
                                th(.scope("col")) { t("offers.themes") }
                                th(.scope("col")) { t("persons.field.municipality") }
                            }
                        }
                        tbody {
                            for structure in structures {
                                tr(structure.active ? nil : .class("inactive")) {
                                    th(.scope("row")) {
                                        if mayEdit { anchor(.href(Link(.regularStructure(.value(structure.id!))))) { structure.name } } else { structure.name }
                                        if !structure.active { " (\(t("structures.inactive")))" }
                                    }
                                    td { t.label("structure.kind", structure.kind) }
                                    td { [structure.contactPerson, structure.phone, structure.email].compactMap { $0 }.joined(separator: " · ") }
                                    td { structure.themes.map { t.label("theme", $0) }.joined(separator: ", ") }
                                    td { municipalityNames[structure.$municipality.id] ?? "" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

struct RegularStructureFormView {
    let structure: RegularStructure?
    let input: RegularStructureRoutes.Input
    let errors: FieldMessages
    let municipalities: [SelectOption]

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let title = t(structure == nil ? "structures.newTitle" : "structures.editTitle")
        let action = structure.map { Link(.regularStructure(.value($0.id!))) } ?? Link(.newRegularStructure)
        let chosen = Set(input.themes ?? [])
        return WebPage(title: title, hasErrors: !errors.isEmpty) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.regularStructures))) { t("structures.title") } }
            h1 { title }
            errorSummary(t("form.hasErrors"), errors.order.map { ($0, errors[$0]!) })
            postForm(action, csrf: c.csrf, .class("form wide")) {
                div(.class("grid-2")) {
                    selectField(FieldSpec(id: "municipalityID", label: t("persons.field.municipality"), error: errors["municipalityID"]),
                                options: municipalities, placeholder: municipalities.count > 1 ? t("form.pleaseChoose") : nil)
                    selectField(FieldSpec(id: "kind", label: t("structures.kind"), error: errors["kind"]),
                                options: SelectOption.of(StructureKind.self, "structure.kind", chosen: input.kind, texts: t),
                                placeholder: t("form.pleaseChoose"))
                    textField(FieldSpec(id: "name", label: t("structures.name"), error: errors["name"]), value: input.name ?? "", .maxlength(200))
                    textField(FieldSpec(id: "contactPerson", label: t("structures.contactPerson"), error: errors["contactPerson"],
                                        note: t("form.optional")), value: input.contactPerson ?? "", .maxlength(200))
                    textField(FieldSpec(id: "phone", label: t("persons.field.phone"), error: errors["phone"], note: t("form.optional")),
                              value: input.phone ?? "", type: .tel)
                    textField(FieldSpec(id: "email", label: t("persons.field.email"), error: errors["email"], note: t("form.optional")),
                              value: input.email ?? "", type: .email)
                }
                choiceGroup(id: "themes", name: "themes[]", legend: t("offers.themes"),
                            options: IntegrationTheme.allCases.map { SelectOption(value: $0.rawValue, label: t.label("theme", $0), selected: chosen.contains($0.rawValue)) },
                            multiple: true, error: errors["themes"], columns: true)
                textAreaField(FieldSpec(id: "notes", label: t("structures.notes"), error: errors["notes"], note: t("form.optional")),
                              value: input.notes ?? "", rows: 3, maxLength: 2000)
                checkboxField(FieldSpec(id: "active", label: t("structures.active")), checked: input.active != nil)
                div(.class("actions")) {
                    button(.type(.submit), .class("button primary")) { t("form.save") }
                    anchor(.class("button"), .href(Link(.regularStructures))) { t("form.cancel") }
                }
            }
        }
    }
}
