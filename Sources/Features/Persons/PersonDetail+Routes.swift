import Domain
import Persistence
import Platform
import Vapor

/// The person with their timeline, the printable personal data sheet, the household, editing.
enum PersonRoutes {
    static func show(_ req: Request) async throws -> Response {
        let person = try await req.scopedPerson(try req.idParameter("personID"))
        let model = try await PersonDetailModel.query(person, user: try req.requireUser(), database: req.db, areas: req.areas,
                                                      texts: req.texts, reference: req.reference, today: req.today)
        try await req.audit(.personRead, .person(model.id))
        return req.render(PersonDetailView(model: model).page(req.viewContext))
    }

    static func sheet(_ req: Request) async throws -> Response {
        let person = try await req.scopedPerson(try req.idParameter("personID"))
        let model = try await PersonDetailModel.query(person, user: try req.requireUser(), database: req.db, areas: AreaRegistry([]),
                                                      texts: req.texts, reference: req.reference, today: req.today)
        try await req.audit(.personRead, .person(model.id), detail: "Personalienblatt gedruckt")
        return req.render(PersonSheetView(model: model).page(req.viewContext))
    }

    static func household(_ req: Request) async throws -> Response {
        let id = try req.idParameter("householdID")
        let household = try await req.scoped(Household.self, id, record: .household(id))
        let model = try await HouseholdModel.query(household, user: try req.requireUser(), database: req.db, areas: req.areas,
                                                   texts: req.texts, reference: req.reference, today: req.today,
                                                   justRegistered: (try? req.query.get(String.self, at: "ok")) == "registered")
        try await req.audit(.personRead, .household(id), detail: "\(model.members.count) Personen")
        return req.render(HouseholdView(model: model).page(req.viewContext))
    }

    static func edit(_ req: Request) async throws -> Response {
        let person = try await req.scopedPerson(try req.idParameter("personID"))
        try await req.audit(.personRead, .person(person.id!), detail: "Personalien bearbeiten")
        return req.render(PersonEditView(person: person, input: PersonInput(person), errors: FieldMessages(), reference: req.reference)
            .page(req.viewContext))
    }

    static func update(_ req: Request) async throws -> Response {
        let person = try await req.scopedPerson(try req.idParameter("personID"))
        let input = try req.form(PersonInput.self)
        let context = PersonForm.Context(today: req.today, reference: req.reference, texts: req.texts)
        switch PersonForm.validate(input, context: context) {
        case .invalid(let errors):
            var page = PersonEditView(person: person, input: input, errors: errors, reference: req.reference).page(req.viewContext)
            page.status = .unprocessableEntity
            return req.render(page)
        case .valid(let values):
            let nameBefore = person.name
            let changed = values.apply(to: person)
            if !changed.isEmpty {
                let scope = try req.scope()
                // Field names only: the audit trail must not copy personal contents.
                let detail = "geändert: \(changed.joined(separator: ", "))"
                try await req.db.writeTransaction { tx in
                    try await person.update(on: tx)
                    if person.name != nameBefore { try await PersonRecords.writeSearchKeys(of: person, scope: scope, on: tx) }
                    try await PersonRecords.refreshStages(of: [person.id!], scope: scope, on: tx)
                    try await req.audit(.personUpdated, .person(person.id!), detail: detail, in: tx)
                }
            }
            return req.redirect(to: .person(.value(try person.requireID())))
        }
    }
}
