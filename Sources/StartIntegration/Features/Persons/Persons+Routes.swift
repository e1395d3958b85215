import Fluent
import Vapor

/// Persons of the user's municipalities: list and search, the person with their timeline, the
/// household, editing the personal data sheet and its print view.
enum PersonsFeature {
    static func register(_ routes: any RoutesBuilder) {
        let readers = routes.requiring(.viewPersons)
        readers.get("personen", use: list)
        readers.post("personen", "suche", use: search)
        readers.get("personen", ":personID", use: show)
        readers.get("personen", ":personID", "personalienblatt", use: sheet)
        readers.get("haushalte", ":householdID", use: household)
        let editors = routes.requiring(.editPersons)
        editors.get("personen", ":personID", "bearbeiten", use: edit)
        editors.post("personen", ":personID", "bearbeiten", use: update)
    }

    static func list(_ req: Request) async throws -> Response {
        let page = req.pageNumber()
        let model = try await PersonList.build(req, page: page)
        try await req.audit(.personListed, recordType: "person", detail: "Seite \(page): \(model.rows.count) Personen")
        return try await req.renderPage("Persons/list", title: req.texts.text("persons.title"), body: model)
    }

    /// Search by name and birth date; sent by POST so that names never appear in URLs or logs.
    static func search(_ req: Request) async throws -> Response {
        let input = try req.content.decode(PersonSearch.Input.self)
        switch PersonSearch.validate(input, texts: req.texts) {
        case .invalid(let errors):
            let model = try await PersonList.build(req, page: 1, search: input, errors: errors)
            try await req.audit(.personListed, recordType: "person", detail: "Seite 1: \(model.rows.count) Personen")
            let response = try await req.renderPage("Persons/list", title: req.texts.text("persons.title"), body: model)
            response.status = .unprocessableEntity
            return response
        case .valid(let criteria):
            let model = try await PersonList.build(req, criteria: criteria, input: input)
            try await req.audit(.personListed, recordType: "person", detail: "Suche: \(model.rows.count) Treffer")
            return try await req.renderPage("Persons/list", title: req.texts.text("persons.searchTitle"), body: model)
        }
    }

    static func show(_ req: Request) async throws -> Response {
        let person = try await req.scopedPerson(try req.idParameter("personID"))
        let model = try await PersonDetail.build(person, req: req)
        try await req.audit(.personRead, recordType: "person", recordID: person.id)
        return try await req.renderPage("Persons/detail", title: model.name, body: model)
    }

    static func sheet(_ req: Request) async throws -> Response {
        let person = try await req.scopedPerson(try req.idParameter("personID"))
        let model = try await PersonDetail.build(person, req: req)
        try await req.audit(.personRead, recordType: "person", recordID: person.id, detail: "Personalienblatt gedruckt")
        return try await req.renderPage("Persons/sheet", title: req.texts.text("persons.sheetTitle", ["name": model.name]), body: model)
    }

    static func household(_ req: Request) async throws -> Response {
        let household = try await req.scoped(Household.self, try req.idParameter("householdID"), recordType: "household")
        let model = try await HouseholdView.build(household, req: req)
        try await req.audit(.personRead, recordType: "household", recordID: household.id, detail: "\(model.members.count) Personen")
        return try await req.renderPage("Persons/household", title: model.title, body: model)
    }

    struct EditPage: Encodable {
        let personName: String
        let action: String
        let backHref: String
        /// One block; a list so the registration's person template serves here too.
        let persons: [PersonForm.Block]
        let hasErrors: Bool
    }

    static func edit(_ req: Request) async throws -> Response {
        let person = try await req.scopedPerson(try req.idParameter("personID"))
        try await req.audit(.personRead, recordType: "person", recordID: person.id, detail: "Personalien bearbeiten")
        return try await renderEdit(req, person: person, input: PersonInput(person), errors: FieldMessages())
    }

    static func update(_ req: Request) async throws -> Response {
        let person = try await req.scopedPerson(try req.idParameter("personID"))
        let input = try req.content.decode(PersonInput.self)
        let (values, errors) = PersonForm.validate(input, context: req.personFormContext)
        guard let values else {
            let response = try await renderEdit(req, person: person, input: input, errors: errors)
            response.status = .unprocessableEntity
            return response
        }
        let changed = values.apply(to: person)
        if !changed.isEmpty {
            let detail = "geändert: \(changed.joined(separator: ", "))"
            try await req.db.transaction { tx in
                try await person.update(on: tx)
                // Field names only: the audit trail must not copy personal contents.
                try await req.audit(.personUpdated, recordType: "person", recordID: person.id, detail: detail, on: tx)
            }
        }
        return req.redirectAfterSave(to: Paths.person(try person.requireID()))
    }

    static func renderEdit(_ req: Request, person: Person, input: PersonInput, errors: FieldMessages) async throws -> Response {
        let page = EditPage(personName: "\(person.givenName) \(person.familyName)", action: Paths.personEdit(person.id!),
                            backHref: Paths.person(person.id!),
                            persons: [PersonForm.block(input, index: 0, errors: errors, context: req.personFormContext,
                                                       removable: false, namePrefix: "")],
                            hasErrors: !errors.isEmpty)
        return try await req.renderPage("Persons/edit", title: req.texts.text("persons.editTitle"), body: page)
    }
}

/// Parsing and checking the search form.
enum PersonSearch {
    struct Input: Content {
        var name: String?
        var birthDate: String?
    }

    struct Criteria {
        /// Folded name parts; each must occur in the person's folded name (any order).
        let nameParts: [String]
        let birthDate: CalendarDate?
    }

    static func validate(_ input: Input, texts: Localizer) -> Validated<Criteria> {
        var errors = FieldMessages()
        let parts = FieldCheck.trimmed(input.name).split(whereSeparator: { $0.isWhitespace || $0 == "," })
            .map { NameFolding.key(String($0)) }.filter { !$0.isEmpty }
        let dateText = FieldCheck.trimmed(input.birthDate)
        var birth: CalendarDate?
        if !dateText.isEmpty {
            birth = CalendarDate(parsing: dateText)
            if birth == nil { errors.add("birthDate", texts.text("form.dateInvalid")) }
        }
        if parts.isEmpty, dateText.isEmpty { errors.add("name", texts.text("persons.searchEmpty")) }
        guard errors.isEmpty else { return .invalid(errors) }
        return .valid(Criteria(nameParts: parts, birthDate: birth))
    }

    static let limit = 200

    static func run(_ criteria: Criteria, scope: AccessScope, on db: any Database) async throws -> [Person] {
        var query = scope.persons(on: db)
        for part in criteria.nameParts { query = query.filter(\.$nameKey ~~ part) }
        if let birth = criteria.birthDate { query = query.filter(\.$birthDate == birth.description) }
        return try await query.sort(\.$familyName).sort(\.$givenName).limit(limit).all()
    }
}
