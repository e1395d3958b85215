import Domain
import Fluent
import Foundation
import Persistence
import Platform
import Vapor

/// Municipal events (e.g. the newcomers' event, Neuzuzüger-Anlass): date, place, the newcomers of a
/// move-in period as guests (their invitations are a letter batch), attendance, and the contacts made
/// there, which land on the persons' timelines.
enum EventRoutes {
    struct Input: Decodable, Sendable {
        var municipalityID: String?
        var title: String?
        var heldOn: String?
        var time: String?
        var place: String?
        var movedInFrom: String?
        var movedInUntil: String?
        var notes: String?
    }

    struct Values: Sendable {
        let municipalityID: UUID
        let title: String
        let heldOn: CalendarDate
        let time: String
        let place: String
        let movedInFrom: CalendarDate
        let movedInUntil: CalendarDate
        let notes: String?
    }

    static func validate(_ input: Input, scope: AccessScope, today: CalendarDate, texts t: Localizer) -> Validated<Values> {
        var errors = FieldMessages()
        let ids = scope.municipalityIDs
        let municipality = ids.count == 1 ? ids[0] : UUID(uuidString: FieldCheck.trimmed(input.municipalityID)).flatMap { ids.contains($0) ? $0 : nil }
        if municipality == nil { errors.add("municipalityID", t("form.chooseOne")) }
        let title = errors.text("title", input.title, max: 200, required: true, texts: t)
        let heldOn = errors.date("heldOn", input.heldOn, required: true,
                                 range: DateRange(earliest: DateRange.programmeStart, latest: today.addingMonths(24)), texts: t)
        let time = errors.time("time", input.time, texts: t)
        let place = errors.text("place", input.place, max: 200, required: true, texts: t)
        let from = errors.date("movedInFrom", input.movedInFrom, required: true, range: .happened(today: today), texts: t)
        let until = errors.date("movedInUntil", input.movedInUntil, required: true, range: .happened(today: today), texts: t)
        if let from, let until, until < from { errors.add("movedInUntil", t("events.periodReversed")) }
        let notes = errors.optionalText("notes", input.notes, max: 2000, multiline: true, texts: t)
        guard errors.isEmpty, let municipality, let heldOn, let from, let until else { return .invalid(errors) }
        return .valid(Values(municipalityID: municipality, title: title, heldOn: heldOn, time: time, place: place, movedInFrom: from,
                             movedInUntil: until, notes: notes))
    }

    static func list(_ req: Request) async throws -> Response {
        let events = try await req.scope().query(MunicipalEvent.self, on: req.db).sort(\.$heldOn, .descending).limit(100).fetch()
        let names = try await MunicipalityNames.names(try req.scope().municipalityIDs, on: req.db)
        return req.render(EventListView(events: events, names: names).page(req.viewContext))
    }

    static func newForm(_ req: Request) async throws -> Response {
        let today = req.today
        let input = Input(title: req.texts("events.defaultTitle"), heldOn: today.adding(days: 21).description, time: "18:30",
                          movedInFrom: today.addingMonths(-6).description, movedInUntil: today.description)
        return try await render(req, input: input, errors: FieldMessages())
    }

    static func render(_ req: Request, input: Input, errors: FieldMessages) async throws -> Response {
        let ids = try req.scope().municipalityIDs
        let names = try await MunicipalityNames.names(ids, on: req.db)
        var page = EventFormView(input: input, errors: errors, municipalities: ids.map { ($0, names[$0] ?? "") }).page(req.viewContext)
        if !errors.isEmpty { page.status = .unprocessableEntity }
        return req.render(page)
    }

    /// Creates the event and invites the newcomers of its period (persons who moved in then).
    static func create(_ req: Request) async throws -> Response {
        let input = try req.form(Input.self)
        let scope = try req.scope()
        switch validate(input, scope: scope, today: req.today, texts: req.texts) {
        case .invalid(let errors):
            return try await render(req, input: input, errors: errors)
        case .valid(let values):
            let event = MunicipalEvent()
            event.id = UUID()
            event.$municipality.id = values.municipalityID
            event.title = values.title
            event.heldOn = values.heldOn
            event.time = values.time
            event.place = values.place
            event.movedInFrom = values.movedInFrom
            event.movedInUntil = values.movedInUntil
            event.notes = values.notes
            let guests = try await scope.persons(on: req.db).filter(\.$municipality.$id == values.municipalityID)
                .filter(\.$moveInDate >= values.movedInFrom).filter(\.$moveInDate <= values.movedInUntil).limit(2000).values(of: \.$id)
            let eventID = event.id!
            return try await req.storeOnce { tx in
                try await event.create(on: tx)
                for person in guests {
                    let guest = EventGuest()
                    guest.$event.id = eventID
                    guest.$person.id = person
                    guest.$municipality.id = values.municipalityID
                    guest.attended = false
                    try await guest.create(on: tx)
                }
                try await req.audit(.eventChanged, .event(eventID), detail: "Anlass erfasst, \(guests.count) Eingeladene", in: tx)
                return Link.afterSave(.event(.value(eventID)))
            }
        }
    }

    struct Loaded: Sendable {
        let event: MunicipalEvent
        let guests: [(EventGuest, Person)]
        let contacts: [UUID: String]
    }

    static func load(_ req: Request) async throws -> Loaded {
        let id = try req.idParameter("eventID")
        let event = try await req.scoped(MunicipalEvent.self, id, record: .event(id))
        let scope = try req.scope()
        let guests = try await scope.records(EventGuest.self, on: req.db).filter(\.$event.$id, equals: id).fetch()
        let persons = Dictionary(uniqueKeysWithValues: try await scope.records(Person.self, on: req.db).filter(\.$id, in: guests.map(\.$person.id)).fetch()
            .map { ($0.id!, $0) })
        let contacts = try await scope.records(Contact.self, on: req.db).filter(\.$eventID, equals: id).fetch()
        return Loaded(event: event,
                      guests: guests.compactMap { g in persons[g.$person.id].map { (g, $0) } }
                        .sorted { ($0.1.familyName, $0.1.givenName) < ($1.1.familyName, $1.1.givenName) },
                      contacts: Dictionary(contacts.map { ($0.$person.id, $0.note) }, uniquingKeysWith: { first, _ in first }))
    }

    static func show(_ req: Request) async throws -> Response {
        let loaded = try await load(req)
        try await req.audit(.personRead, .event(loaded.event.id!), detail: "Anlass mit \(loaded.guests.count) Eingeladenen")
        return req.render(EventView(loaded: loaded, input: AttendanceInput(), errors: FieldMessages()).page(req.viewContext))
    }

    struct AttendanceInput: Decodable, Sendable {
        var attended: [String]?
        /// A contact made at the event, per person: lands on the person's timeline.
        var note: [String: String]?
    }

    static func saveAttendance(_ req: Request) async throws -> Response {
        let loaded = try await load(req)
        let input = try req.form(AttendanceInput.self)
        let t = req.texts
        var errors = FieldMessages()
        let attended = Set(input.attended ?? [])
        var notes: [UUID: String] = [:]
        for (guest, person) in loaded.guests {
            let key = person.id!.uuidString
            if let note = errors.optionalText("note-\(key)", input.note?[key], max: 2000, multiline: true, texts: t), loaded.contacts[person.id!] == nil {
                if !attended.contains(key) { errors.add("note-\(key)", t("events.noteNeedsAttendance")) }
                notes[person.id!] = note
            }
            _ = guest
        }
        if loaded.event.heldOn > req.today, !attended.isEmpty { errors.add("attended", t("events.notYetHeld")) }
        guard errors.isEmpty else {
            var page = EventView(loaded: loaded, input: input, errors: errors).page(req.viewContext)
            page.status = .unprocessableEntity
            return req.render(page)
        }
        let user = try req.requireUser().userID
        let event = loaded.event
        let contactNotes = notes
        try await req.db.writeTransaction { tx in
            for (guest, person) in loaded.guests {
                let came = attended.contains(person.id!.uuidString)
                if guest.attended != came {
                    guest.attended = came
                    try await guest.update(on: tx)
                }
                if let note = contactNotes[person.id!] {
                    let contact = Contact()
                    contact.$person.id = person.id!
                    contact.$municipality.id = person.$municipality.id
                    contact.$recordedBy.id = user
                    contact.occurredOn = event.heldOn
                    contact.channel = .event
                    contact.note = "\(event.title): \(note)"
                    contact.eventID = event.id
                    try await contact.create(on: tx)
                    try await req.audit(.personUpdated, .person(person.id!), detail: "Kontakt am Anlass erfasst", in: tx)
                }
            }
            try await req.audit(.eventAttendance, .event(event.id!), detail: "\(attended.count) Teilnehmende", in: tx)
        }
        return req.redirect(to: .event(.value(event.id!)))
    }
}

struct EventListView {
    let events: [MunicipalEvent]
    let names: [UUID: String]

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        return WebPage(title: t("events.title")) {
            h1 { t("events.title") }
            paragraph { t("events.intro") }
            ul(.class("action-bar no-print")) { li { anchor(.class("button primary"), .href(Link(.newEvent))) { t("events.new") } } }
            if events.isEmpty { paragraph(.class("empty")) { t("events.none") } }
            else {
                div(.class("table-wrap")) {
                    table {
                        caption(.class("visually-hidden")) { t("events.title") }
                        thead { tr { th(.scope("col")) { t("events.date") }; th(.scope("col")) { t("events.name") }; th(.scope("col")) { t("events.place") } } }
                        tbody {
                            for event in events {
                                tr {
                                    td { "\(event.heldOn.swissFormat), \(event.time)" }
                                    th(.scope("row")) { anchor(.href(Link(.event(.value(event.id!))))) { event.title } }
                                    td { [names[event.$municipality.id] ?? "", event.place].filter { !$0.isEmpty }.joined(separator: " · ") }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

struct EventFormView {
    let input: EventRoutes.Input
    let errors: FieldMessages
    let municipalities: [(UUID, String)]

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        return WebPage(title: t("events.new"), hasErrors: !errors.isEmpty) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.events))) { t("events.title") } }
            h1 { t("events.new") }
            errorSummary(t("form.hasErrors"), errors.order.map { ($0, errors[$0]!) })
            postForm(Link(.newEvent), csrf: c.csrf, .class("form")) {
                if municipalities.count > 1 {
                    selectField(FieldSpec(id: "municipalityID", label: t("events.municipality"), error: errors["municipalityID"]),
                                options: municipalities.map { SelectOption(value: $0.0.uuidString, label: $0.1, selected: $0.0.uuidString == input.municipalityID) },
                                placeholder: t("form.pleaseChoose"))
                }
                textField(FieldSpec(id: "title", label: t("events.name"), error: errors["title"], required: true), value: input.title ?? "", .maxlength(200))
                div(.class("grid-2")) {
                    textField(FieldSpec(id: "heldOn", label: t("events.date"), error: errors["heldOn"], required: true), value: input.heldOn ?? "", type: .date)
                    textField(FieldSpec(id: "time", label: t("events.time"), error: errors["time"], required: true),
                              value: input.time ?? "", .maxlength(5))
                }
                textField(FieldSpec(id: "place", label: t("events.place"), error: errors["place"], required: true), value: input.place ?? "", .maxlength(200))
                fieldset {
                    legend { t("events.period") }
                    paragraph(.class("hint")) { t("events.periodHint") }
                    div(.class("grid-2")) {
                        textField(FieldSpec(id: "movedInFrom", label: t("events.movedInFrom"), error: errors["movedInFrom"], required: true),
                                  value: input.movedInFrom ?? "", type: .date)
                        textField(FieldSpec(id: "movedInUntil", label: t("events.movedInUntil"), error: errors["movedInUntil"], required: true),
                                  value: input.movedInUntil ?? "", type: .date)
                    }
                }
                textAreaField(FieldSpec(id: "notes", label: t("events.notes"), error: errors["notes"], note: t("form.optional")),
                              value: input.notes ?? "", rows: 3, maxLength: 2000)
                div(.class("actions")) {
                    button(.type(.submit), .class("button primary")) { t("events.create") }
                    anchor(.class("button"), .href(Link(.events))) { t("form.cancel") }
                }
            }
        }
    }
}

struct EventView {
    let loaded: EventRoutes.Loaded
    let input: EventRoutes.AttendanceInput
    let errors: FieldMessages

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let event = loaded.event
        let attendedNow = input.attended.map(Set.init) ?? Set(loaded.guests.filter { $0.0.attended }.map { $0.1.id!.uuidString })
        return WebPage(title: t("events.one"), hasErrors: !errors.isEmpty) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.events))) { t("events.title") } }
            h1 { event.title }
            dl(.class("facts")) {
                dt { t("events.date") }; dd { "\(event.heldOn.swissFormat), \(event.time)" }
                dt { t("events.place") }; dd { event.place }
                dt { t("events.period") }; dd { "\(event.movedInFrom.swissFormat) – \(event.movedInUntil.swissFormat)" }
                if let notes = event.notes { dt { t("events.notes") }; dd(.class("multiline")) { notes } }
            }
            ul(.class("action-bar no-print")) {
                li {
                    anchor(.class("button"), .href(Link(.letterBatch, query: [("art", LetterKind.eventInvitation.rawValue), ("alle", "1"),
                                                                             ("anlass", event.id!.uuidString)]))) {
                        t("events.invitations")
                    }
                }
            }
            section(.ariaLabelledBy("guests-heading")) {
                h2(.id("guests-heading")) { t("events.guests", ["count": String(loaded.guests.count)]) }
                if loaded.guests.isEmpty { paragraph(.class("empty")) { t("events.noGuests") } }
                else {
                    errorSummary(t("form.hasErrors"), errors.order.map { ($0, errors[$0]!) })
                    postForm(Link(.eventAttendance(.value(event.id!))), csrf: c.csrf, .class("form wide")) {
                        if let error = errors["attended"] { paragraph(.class("field-error"), .id("attended")) { error } }
                        div(.class("table-wrap")) {
                            table {
                                caption { t("events.attendanceCaption") }
                                thead {
                                    tr { th(.scope("col")) { t("events.guest") }; th(.scope("col")) { t("events.attended") }; th(.scope("col")) { t("events.contact") } }
                                }
                                tbody {
                                    for (_, person) in loaded.guests {
                                        let key = person.id!.uuidString
                                        tr {
                                            th(.scope("row")) { anchor(.href(Link(.person(.value(person.id!))))) { person.name.full } }
                                            td {
                                                checkboxField(FieldSpec(id: "attended-\(key)", name: "attended[]",
                                                                        label: t("events.attendedOf", ["name": person.name.full])),
                                                              checked: attendedNow.contains(key), value: key)
                                            }
                                            td {
                                                if let note = loaded.contacts[person.id!] { note }
                                                else {
                                                    textField(FieldSpec(id: "note-\(key)", name: "note[\(key)]",
                                                                        label: t("events.contactOf", ["name": person.name.full]), error: errors["note-\(key)"]),
                                                              value: input.note?[key] ?? "", .maxlength(2000))
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                        div(.class("actions")) { button(.type(.submit), .class("button primary")) { t("events.saveAttendance") } }
                    }
                }
            }
        }
    }
}
