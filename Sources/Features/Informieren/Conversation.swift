import Domain
import Fluent
import Persistence
import Platform
import Vapor

/// Conducting the first-information conversation: attendance, topics, focus, interpreter, next steps
/// (Verbleib), signatures and consent. The same form records a signature that arrives later.
enum ConversationRoutes {
    struct Input: Decodable, Sendable {
        var heldOn: String?
        var topics: [String]?
        var focusNotes: String?
        var interpreterPresent: String?
        var nextSteps: [String]?
        var nextStepNote: String?
        var attendance: [String: String]?
        var signatureOn: [String: String]?
        var consent: [String: String]?
        /// Present with the checkboxes below: without it (older clients) the stored choice stays.
        var signatureRequiredShown: String?
        var signatureRequired: [String: String]?
        var nextStepDue: String?
        var nextStepOwner: String?
    }

    struct ParticipantValues: Sendable {
        let participant: AppointmentParticipant
        let attendance: Attendance
        let signature: CalendarDate?
        let consent: DocumentConsent
        let signatureRequired: Bool
    }

    struct Values: Sendable {
        let heldOn: CalendarDate
        let topics: [ConversationTopic]
        let focusNotes: String?
        let interpreterPresent: Bool
        let nextSteps: [NextStep]
        let nextStepNote: String?
        let nextStep: NextSteps.Values?
        let participants: [ParticipantValues]
        var anyPresent: Bool { participants.contains { $0.attendance == .present } }
    }

    static func participants(_ appointment: Appointment, scope: AccessScope, on db: any Database) async throws -> [AppointmentParticipant] {
        try await scope.query(AppointmentParticipant.self, on: db).filter(\.$appointment.$id == appointment.id!)
            .with(\.$person).all().sorted { $0.person.birthDate < $1.person.birthDate }
    }

    static func showForm(_ req: Request) async throws -> Response {
        let appointment = try await AppointmentRoutes.scopedAppointment(req)
        guard appointment.status != .cancelled else { throw AppError.notFound }
        let scope = try req.scope()
        let people = try await participants(appointment, scope: scope, on: req.db)
        let existing = try await scope.records(Conversation.self, on: req.db).filter(\.$appointment.$id, equals: appointment.id!).fetchFirst()
        var input = Input(heldOn: (existing?.heldOn ?? appointment.date).description,
                          topics: existing?.topics.map(\.rawValue) ?? [], focusNotes: existing?.focusNotes,
                          interpreterPresent: (existing?.interpreterPresent ?? appointment.interpreterNeeded) ? "on" : nil,
                          nextSteps: existing?.nextSteps.map(\.rawValue) ?? [], nextStepNote: existing?.nextStepNote)
        input.attendance = Dictionary(uniqueKeysWithValues: people.map {
            ($0.id!.uuidString, ($0.attendance == .expected ? .present : $0.attendance).rawValue)
        })
        input.signatureOn = Dictionary(uniqueKeysWithValues: people.map { ($0.id!.uuidString, $0.signatureOn?.description ?? "") })
        input.consent = Dictionary(uniqueKeysWithValues: people.map { ($0.id!.uuidString, ($0.consent ?? .signaturePageOnly).rawValue) })
        input.signatureRequiredShown = "1"
        input.signatureRequired = Dictionary(uniqueKeysWithValues: people.filter(\.signatureRequired).map { ($0.id!.uuidString, "on") })
        var task: NextStepTask?
        if let conversationID = existing?.id {
            task = try await scope.records(NextStepTask.self, on: req.db).filter(\.$conversationID, equals: conversationID).fetchFirst()
        }
        input.nextStepDue = task?.dueOn.description ?? NextSteps.proposedDue(req.today)
        input.nextStepOwner = (try task?.$owner.id ?? req.requireUser().userID).uuidString
        try await req.audit(.personRead, .appointment(appointment.id!), detail: "Gesprächserfassung: \(people.count) Personen")
        return try await render(req, appointment: appointment, people: people, input: input, errors: FieldMessages(), rowErrors: [:])
    }

    static func render(_ req: Request, appointment: Appointment, people: [AppointmentParticipant], input: Input, errors: FieldMessages,
                       rowErrors: [String: String]) async throws -> Response {
        let owners = try await NextSteps.owners(req)
        var page = ConversationView(appointment: appointment, people: people, input: input, errors: errors, rowErrors: rowErrors,
                                    owners: owners).page(req.viewContext)
        if !errors.isEmpty { page.status = .unprocessableEntity }
        return req.render(page)
    }

    static func validate(_ input: Input, people: [AppointmentParticipant], today: CalendarDate, owners: [UUID],
                         texts t: Localizer) -> (Values?, FieldMessages, [String: String]) {
        var errors = FieldMessages()
        var rowErrors: [String: String] = [:]
        let heldOn: CalendarDate?
        if let future = CalendarDate(parsing: FieldCheck.trimmed(input.heldOn)), future > today {
            errors.add("heldOn", t("conversation.heldInFuture"))
            heldOn = nil
        } else {
            heldOn = errors.date("heldOn", input.heldOn, required: true, range: .happened(today: today), texts: t)
        }
        var values: [ParticipantValues] = []
        for participant in people {
            let key = participant.id!.uuidString
            guard let attendance = Attendance(rawValue: input.attendance?[key] ?? ""), attendance != .expected else {
                rowErrors[key] = t("conversation.attendanceRequired")
                continue
            }
            let signatureText = FieldCheck.trimmed(input.signatureOn?[key])
            var signature: CalendarDate?
            if !signatureText.isEmpty {
                guard signatureText.count <= 10, let date = CalendarDate(parsing: signatureText) else {
                    rowErrors[key] = t("form.dateInvalid")
                    continue
                }
                let problem = attendance == .absent ? "conversation.signatureAbsent"
                    : (heldOn.map { date < $0 } ?? false) ? "conversation.signatureBeforeHeld"
                    : date > today ? "conversation.signatureFuture" : nil
                if let problem {
                    rowErrors[key] = t(problem)
                    continue
                }
                signature = date
            }
            guard let consent = DocumentConsent(rawValue: input.consent?[key] ?? DocumentConsent.signaturePageOnly.rawValue) else {
                rowErrors[key] = t("form.chooseOne")
                continue
            }
            let required = input.signatureRequiredShown == nil ? participant.signatureRequired : input.signatureRequired?[key] != nil
            values.append(ParticipantValues(participant: participant, attendance: attendance, signature: signature, consent: consent,
                                            signatureRequired: required))
        }
        let anyPresent = values.contains { $0.attendance == .present }
        let topics = (input.topics ?? []).compactMap(ConversationTopic.init(rawValue:))
        if topics.count != (input.topics ?? []).count { errors.add("topics", t("form.chooseOne")) }
        if anyPresent, topics.isEmpty { errors.add("topics", t("conversation.topicsRequired")) }
        let steps = (input.nextSteps ?? []).compactMap(NextStep.init(rawValue:))
        if steps.count != (input.nextSteps ?? []).count || steps.isEmpty { errors.add("nextSteps", t("conversation.nextStepRequired")) }
        if !anyPresent, !values.isEmpty, !steps.contains(.newAppointment), !steps.contains(.writtenInformation) {
            errors.add("nextSteps", t("conversation.absentNeedsStep"))
        }
        let focus = errors.text("focusNotes", input.focusNotes, max: 4000, multiline: true, texts: t)
        let note = errors.text("nextStepNote", input.nextStepNote, max: 2000, multiline: true, texts: t)
        let nextStep = NextSteps.validate(text: note, due: input.nextStepDue, owner: input.nextStepOwner, owners: owners,
                                          fields: ("nextStepNote", "nextStepDue", "nextStepOwner"), today: today, errors: &errors, texts: t)
        if !rowErrors.isEmpty { errors.add("participants", t("conversation.participantErrors")) }
        guard errors.isEmpty, let heldOn else { return (nil, errors, rowErrors) }
        return (Values(heldOn: heldOn, topics: topics, focusNotes: focus.isEmpty ? nil : focus,
                       interpreterPresent: input.interpreterPresent != nil, nextSteps: steps,
                       nextStepNote: note.isEmpty ? nil : note, nextStep: nextStep, participants: values), errors, rowErrors)
    }

    static func save(_ req: Request) async throws -> Response {
        let appointment = try await AppointmentRoutes.scopedAppointment(req)
        guard appointment.status != .cancelled else { throw AppError.notFound }
        let scope = try req.scope()
        let people = try await participants(appointment, scope: scope, on: req.db)
        var input = try req.form(Input.self)
        if input.nextStepOwner == nil { input.nextStepOwner = try req.requireUser().userID.uuidString }
        let owners = try await NextSteps.owners(req)
        let (checked, errors, rowErrors) = validate(input, people: people, today: req.today, owners: owners.map(\.id), texts: req.texts)
        guard let values = checked else {
            return try await render(req, appointment: appointment, people: people, input: input, errors: errors, rowErrors: rowErrors)
        }
        let user = try req.requireUser()
        return try await req.storeOnce { tx in
            let conversation = try await scope.records(Conversation.self, on: tx).filter(\.$appointment.$id, equals: appointment.id!).fetchFirst()
                ?? Conversation()
            conversation.$appointment.id = appointment.id
            conversation.$municipality.id = appointment.$municipality.id
            conversation.kind = appointment.kind
            conversation.heldOn = values.heldOn
            conversation.topics = values.topics
            conversation.focusNotes = values.focusNotes
            conversation.interpreterPresent = values.interpreterPresent
            conversation.nextSteps = values.nextSteps
            conversation.nextStepNote = values.nextStepNote
            conversation.$recordedBy.id = user.userID
            try await conversation.save(on: tx)
            appointment.status = values.anyPresent ? .held : .missed
            appointment.heldOn = values.heldOn
            try await appointment.update(on: tx)
            let present = values.participants.filter { $0.attendance == .present }.map(\.participant.person)
            let concerned = Addressees.choose(present.isEmpty ? people.map(\.person) : present, birthDate: \.birthDate, today: req.today).first
            if let concerned {
                try await NextSteps.save(values.nextStep, for: concerned, conversationID: conversation.id, contactID: nil, req: req, on: tx)
            }
            for value in values.participants {
                value.participant.attendance = value.attendance
                value.participant.signatureOn = value.signature
                value.participant.consent = value.consent
                value.participant.signatureRequired = value.signatureRequired
                try await value.participant.update(on: tx)
                try await req.audit(.personUpdated, .person(value.participant.$person.id),
                                    detail: "Erstinformationsgespräch: \(value.attendance.rawValue)\(value.signature == nil ? "" : ", unterschrieben")",
                                    in: tx)
            }
            try await PersonRecords.refreshStages(of: values.participants.map { $0.participant.$person.id }, scope: scope, on: tx)
            return Link.afterSave(.appointment(.value(appointment.id!)))
        }
    }
}

struct ConversationView {
    let appointment: Appointment
    let people: [AppointmentParticipant]
    let input: ConversationRoutes.Input
    let errors: FieldMessages
    let rowErrors: [String: String]
    let owners: [NextSteps.Owner]

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let id = appointment.id!
        let title = t("conversation.title", ["date": appointment.date.swissFormat])
        let chosenTopics = Set(input.topics ?? [])
        let chosenSteps = Set(input.nextSteps ?? [])
        return WebPage(title: title, hasErrors: !errors.isEmpty) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.appointment(.value(id))))) { t("common.back") } }
            h1 { title }
            errorSummary(t("form.hasErrors"), errors.order.map { ($0, errors[$0]!) })
            postForm(Link(.appointmentConversation(.value(id))), csrf: c.csrf, .class("form wide")) {
                textField(FieldSpec(id: "heldOn", label: t("conversation.heldOn"), error: errors["heldOn"]), value: input.heldOn ?? "",
                          type: .date)
                participantTable(t)
                choiceGroup(id: "topic", name: "topics[]", legend: t("conversation.topics"),
                            options: ConversationTopic.allCases.map {
                                SelectOption(value: $0.rawValue, label: t.label("topic", $0), selected: chosenTopics.contains($0.rawValue))
                            },
                            multiple: true, error: errors["topics"])
                textAreaField(FieldSpec(id: "focusNotes", label: t("conversation.focusNotes"), error: errors["focusNotes"]),
                              value: input.focusNotes ?? "", rows: 4, maxLength: 4000)
                checkboxField(FieldSpec(id: "interpreterPresent", label: t("conversation.interpreterPresent")),
                              checked: input.interpreterPresent != nil)
                choiceGroup(id: "step", name: "nextSteps[]", legend: t("conversation.nextSteps"),
                            options: NextStep.allCases.map {
                                SelectOption(value: $0.rawValue, label: t.label("nextStep", $0), selected: chosenSteps.contains($0.rawValue))
                            },
                            multiple: true, error: errors["nextSteps"])
                NextSteps.fields(text: input.nextStepNote ?? "", due: input.nextStepDue ?? "", owner: input.nextStepOwner, owners: owners,
                                 ids: ("nextStepNote", "nextStepDue", "nextStepOwner"), labelKey: "conversation.nextStepNote",
                                 errors: errors, t: t)
                div(.class("actions")) {
                    button(.type(.submit), .class("button primary")) { t("form.save") }
                    anchor(.href(Link(.appointment(.value(id)))), .class("button")) { t("form.cancel") }
                }
            }
        }
    }

    func participantTable(_ t: Localizer) -> Node {
        let error = errors["participants"]
        return fieldset(.class(error == nil ? "field" : "field has-error"), .id("participants")) {
            legend { t("conversation.participants") }
            if let error { paragraph(.class("field-error"), .id("participants-error")) { error } }
            hiddenField("signatureRequiredShown", "1")
            div(.class("table-wrap")) {
                table(.class("stack-table")) {
                    caption(.class("visually-hidden")) { t("conversation.participants") }
                    thead {
                        tr {
                            th(.scope("col")) { t("persons.field.name") }
                            th(.scope("col")) { t("conversation.attendance") }
                            th(.scope("col")) { t("conversation.signatureRequired") }
                            th(.scope("col")) { t("conversation.signatureOn") }
                            th(.scope("col")) { t("conversation.consent") }
                        }
                    }
                    tbody {
                        for participant in people { row(participant, t) }
                    }
                }
            }
        }
    }

    func row(_ participant: AppointmentParticipant, _ t: Localizer) -> Node {
        let key = participant.id!.uuidString
        let name = participant.person.name.full
        let rowError = rowErrors[key]
        return tr(rowError == nil ? nil : .class("has-error")) {
            th(.scope("row")) {
                name
                if let rowError { paragraph(.class("field-error"), .id("row-\(key)-error")) { rowError } }
            }
            td {
                label(.class("visually-hidden"), .for("att-\(key)")) { "\(t("conversation.attendance")) \(name)" }
                select(.id("att-\(key)"), .name("attendance[\(key)]")) {
                    optionList([Attendance.present, .absent].map {
                        SelectOption(value: $0.rawValue, label: t.label("attendance", $0), selected: input.attendance?[key] == $0.rawValue)
                    })
                }
            }
            td {
                label(.class("visually-hidden"), .for("req-\(key)")) { "\(t("conversation.signatureRequired")) \(name)" }
                inputTag(.id("req-\(key)"), .name("signatureRequired[\(key)]"), .type(.checkbox), .when(input.signatureRequired?[key] != nil, .checked))
            }
            td {
                label(.class("visually-hidden"), .for("sig-\(key)")) { "\(t("conversation.signatureOn")) \(name)" }
                inputTag(.id("sig-\(key)"), .name("signatureOn[\(key)]"), .type(.date), .value(input.signatureOn?[key] ?? ""),
                      rowError == nil ? nil : .ariaInvalid, rowError == nil ? nil : .ariaDescribedBy("row-\(key)-error"))
            }
            td {
                label(.class("visually-hidden"), .for("con-\(key)")) { "\(t("conversation.consent")) \(name)" }
                select(.id("con-\(key)"), .name("consent[\(key)]")) {
                    optionList(DocumentConsent.allCases.map {
                        SelectOption(value: $0.rawValue, label: t.label("consent", $0), selected: input.consent?[key] == $0.rawValue)
                    })
                }
            }
        }
    }
}
