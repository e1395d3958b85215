import Fluent
import Vapor

/// One entry on a person's timeline.
struct TimelineEntry: Encodable {
    let date: String
    let title: String
    let lines: [String]
    let href: String?
    /// ISO date and time, for ordering only.
    let sortKey: String
}

/// Everything recorded about a person, newest first: registration, triage and welcome folder,
/// appointments and conversations with their signatures, contacts.
enum PersonTimeline {
    static func build(for person: Person, req: Request) async throws -> [TimelineEntry] {
        let texts = req.texts
        let scope = try req.scope()
        let personID = try person.requireID()
        let languages = req.application.languages
        var entries: [TimelineEntry] = []
        func display(_ iso: String) -> String { CalendarDate(parsing: iso)?.swissFormat ?? iso }

        if let created = person.createdAt {
            let day = CalendarDate(created).description
            entries.append(TimelineEntry(date: display(day), title: texts.text("timeline.registered.\(person.source)", fallback: "timeline.registered.manual"),
                                         lines: [], href: nil, sortKey: day + " 00:00"))
        }
        if let triage = try await scope.query(TriageDecision.self, on: req.db).filter(\.$person.$id == personID).first() {
            let day = CalendarDate(triage.updatedAt ?? triage.createdAt ?? req.now).description
            entries.append(TimelineEntry(date: display(day), title: texts.text("timeline.triage.\(triage.triage.rawValue)"),
                                         lines: [triage.reason, texts.text("timeline.guide", ["guide": texts.text("guide.\(triage.guide.rawValue)")])],
                                         href: Paths.personTriage(personID), sortKey: day + " 00:01"))
            if let folderDate = triage.folderDate {
                entries.append(TimelineEntry(date: display(folderDate), title: texts.text("timeline.folder.\(triage.folderStatus)"),
                                             lines: [texts.text("folderLanguage.\(triage.folderLanguage ?? "other")")], href: nil,
                                             sortKey: folderDate + " 00:02"))
            }
        }
        let participations = try await scope.query(AppointmentParticipant.self, on: req.db).filter(\.$person.$id == personID)
            .with(\.$appointment).all()
        let appointmentIDs = participations.map(\.$appointment.id)
        let conversations = appointmentIDs.isEmpty ? [] : try await scope.query(Conversation.self, on: req.db)
            .filter(\.$appointment.$id ~~ appointmentIDs).all()
        for participation in participations {
            let appointment = participation.appointment
            let conversation = conversations.first { $0.$appointment.id == appointment.id }
            var lines = ["\(appointment.time), \(appointment.place) · \(texts.text("format.\(appointment.format.rawValue)"))"]
            if appointment.interpreterNeeded, let language = appointment.interpreterLanguage {
                lines.append(texts.text("timeline.interpreter", ["language": languages.name(language)]))
            }
            let titleKey: String
            switch (appointment.status, participation.attendance) {
            case ("cancelled", _): titleKey = "timeline.appointment.cancelled"
            case (_, "present"): titleKey = "timeline.appointment.held"
            case (_, "absent"): titleKey = "timeline.appointment.absent"
            default: titleKey = "timeline.appointment.planned"
            }
            if let conversation, participation.attendance == "present" {
                lines += ConversationSummary.lines(conversation, texts: texts)
                if let signed = participation.signatureOn {
                    lines.append(texts.text("conversation.signedOn", ["date": display(signed)]) + " · " + texts.text("consent.\(participation.consent?.rawValue ?? "signature_page_only")"))
                } else {
                    lines.append(texts.text("worklist.signatureMissing"))
                }
            }
            let day = conversation?.heldOn ?? appointment.date
            entries.append(TimelineEntry(date: display(day), title: texts.text(titleKey), lines: lines,
                                         href: Paths.appointment(appointment.id!), sortKey: day + " " + appointment.time))
        }
        for contact in try await scope.query(Contact.self, on: req.db).filter(\.$person.$id == personID).all() {
            var lines = [contact.note]
            if let next = contact.nextStep { lines.append(texts.text("timeline.nextStep", ["step": next])) }
            entries.append(TimelineEntry(date: display(contact.occurredOn), title: texts.text("timeline.contact", ["channel": texts.text("contact.channel.\(contact.channel.rawValue)")]),
                                         lines: lines, href: nil, sortKey: contact.occurredOn + " 12:00"))
        }
        for letter in try await scope.query(GeneratedLetter.self, on: req.db).filter(\.$person.$id == personID).all() {
            let day = CalendarDate(letter.generatedAt ?? req.now).description
            entries.append(TimelineEntry(date: display(day),
                                         title: texts.text("timeline.letter", ["kind": texts.text("letters.kind.\(letter.kind.rawValue)"),
                                                                               "language": letter.language.rawValue]),
                                         lines: [letter.format.uppercased()], href: nil, sortKey: day + " 23:59"))
        }
        return entries.sorted { $0.sortKey > $1.sortKey }
    }
}
