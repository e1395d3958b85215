import Fluent
import Vapor

/// Persons of the user's municipalities: list, detail (audited read) and contact details.
enum PersonsFeature {
    static func register(_ routes: any RoutesBuilder) {
        let readers = routes.requiring(.viewPersons)
        readers.get("personen", use: list)
        readers.get("personen", ":personID", use: show)
        let editors = routes.requiring(.editPersons)
        editors.get("personen", ":personID", "kontakt", use: editContact)
        editors.post("personen", ":personID", "kontakt", use: saveContact)
    }

    static func personID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("personID", as: UUID.self) else { throw Abort(.notFound) }
        return id
    }

    static func list(_ req: Request) async throws -> Response {
        let page = max(1, (try? req.query.get(Int.self, at: "seite")) ?? 1)
        let model = try await PersonList.build(req, page: page)
        try await req.audit(.personListed, recordType: "person", detail: "Seite \(page): \(model.rows.count) Personen")
        return try await req.renderPage("Persons/list", title: req.texts.text("persons.title"), body: model)
    }

    static func show(_ req: Request) async throws -> Response {
        let person = try await req.scopedPerson(try personID(req))
        let model = try await PersonDetail.build(person, req: req)
        try await req.audit(.personRead, recordType: "person", recordID: person.id)
        return try await req.renderPage("Persons/detail", title: model.name, body: model)
    }

    static func editContact(_ req: Request) async throws -> Response {
        let person = try await req.scopedPerson(try personID(req))
        try await req.audit(.personRead, recordType: "person", recordID: person.id, detail: "Kontaktdaten bearbeiten")
        let form = ContactForm.Input(phone: person.phone, email: person.email, focusNote: person.focusNote)
        return try await req.renderPage("Persons/contact", title: req.texts.text("persons.contact.title"),
                                        body: ContactForm.Page(person: person, input: form, errors: FieldMessages()))
    }

    static func saveContact(_ req: Request) async throws -> Response {
        let person = try await req.scopedPerson(try personID(req))
        let input = try req.content.decode(ContactForm.Input.self)
        switch ContactForm.validate(input, texts: req.texts) {
        case .invalid(let errors):
            let response = try await req.renderPage("Persons/contact", title: req.texts.text("persons.contact.title"),
                                                    body: ContactForm.Page(person: person, input: input, errors: errors))
            response.status = .unprocessableEntity
            return response
        case .valid(let contact):
            var changed: [String] = []
            if person.phone != contact.phone { person.phone = contact.phone; changed.append("phone") }
            if person.email != contact.email { person.email = contact.email; changed.append("email") }
            if person.focusNote != contact.focusNote { person.focusNote = contact.focusNote; changed.append("focusNote") }
            if !changed.isEmpty {
                let detail = "geändert: \(changed.joined(separator: ", "))"
                try await req.db.transaction { tx in
                    try await person.update(on: tx)
                    // Field names only: the audit trail must not copy personal contents.
                    try await req.audit(.personUpdated, recordType: "person", recordID: person.id,
                                        detail: detail, on: tx)
                }
            }
            return req.redirectAfterSave(to: Paths.person(try person.requireID()))
        }
    }
}
