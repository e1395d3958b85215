import Domain
import Fluent
import Persistence
import Platform
import Vapor

/// Contacts without a conversation: at the counter, by phone, by message, at an event, or
/// information from third parties (the Ivanova journey). They appear on the person's timeline.
enum ContactRoutes {
    struct Input: Decodable, Sendable {
        var occurredOn: String?
        var channel: String?
        var note: String?
        var nextStep: String?
    }

    struct Values: Sendable {
        let occurredOn: CalendarDate
        let channel: ContactChannel
        let note: String
        let nextStep: String?
    }

    static func validate(_ input: Input, today: CalendarDate, texts t: Localizer) -> Validated<Values> {
        var errors = FieldMessages()
        let date = errors.date("occurredOn", input.occurredOn, required: true, range: .happened(today: today),
                               laterKey: "contact.dateFuture", texts: t)
        let channel: ContactChannel? = errors.choice("channel", input.channel, texts: t)
        let note = errors.text("note", input.note, max: 4000, required: true, multiline: true, texts: t)
        let nextStep = errors.optionalText("nextStep", input.nextStep, max: 1000, texts: t)
        guard errors.isEmpty, let date, let channel else { return .invalid(errors) }
        return .valid(Values(occurredOn: date, channel: channel, note: note, nextStep: nextStep))
    }

    static func showForm(_ req: Request) async throws -> Response {
        let person = try await req.scopedPerson(try req.idParameter("personID"))
        return req.render(ContactView(person: person, input: Input(occurredOn: req.today.description), errors: FieldMessages())
            .page(req.viewContext))
    }

    static func create(_ req: Request) async throws -> Response {
        let person = try await req.scopedPerson(try req.idParameter("personID"))
        let input = try req.form(Input.self)
        switch validate(input, today: req.today, texts: req.texts) {
        case .invalid(let errors):
            var page = ContactView(person: person, input: input, errors: errors).page(req.viewContext)
            page.status = .unprocessableEntity
            return req.render(page)
        case .valid(let values):
            let contact = Contact()
            contact.$person.id = try person.requireID()
            contact.$municipality.id = person.$municipality.id
            contact.occurredOn = values.occurredOn
            contact.channel = values.channel
            contact.note = values.note
            contact.nextStep = values.nextStep
            contact.$recordedBy.id = try req.requireUser().userID
            return try await req.storeOnce { tx in
                try await contact.create(on: tx)
                try await req.audit(.personUpdated, .person(person.id!), detail: "Kontakt erfasst: \(values.channel.rawValue)", in: tx)
                return Link.afterSave(.person(.value(person.id!)))
            }
        }
    }
}

struct ContactView {
    let person: Person
    let input: ContactRoutes.Input
    let errors: FieldMessages

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let id = person.id!
        return WebPage(title: t("contact.title"), hasErrors: !errors.isEmpty) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.person(.value(id))))) { person.name.full } }
            h1 { t("contact.title") }
            errorSummary(t("form.hasErrors"), errors.order.map { ($0, errors[$0]!) })
            postForm(Link(.personNewContact(.value(id))), csrf: c.csrf, .class("form")) {
                textField(FieldSpec(id: "occurredOn", label: t("contact.date"), error: errors["occurredOn"]),
                          value: input.occurredOn ?? "", type: .date)
                selectField(FieldSpec(id: "channel", label: t("contact.channel"), error: errors["channel"]),
                            options: SelectOption.of(ContactChannel.self, "contact.channel", chosen: input.channel, texts: t),
                            placeholder: t("form.pleaseChoose"))
                textAreaField(FieldSpec(id: "note", label: t("contact.note"), error: errors["note"]), value: input.note ?? "", rows: 4,
                              maxLength: 4000)
                textField(FieldSpec(id: "nextStep", label: t("contact.nextStep"), error: errors["nextStep"]), value: input.nextStep ?? "",
                          .maxlength(1000))
                div(.class("actions")) {
                    button(.type(.submit), .class("button primary")) { t("form.save") }
                    anchor(.href(Link(.person(.value(id)))), .class("button")) { t("form.cancel") }
                }
            }
        }
    }
}

/// Contacts on the person's timeline.
struct ContactTimeline: TimelineSource {
    func entries(_ request: TimelineRequest) async throws -> [TimelineEntry] {
        let t = request.texts
        return try await request.scope.query(Contact.self, on: request.database).filter(\.$person.$id == request.person.id!).all()
            .map { contact in
                var lines = [contact.note]
                if let next = contact.nextStep { lines.append(t("timeline.nextStep", ["step": next])) }
                return TimelineEntry(date: contact.occurredOn, sortKey: "12:00",
                                     title: t("timeline.contact", ["channel": t.label("contact.channel", contact.channel)]),
                                     lines: lines, link: nil)
            }
    }
}
