import Fluent
import Vapor

/// Contacts without a conversation: at the counter, by phone, by message, at an event, or
/// information from third parties (the Ivanova journey). They appear on the person's timeline.
enum ContactsFeature {
    static func register(_ routes: any RoutesBuilder) {
        let editors = routes.requiring(.editPersons)
        editors.get("personen", ":personID", "kontakte", "neu", use: showForm)
        editors.post("personen", ":personID", "kontakte", "neu", use: create)
    }

    struct Input: Content {
        var occurredOn: String?
        var channel: String?
        var note: String?
        var nextStep: String?
    }


    struct Page: Encodable {
        let personName: String
        let action: String
        let backHref: String
        let input: [String: String]
        let channelOptions: [SelectOption]
        let errors: FieldMessages
    }

    static func showForm(_ req: Request) async throws -> Response {
        let person = try await req.scopedPerson(try req.idParameter("personID"))
        return try await render(req, person: person, input: Input(occurredOn: CalendarDate(req.now).description), errors: FieldMessages())
    }

    static func create(_ req: Request) async throws -> Response {
        let person = try await req.scopedPerson(try req.idParameter("personID"))
        let input = try req.content.decode(Input.self)
        let texts = req.texts
        var errors = FieldMessages()
        let date = CalendarDate(parsing: FieldCheck.trimmed(input.occurredOn))
        if date == nil { errors.add("occurredOn", texts.text("form.dateInvalid")) }
        else if date! > CalendarDate(req.now) { errors.add("occurredOn", texts.text("contact.dateFuture")) }
        let channel = ContactChannel(rawValue: input.channel ?? "")
        if channel == nil { errors.add("channel", texts.text("form.chooseOne")) }
        let note = FieldCheck.trimmed(input.note)
        if note.isEmpty { errors.add("note", texts.text("form.required")) }
        else if note.count > 4000 { errors.add("note", texts.text("form.tooLong", ["max": "4000"])) }
        let nextStep = FieldCheck.trimmed(input.nextStep)
        if nextStep.count > 1000 { errors.add("nextStep", texts.text("form.tooLong", ["max": "1000"])) }
        guard errors.isEmpty, let date, let channel else {
            let response = try await render(req, person: person, input: input, errors: errors)
            response.status = .unprocessableEntity
            return response
        }
        let contact = Contact()
        contact.$person.id = try person.requireID()
        contact.$municipality.id = person.$municipality.id
        contact.occurredOn = date.description
        contact.channel = channel
        contact.note = note
        contact.nextStep = nextStep.isEmpty ? nil : nextStep
        contact.$recordedBy.id = try req.requireUser().userID
        try await req.db.transaction { tx in
            try await contact.create(on: tx)
            try await req.audit(.personUpdated, recordType: "person", recordID: person.id, detail: "Kontakt erfasst: \(channel.rawValue)", on: tx)
        }
        return req.redirectAfterSave(to: Paths.person(try person.requireID()))
    }

    static func render(_ req: Request, person: Person, input: Input, errors: FieldMessages) async throws -> Response {
        let texts = req.texts
        let page = Page(
            personName: "\(person.givenName) \(person.familyName)", action: Paths.personNewContact(person.id!), backHref: Paths.person(person.id!),
            input: ["occurredOn": input.occurredOn ?? "", "note": input.note ?? "", "nextStep": input.nextStep ?? ""],
            channelOptions: ContactChannel.allCases.map { SelectOption(value: $0.rawValue, label: texts.text("contact.channel.\($0.rawValue)"), selected: $0.rawValue == input.channel) },
            errors: errors)
        return try await req.renderPage("Informieren/contact", title: texts.text("contact.title"), body: page)
    }
}
