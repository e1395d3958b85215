import Fluent
import Vapor

/// Conducting the first-information conversation: attendance, topics, focus, interpreter, next steps
/// (Verbleib), signatures and consent. The same form records a signature that arrives later.
enum ConversationFeature {
    static func register(_ routes: any RoutesBuilder) {
        let officers = routes.requiring(.workOnCases)
        officers.get("termine", ":appointmentID", "gespraech", use: showForm)
        officers.post("termine", ":appointmentID", "gespraech", use: save)
    }

    struct Input: Content {
        var heldOn: String?
        var topics: [String]?
        var focusNotes: String?
        var interpreterPresent: String?
        var nextSteps: [String]?
        var nextStepNote: String?
        var attendance: [String: String]?
        var signatureOn: [String: String]?
        var consent: [String: String]?
    }

    struct ParticipantValues { let participant: AppointmentParticipant; let attendance: String; let signature: CalendarDate?; let consent: DocumentConsent? }

    struct Row: Encodable {
        let id: String; let name: String; let attendanceOptions: [SelectOption]; let signatureOn: String
        let consentOptions: [SelectOption]; let error: String?
    }
    struct Page: Encodable {
        let title: String
        let action: String
        let backHref: String
        let input: [String: String]
        let topicOptions: [SelectOption]
        let nextStepOptions: [SelectOption]
        let interpreterPresent: Bool
        let rows: [Row]
        let errors: FieldMessages
    }

    static func participants(_ appointment: Appointment, req: Request) async throws -> [AppointmentParticipant] {
        try await req.scope().query(AppointmentParticipant.self, on: req.db).filter(\.$appointment.$id == appointment.id!)
            .with(\.$person).all().sorted { $0.person.birthDate < $1.person.birthDate }
    }

    static func showForm(_ req: Request) async throws -> Response {
        let appointment = try await req.scoped(Appointment.self, try req.idParameter("appointmentID"), recordType: "appointment")
        guard appointment.status != "cancelled" else { throw Abort(.notFound) }
        let people = try await participants(appointment, req: req)
        let existing = try await req.scope().query(Conversation.self, on: req.db).filter(\.$appointment.$id == appointment.id!).first()
        var input = Input(heldOn: existing?.heldOn ?? appointment.date,
                          topics: existing.map { $0.topics.split(separator: ",").map(String.init) } ?? [],
                          focusNotes: existing?.focusNotes, interpreterPresent: (existing?.interpreterPresent ?? appointment.interpreterNeeded) ? "on" : nil,
                          nextSteps: existing.map { $0.nextSteps.split(separator: ",").map(String.init) } ?? [],
                          nextStepNote: existing?.nextStepNote)
        input.attendance = Dictionary(uniqueKeysWithValues: people.map { ($0.id!.uuidString, $0.attendance == "expected" ? "present" : $0.attendance) })
        input.signatureOn = Dictionary(uniqueKeysWithValues: people.map { ($0.id!.uuidString, $0.signatureOn ?? "") })
        input.consent = Dictionary(uniqueKeysWithValues: people.map { ($0.id!.uuidString, $0.consent?.rawValue ?? DocumentConsent.signaturePageOnly.rawValue) })
        try await req.audit(.personRead, recordType: "appointment", recordID: appointment.id, detail: "Gesprächserfassung: \(people.count) Personen")
        return try await render(req, appointment: appointment, people: people, input: input, errors: FieldMessages(), rowErrors: [:])
    }

    static func save(_ req: Request) async throws -> Response {
        let appointment = try await req.scoped(Appointment.self, try req.idParameter("appointmentID"), recordType: "appointment")
        guard appointment.status != "cancelled" else { throw Abort(.notFound) }
        let people = try await participants(appointment, req: req)
        let input = try req.content.decode(Input.self)
        let texts = req.texts
        let today = CalendarDate(req.now)
        var errors = FieldMessages()
        var rowErrors: [String: String] = [:]
        let heldOn = CalendarDate(parsing: FieldCheck.trimmed(input.heldOn))
        if heldOn == nil { errors.add("heldOn", texts.text("form.dateInvalid")) }
        else if heldOn! > today { errors.add("heldOn", texts.text("conversation.heldInFuture")) }
        var values: [ParticipantValues] = []
        for participant in people {
            let key = participant.id!.uuidString
            let attendance = input.attendance?[key] ?? ""
            guard ["present", "absent"].contains(attendance) else { rowErrors[key] = texts.text("conversation.attendanceRequired"); continue }
            let signatureText = FieldCheck.trimmed(input.signatureOn?[key])
            var signature: CalendarDate?
            if !signatureText.isEmpty {
                signature = CalendarDate(parsing: signatureText)
                if signature == nil { rowErrors[key] = texts.text("form.dateInvalid"); continue }
                if attendance == "absent" { rowErrors[key] = texts.text("conversation.signatureAbsent"); continue }
                if let heldOn, signature! < heldOn { rowErrors[key] = texts.text("conversation.signatureBeforeHeld"); continue }
                if signature! > today { rowErrors[key] = texts.text("conversation.signatureFuture"); continue }
            }
            let consent = DocumentConsent(rawValue: input.consent?[key] ?? DocumentConsent.signaturePageOnly.rawValue)
            if consent == nil { rowErrors[key] = texts.text("form.chooseOne"); continue }
            values.append(ParticipantValues(participant: participant, attendance: attendance, signature: signature, consent: consent))
        }
        let anyPresent = values.contains { $0.attendance == "present" }
        let topics = (input.topics ?? []).compactMap(ConversationTopic.init(rawValue:))
        if topics.count != (input.topics ?? []).count { errors.add("topics", texts.text("form.chooseOne")) }
        if anyPresent, topics.isEmpty { errors.add("topics", texts.text("conversation.topicsRequired")) }
        let steps = (input.nextSteps ?? []).compactMap(NextStep.init(rawValue:))
        if steps.count != (input.nextSteps ?? []).count || steps.isEmpty { errors.add("nextSteps", texts.text("conversation.nextStepRequired")) }
        if !anyPresent, !values.isEmpty, !steps.contains(.newAppointment), !steps.contains(.writtenInformation) {
            errors.add("nextSteps", texts.text("conversation.absentNeedsStep"))
        }
        let focus = FieldCheck.trimmed(input.focusNotes)
        if focus.count > 4000 { errors.add("focusNotes", texts.text("form.tooLong", ["max": "4000"])) }
        let note = FieldCheck.trimmed(input.nextStepNote)
        if note.count > 2000 { errors.add("nextStepNote", texts.text("form.tooLong", ["max": "2000"])) }
        guard errors.isEmpty, rowErrors.isEmpty, let heldOn else {
            if !rowErrors.isEmpty { errors.add("participants", texts.text("conversation.participantErrors")) }
            let response = try await render(req, appointment: appointment, people: people, input: input, errors: errors, rowErrors: rowErrors)
            response.status = .unprocessableEntity
            return response
        }
        let user = try req.requireUser()
        let participantValues = values
        try await req.db.transaction { tx in
            let conversation = try await req.scope().query(Conversation.self, on: tx).filter(\.$appointment.$id == appointment.id!).first() ?? Conversation()
            conversation.$appointment.id = appointment.id
            conversation.$municipality.id = appointment.$municipality.id
            conversation.kind = appointment.kind
            conversation.heldOn = heldOn.description
            conversation.topics = topics.map(\.rawValue).joined(separator: ",")
            conversation.focusNotes = focus.isEmpty ? nil : focus
            conversation.interpreterPresent = input.interpreterPresent != nil
            conversation.nextSteps = steps.map(\.rawValue).joined(separator: ",")
            conversation.nextStepNote = note.isEmpty ? nil : note
            conversation.$recordedBy.id = user.userID
            try await conversation.save(on: tx)
            appointment.status = anyPresent ? "held" : "missed"
            try await appointment.update(on: tx)
            for value in participantValues {
                value.participant.attendance = value.attendance
                value.participant.signatureOn = value.signature?.description
                value.participant.consent = value.consent
                try await value.participant.update(on: tx)
                try await req.audit(.personUpdated, recordType: "person", recordID: value.participant.$person.id,
                                    detail: "Erstinformationsgespräch: \(value.attendance)\(value.signature == nil ? "" : ", unterschrieben")", on: tx)
            }
        }
        return req.redirectAfterSave(to: Paths.appointment(try appointment.requireID()))
    }

    static func render(_ req: Request, appointment: Appointment, people: [AppointmentParticipant], input: Input,
                       errors: FieldMessages, rowErrors: [String: String]) async throws -> Response {
        let texts = req.texts
        let chosenTopics = Set(input.topics ?? [])
        let chosenSteps = Set(input.nextSteps ?? [])
        let page = Page(
            title: texts.text("conversation.title", ["date": CalendarDate(parsing: appointment.date)?.swissFormat ?? appointment.date]),
            action: Paths.appointmentConversation(appointment.id!), backHref: Paths.appointment(appointment.id!),
            input: ["heldOn": input.heldOn ?? "", "focusNotes": input.focusNotes ?? "", "nextStepNote": input.nextStepNote ?? ""],
            topicOptions: ConversationTopic.allCases.map { SelectOption(value: $0.rawValue, label: texts.text("topic.\($0.rawValue)"), selected: chosenTopics.contains($0.rawValue)) },
            nextStepOptions: NextStep.allCases.map { SelectOption(value: $0.rawValue, label: texts.text("nextStep.\($0.rawValue)"), selected: chosenSteps.contains($0.rawValue)) },
            interpreterPresent: input.interpreterPresent != nil,
            rows: people.map { participant in
                let key = participant.id!.uuidString
                return Row(id: key, name: "\(participant.person.givenName) \(participant.person.familyName)",
                           attendanceOptions: ["present", "absent"].map { SelectOption(value: $0, label: texts.text("attendance.\($0)"), selected: input.attendance?[key] == $0) },
                           signatureOn: input.signatureOn?[key] ?? "",
                           consentOptions: DocumentConsent.allCases.map { SelectOption(value: $0.rawValue, label: texts.text("consent.\($0.rawValue)"), selected: input.consent?[key] == $0.rawValue) },
                           error: rowErrors[key])
            },
            errors: errors)
        return try await req.renderPage("Informieren/conversation", title: page.title, body: page)
    }
}
