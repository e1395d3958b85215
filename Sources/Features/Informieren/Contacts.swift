import Domain
import Fluent
import Persistence
import Platform
import Vapor

/// Contacts without a conversation: at the counter, by phone, by message, at an event, or
/// information from third parties (the Ivanova journey). They appear on the person's timeline,
/// can be corrected, and deleted with a reason; a next step comes back when it is due.
enum ContactRoutes {
    struct Input: Decodable, Sendable {
        var occurredOn: String?
        var channel: String?
        var note: String?
        var nextStep: String?
        var nextStepDue: String?
        var nextStepOwner: String?
    }

    struct Values: Sendable {
        let occurredOn: CalendarDate
        let channel: ContactChannel
        let note: String
        let nextStep: NextSteps.Values?
    }

    static func validate(_ input: Input, owners: [UUID], today: CalendarDate, texts t: Localizer) -> Validated<Values> {
        var errors = FieldMessages()
        let date = errors.date("occurredOn", input.occurredOn, required: true, range: .happened(today: today),
                               laterKey: "contact.dateFuture", texts: t)
        let channel: ContactChannel? = errors.choice("channel", input.channel, texts: t)
        let note = errors.text("note", input.note, max: 4000, required: true, multiline: true, texts: t)
        let stepText = errors.text("nextStep", input.nextStep, max: 1000, texts: t)
        let nextStep = NextSteps.validate(text: stepText, due: input.nextStepDue, owner: input.nextStepOwner, owners: owners,
                                          fields: ("nextStep", "nextStepDue", "nextStepOwner"), today: today, errors: &errors, texts: t)
        guard errors.isEmpty, let date, let channel else { return .invalid(errors) }
        return .valid(Values(occurredOn: date, channel: channel, note: note, nextStep: nextStep))
    }

    static func showForm(_ req: Request) async throws -> Response {
        let person = try await req.scopedPerson(try req.idParameter("personID"))
        let input = Input(occurredOn: req.today.description, nextStepDue: NextSteps.proposedDue(req.today),
                          nextStepOwner: try req.requireUser().userID.uuidString)
        return try await render(req, person: person, contact: nil, input: input, errors: FieldMessages())
    }

    static func render(_ req: Request, person: Person, contact: Contact?, input: Input, errors: FieldMessages) async throws -> Response {
        var page = ContactView(person: person, contact: contact, input: input, errors: errors, owners: try await NextSteps.owners(req))
            .page(req.viewContext)
        if !errors.isEmpty { page.status = .unprocessableEntity }
        return req.render(page)
    }

    /// The form as sent; a step without a named owner belongs to the one who records it.
    static func readInput(_ req: Request) throws -> Input {
        var input = try req.form(Input.self)
        if input.nextStepOwner == nil { input.nextStepOwner = try req.requireUser().userID.uuidString }
        return input
    }

    static func create(_ req: Request) async throws -> Response {
        let person = try await req.scopedPerson(try req.idParameter("personID"))
        let input = try readInput(req)
        let owners = try await NextSteps.owners(req).map(\.id)
        switch validate(input, owners: owners, today: req.today, texts: req.texts) {
        case .invalid(let errors):
            return try await render(req, person: person, contact: nil, input: input, errors: errors)
        case .valid(let values):
            let contact = Contact()
            contact.$person.id = try person.requireID()
            contact.$municipality.id = person.$municipality.id
            contact.$recordedBy.id = try req.requireUser().userID
            apply(values, to: contact)
            return try await req.storeOnce { tx in
                try await contact.create(on: tx)
                try await NextSteps.save(values.nextStep, for: person, conversationID: nil, contactID: contact.id, req: req, on: tx)
                try await req.audit(.personUpdated, .person(person.id!), detail: "Kontakt erfasst: \(values.channel.rawValue)", in: tx)
                return Link.afterSave(.person(.value(person.id!)))
            }
        }
    }

    static func apply(_ values: Values, to contact: Contact) {
        contact.occurredOn = values.occurredOn
        contact.channel = values.channel
        contact.note = values.note
        contact.nextStep = values.nextStep?.text
    }

    static func scopedContact(_ req: Request) async throws -> (Contact, Person) {
        let id = try req.idParameter("contactID")
        let contact = try await req.scoped(Contact.self, id, record: .contact(id))
        let person = try await req.scopedPerson(contact.$person.id)
        return (contact, person)
    }

    static func editForm(_ req: Request) async throws -> Response {
        let (contact, person) = try await scopedContact(req)
        let task = try await req.scope().query(NextStepTask.self, on: req.db).filter(\.$contactID == contact.id).fetchFirst()
        let input = Input(occurredOn: contact.occurredOn.description, channel: contact.channel.rawValue, note: contact.note,
                          nextStep: task?.text ?? contact.nextStep,
                          nextStepDue: task?.dueOn.description ?? NextSteps.proposedDue(req.today),
                          nextStepOwner: (try task?.$owner.id ?? req.requireUser().userID).uuidString)
        try await req.audit(.personRead, .person(person.id!), detail: "Kontakt bearbeiten")
        return try await render(req, person: person, contact: contact, input: input, errors: FieldMessages())
    }

    static func update(_ req: Request) async throws -> Response {
        let (contact, person) = try await scopedContact(req)
        let input = try readInput(req)
        let owners = try await NextSteps.owners(req).map(\.id)
        switch validate(input, owners: owners, today: req.today, texts: req.texts) {
        case .invalid(let errors):
            return try await render(req, person: person, contact: contact, input: input, errors: errors)
        case .valid(let values):
            apply(values, to: contact)
            try await req.db.writeTransaction { tx in
                try await contact.update(on: tx)
                try await NextSteps.save(values.nextStep, for: person, conversationID: nil, contactID: contact.id, req: req, on: tx)
                try await req.audit(.personUpdated, .contact(contact.id!), detail: "Kontakt korrigiert", in: tx)
            }
            return req.redirect(to: .person(.value(person.id!)))
        }
    }

    struct DeleteInput: Decodable, Sendable {
        var reason: String?
    }

    static func deleteForm(_ req: Request) async throws -> Response {
        let (contact, person) = try await scopedContact(req)
        return req.render(ContactDeleteView(person: person, contact: contact, reason: "", error: nil).page(req.viewContext))
    }

    /// Deleting needs a reason; the audit trail keeps who, when and why (not the contents).
    static func delete(_ req: Request) async throws -> Response {
        let (contact, person) = try await scopedContact(req)
        let input = try req.form(DeleteInput.self)
        var errors = FieldMessages()
        let reason = errors.text("reason", input.reason, max: 300, required: true, texts: req.texts)
        guard errors.isEmpty else {
            var page = ContactDeleteView(person: person, contact: contact, reason: input.reason ?? "",
                                         error: req.texts("contact.deleteReasonRequired")).page(req.viewContext)
            page.status = .unprocessableEntity
            return req.render(page)
        }
        let scope = try req.scope()
        try await req.db.writeTransaction { tx in
            try await scope.query(NextStepTask.self, on: tx).filter(\.$contactID == contact.id).delete()
            try await contact.delete(on: tx)
            try await req.audit(.personUpdated, .contact(contact.id!), detail: "Kontakt gelöscht, Grund: \(reason)", in: tx)
        }
        return req.redirect(to: .person(.value(person.id!)), flash: "contactDeleted")
    }
}

struct ContactView {
    let person: Person
    let contact: Contact?
    let input: ContactRoutes.Input
    let errors: FieldMessages
    let owners: [NextSteps.Owner]

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let id = person.id!
        let title = t(contact == nil ? "contact.title" : "contact.editTitle")
        let action = contact.map { Link(.contactEdit(.value($0.id!))) } ?? Link(.personNewContact(.value(id)))
        return WebPage(title: title, hasErrors: !errors.isEmpty) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.person(.value(id))))) { person.name.full } }
            h1 { title }
            errorSummary(t("form.hasErrors"), errors.order.map { ($0, errors[$0]!) })
            postForm(action, csrf: c.csrf, .class("form")) {
                textField(FieldSpec(id: "occurredOn", label: t("contact.date"), error: errors["occurredOn"]),
                          value: input.occurredOn ?? "", type: .date)
                selectField(FieldSpec(id: "channel", label: t("contact.channel"), error: errors["channel"]),
                            options: SelectOption.of(ContactChannel.self, "contact.channel", chosen: input.channel, texts: t),
                            placeholder: t("form.pleaseChoose"))
                textAreaField(FieldSpec(id: "note", label: t("contact.note"), error: errors["note"]), value: input.note ?? "", rows: 4,
                              maxLength: 4000)
                NextSteps.fields(text: input.nextStep ?? "", due: input.nextStepDue ?? "", owner: input.nextStepOwner, owners: owners,
                                 ids: ("nextStep", "nextStepDue", "nextStepOwner"), labelKey: "contact.nextStep", errors: errors, t: t)
                div(.class("actions")) {
                    button(.type(.submit), .class("button primary")) { t("form.save") }
                    anchor(.href(Link(.person(.value(id)))), .class("button")) { t("form.cancel") }
                    if let contact {
                        anchor(.href(Link(.contactDelete(.value(contact.id!)))), .class("button danger")) { t("contact.delete") }
                    }
                }
            }
        }
    }
}

/// «Kontakt löschen»: asks for the reason before anything is deleted.
struct ContactDeleteView {
    let person: Person
    let contact: Contact
    let reason: String
    let error: String?

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let id = contact.id!
        return ReasonConfirmation(
            title: t("contact.deleteTitle"), back: (person.name.full, Link(.person(.value(person.id!)))),
            question: t("contact.deleteQuestion", ["date": contact.occurredOn.swissFormat,
                                                   "channel": t.label("contact.channel", contact.channel)]),
            quote: contact.note, action: Link(.contactDelete(.value(id))), reasonLabel: t("contact.deleteReason"),
            reasonHint: t("contact.deleteReasonHint"), reason: reason, error: error, maxLength: 300,
            confirmLabel: t("contact.deleteConfirm"), keep: (t("contact.deleteKeep"), Link(.contactEdit(.value(id))))).page(c)
    }
}

/// Contacts on the person's timeline, with their next step and a link to correct them.
struct ContactTimeline: TimelineSource {
    func entries(_ request: TimelineRequest) async throws -> [TimelineEntry] {
        let t = request.texts
        let contacts = try await request.scope.records(Contact.self, on: request.database).filter(\.$person.$id, equals: request.person.id!).fetch()
        guard !contacts.isEmpty else { return [] }
        let tasks = try await request.scope.query(NextStepTask.self, on: request.database)
            .filter(\.$person.$id == request.person.id!).join(User.self, on: \NextStepTask.$owner.$id == \User.$id).all()
        let owners = Dictionary(try tasks.map { ($0.$owner.id, try $0.joined(User.self).displayName) }, uniquingKeysWith: { first, _ in first })
        let mayEdit = request.user.has(.editPersons)
        return contacts.map { contact in
            var lines = [contact.note]
            if let task = tasks.first(where: { $0.contactID == contact.id }) {
                lines.append(NextSteps.line(task, owners: owners, t: t))
            } else if let next = contact.nextStep {
                lines.append(t("timeline.nextStep", ["step": next]))
            }
            return TimelineEntry(date: contact.occurredOn, sortKey: "12:00",
                                 title: t("timeline.contact", ["channel": t.label("contact.channel", contact.channel)]),
                                 lines: lines, link: mayEdit ? Link(.contactEdit(.value(contact.id!))) : nil)
        }
    }
}
