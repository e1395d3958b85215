import Domain
import Platform
import Vapor

/// Persons of the user's municipalities: the list by name, and search.
enum PersonListRoutes {
    static func list(_ req: Request) async throws -> Response {
        let pageNumber = req.pageNumber()
        let model = try await PersonListModel.page(pageNumber, scope: try req.scope(), database: req.db, reference: req.reference)
        try await req.audit(.personListed, .persons(model.rows.map(\.id)), detail: "Personenliste Seite \(pageNumber)")
        return req.render(PersonListView(model: model, search: PersonSearch.Input(), errors: FieldMessages(),
                                         canRegister: req.viewContext.may(.editPersons)).page(req.viewContext))
    }

    /// Search by name and birth date; sent by POST so that names never appear in URLs or logs.
    static func search(_ req: Request) async throws -> Response {
        let input = try req.form(PersonSearch.Input.self)
        let canRegister = req.viewContext.may(.editPersons)
        switch PersonSearch.validate(input, today: req.today, texts: req.texts) {
        case .invalid(let errors):
            let model = try await PersonListModel.page(1, scope: try req.scope(), database: req.db, reference: req.reference)
            try await req.audit(.personListed, .persons(model.rows.map(\.id)), detail: "Personenliste Seite 1")
            var page = PersonListView(model: model, search: input, errors: errors, canRegister: canRegister).page(req.viewContext)
            page.status = .unprocessableEntity
            return req.render(page)
        case .valid(let criteria):
            let model = try await PersonListModel.search(criteria, scope: try req.scope(), database: req.db, reference: req.reference)
            try await req.audit(.personListed, .persons(model.rows.map(\.id)), detail: "Suche: \(model.rows.count) Treffer")
            return req.render(PersonListView(model: model, search: input, errors: FieldMessages(), canRegister: canRegister)
                .page(req.viewContext))
        }
    }
}
