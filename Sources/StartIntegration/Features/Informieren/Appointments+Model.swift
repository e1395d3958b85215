import Fluent
import Vapor

/// The planning form: the candidates to invite (the chosen ones and everyone still to plan) and the options.
enum AppointmentForm {
    struct Candidate: Encodable { let value: String; let label: String; let detail: String; let checked: Bool }

    struct Page: Encodable {
        let isNew: Bool
        let action: String
        let backHref: String
        let input: [String: String]
        let formatOptions: [SelectOption]
        let candidates: [Candidate]
        let groupConfirmed: Bool
        let interpreterNeeded: Bool
        let languageOptions: [SelectOption]
        let channelOptions: [SelectOption]
        let statusOptions: [SelectOption]
        let checklist: [String: Bool]
        let errors: FieldMessages
    }

    static func render(_ req: Request, appointment: Appointment?, input: AppointmentsFeature.Input, errors: FieldMessages) async throws -> Response {
        let texts = req.texts
        let scope = try req.scope()
        let chosen = Set(input.participants ?? [])
        let chosenIDs = chosen.compactMap(UUID.init(uuidString:))
        let toPlan = try await WorkLists.toPlanIDs(scope: scope, on: req.db)
        let candidateIDs = Array(Set(chosenIDs).union(toPlan.prefix(100)))
        let persons = candidateIDs.isEmpty ? [] : try await scope.persons(on: req.db).filter(\.$id ~~ candidateIDs)
            .with(\.$household).sort(\.$familyName).sort(\.$givenName).all()
        let languages = req.application.languages
        let today = CalendarDate(req.now)
        func options(_ values: [String], _ prefix: String, _ selected: String?) -> [SelectOption] {
            values.map { SelectOption(value: $0, label: texts.text("\(prefix).\($0)"), selected: $0 == selected) }
        }
        let page = Page(
            isNew: appointment == nil,
            action: appointment.map { Paths.appointmentEdit($0.id!) } ?? Paths.newAppointment,
            backHref: appointment.map { Paths.appointment($0.id!) } ?? Paths.workList("zu-planen"),
            input: ["date": input.date ?? "", "time": input.time ?? "", "place": input.place ?? "", "interpreterName": input.interpreterName ?? ""],
            formatOptions: options(ConversationFormat.allCases.map(\.rawValue), "format", input.format),
            candidates: persons.map { person in
                let age = CalendarDate(parsing: person.birthDate).map { texts.text("persons.age", ["years": String($0.years(until: today))]) } ?? ""
                return Candidate(value: person.id!.uuidString, label: "\(person.familyName), \(person.givenName)",
                                 detail: [age, person.motherTongue.map(languages.name) ?? "", person.household.street].filter { !$0.isEmpty }.joined(separator: " · "),
                                 checked: chosen.contains(person.id!.uuidString))
            },
            groupConfirmed: input.groupConfirmed != nil,
            interpreterNeeded: input.interpreterNeeded != nil,
            languageOptions: languages.all.map { SelectOption(value: $0.code, label: $0.nameGerman, selected: $0.code == input.interpreterLanguage) },
            channelOptions: options(AppointmentsFeature.interpreterChannels, "interpreter.channel", input.interpreterChannel),
            statusOptions: options(AppointmentsFeature.interpreterStatuses, "interpreter.status", input.interpreterStatus ?? "requested"),
            checklist: ["folder": input.checklistFolder != nil, "invitation": input.checklistInvitation != nil,
                        "interpreter": input.checklistInterpreter != nil],
            errors: errors)
        if !persons.isEmpty {
            try await req.audit(.personListed, recordType: "person", detail: "Terminplanung: \(persons.count) Personen zur Auswahl")
        }
        let title = texts.text(appointment == nil ? "appointment.newTitle" : "appointment.editTitle")
        let response = try await req.renderPage("Informieren/appointment-form", title: title, body: page)
        if !errors.isEmpty { response.status = .unprocessableEntity }
        return response
    }
}

/// One appointment: when, where, who, interpreter, checklist, and the record once held.
struct AppointmentView: Encodable {
    struct Participant: Encodable { let href: String; let name: String; let attendance: String; let signature: String }
    struct Check: Encodable { let label: String; let done: Bool }
    let title: String
    let when: String
    let place: String
    let format: String
    let status: String
    let isPlanned: Bool
    let isCancelled: Bool
    let participants: [Participant]
    let interpreter: String?
    let checklist: [Check]
    let editHref: String
    let conversationHref: String
    let cancelHref: String
    let conversation: [String]

    static func build(_ appointment: Appointment, req: Request) async throws -> AppointmentView {
        let texts = req.texts
        let scope = try req.scope()
        let participants = try await scope.query(AppointmentParticipant.self, on: req.db).filter(\.$appointment.$id == appointment.id!)
            .with(\.$person).all().sorted { $0.person.birthDate < $1.person.birthDate }
        let languages = req.application.languages
        var interpreter: String?
        if appointment.interpreterNeeded {
            interpreter = [languages.name(appointment.interpreterLanguage ?? ""),
                           texts.text("interpreter.channel.\(appointment.interpreterChannel ?? "")"),
                           texts.text("interpreter.status.\(appointment.interpreterStatus ?? "")"),
                           appointment.interpreterName ?? ""].filter { !$0.isEmpty }.joined(separator: " · ")
        }
        var checklist = [Check(label: texts.text("appointment.checklist.folder"), done: appointment.checklistFolder),
                         Check(label: texts.text("appointment.checklist.invitation"), done: appointment.checklistInvitation)]
        if appointment.interpreterNeeded {
            checklist.append(Check(label: texts.text("appointment.checklist.interpreter"), done: appointment.checklistInterpreter))
        }
        let conversation = try await scope.query(Conversation.self, on: req.db).filter(\.$appointment.$id == appointment.id!).first()
        let date = CalendarDate(parsing: appointment.date)?.swissFormat ?? appointment.date
        return AppointmentView(
            title: texts.text("appointment.title", ["date": date]),
            when: "\(date), \(appointment.time)", place: appointment.place,
            format: texts.text("format.\(appointment.format.rawValue)"),
            status: texts.text("appointment.status.\(appointment.status)"),
            isPlanned: appointment.status == "planned",
            isCancelled: appointment.status == "cancelled",
            participants: participants.map { participant in
                Participant(href: Paths.person(participant.$person.id), name: "\(participant.person.givenName) \(participant.person.familyName)",
                            attendance: texts.text("attendance.\(participant.attendance)"),
                            signature: participant.signatureOn.flatMap(CalendarDate.init(parsing:)).map { texts.text("conversation.signedOn", ["date": $0.swissFormat]) } ?? "")
            },
            interpreter: interpreter, checklist: checklist,
            editHref: Paths.appointmentEdit(appointment.id!), conversationHref: Paths.appointmentConversation(appointment.id!),
            cancelHref: Paths.appointmentCancel(appointment.id!),
            conversation: conversation.map { ConversationSummary.lines($0, texts: texts) } ?? [])
    }
}

/// How a recorded conversation reads on the appointment and on the timeline.
enum ConversationSummary {
    static func lines(_ conversation: Conversation, texts: Localizer) -> [String] {
        var lines: [String] = []
        let topics = conversation.topics.split(separator: ",").map { texts.text("topic.\($0)") }
        if !topics.isEmpty { lines.append(texts.text("conversation.topicsLine", ["topics": topics.joined(separator: ", ")])) }
        if let focus = conversation.focusNotes { lines.append(texts.text("conversation.focusLine", ["focus": focus])) }
        if conversation.interpreterPresent { lines.append(texts.text("conversation.withInterpreter")) }
        let steps = conversation.nextSteps.split(separator: ",").map { texts.text("nextStep.\($0)") }
        if !steps.isEmpty { lines.append(texts.text("conversation.nextStepsLine", ["steps": steps.joined(separator: ", ")])) }
        if let note = conversation.nextStepNote { lines.append(note) }
        return lines
    }
}
