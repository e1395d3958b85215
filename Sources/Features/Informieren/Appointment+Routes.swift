import Domain
import Fluent
import Persistence
import Platform
import Vapor

/// Planning first-information conversations: date, place, single or group, interpreter, checklist.
enum AppointmentRoutes {
    static func newForm(_ req: Request) async throws -> Response {
        var input = AppointmentInput()
        input.format = ConversationFormat.single.rawValue
        let scope = try req.scope()
        if let household = (try? req.query.get(String.self, at: "haushalt")).flatMap(UUID.init(uuidString:)) {
            let members = try await scope.records(Person.self, on: req.db).filter(\.$household.$id, equals: household).fetch()
            input.participants = members.map { $0.id!.uuidString }
            // One language in the household other than German: an interpreter in it, ordered through HEKS by default.
            let tongues = Set(members.compactMap(\.motherTongue))
            if let tongue = tongues.first, tongues.count == 1, tongue != "deu", tongue != "gsw" {
                input.interpreterNeeded = "on"
                input.interpreterLanguage = tongue
                input.interpreterChannel = InterpreterChannel.heksLinguadukt.rawValue
            }
        }
        // Conversations usually take place in the same room: the last appointment's place is the likely one.
        if let last = try await scope.records(Appointment.self, on: req.db).sort(\.$createdAt, .descending).fetchFirst() {
            input.place = last.place
        }
        return try await renderForm(req, appointment: nil, input: input, errors: FieldMessages())
    }

    static func create(_ req: Request) async throws -> Response {
        let input = try req.form(AppointmentInput.self)
        let scope = try req.scope()
        let chosen = try await AppointmentForm.participants(input, scope: scope, on: req.db)
        try await auditOutsideScope(chosen, req: req)
        var informed = try await AppointmentForm.alreadyInformed(chosen.persons, scope: scope, on: req.db)
        if input.confirmSecond != nil { informed = [] }
        switch AppointmentForm.validate(input, participants: chosen.persons, existing: nil, reference: req.reference,
                                        today: req.today, texts: req.texts, alreadyInformed: informed) {
        case .invalid(let errors):
            return try await renderForm(req, appointment: nil, input: input, errors: errors, askSecond: !informed.isEmpty)
        case .valid(let values):
            let appointment = Appointment()
            appointment.$municipality.id = values.participants[0].$municipality.id
            appointment.kind = .firstInformation
            appointment.status = .planned
            appointment.$createdBy.id = try req.requireUser().userID
            values.apply(to: appointment)
            return try await req.storeOnce { tx in
                try await appointment.create(on: tx)
                try await syncParticipants(appointment, values.participants, scope: scope, on: tx, req: req)
                return Link.afterSave(.appointment(.value(try appointment.requireID())))
            }
        }
    }

    static func show(_ req: Request) async throws -> Response {
        let appointment = try await scopedAppointment(req)
        let model = try await AppointmentModel.query(appointment, scope: try req.scope(), database: req.db, texts: req.texts,
                                                     reference: req.reference, today: req.today)
        try await req.audit(.personRead, .appointment(appointment.id!), detail: "\(model.participants.count) Personen")
        return req.render(AppointmentView(model: model).page(req.viewContext))
    }

    static func editForm(_ req: Request) async throws -> Response {
        let appointment = try await scopedAppointment(req)
        // Attendance, signatures and consent of a held appointment are changed in its conversation record only.
        guard appointment.status == .planned else { return req.redirect(to: .appointment(.value(appointment.id!)), flash: "notEditable") }
        let participants = try await req.scope().query(AppointmentParticipant.self, on: req.db)
            .filter(\.$appointment.$id == appointment.id!).all()
        return try await renderForm(req, appointment: appointment, input: AppointmentInput(appointment, participants: participants.map { $0.$person.id }),
                                    errors: FieldMessages())
    }

    static func update(_ req: Request) async throws -> Response {
        let appointment = try await scopedAppointment(req)
        guard appointment.status == .planned else { return req.redirect(to: .appointment(.value(appointment.id!)), flash: "notEditable") }
        let input = try req.form(AppointmentInput.self)
        let scope = try req.scope()
        let chosen = try await AppointmentForm.participants(input, scope: scope, on: req.db)
        try await auditOutsideScope(chosen, req: req)
        switch AppointmentForm.validate(input, participants: chosen.persons, existing: appointment, reference: req.reference,
                                        today: req.today, texts: req.texts) {
        case .invalid(let errors):
            return try await renderForm(req, appointment: appointment, input: input, errors: errors)
        case .valid(let values):
            values.apply(to: appointment)
            try await req.db.writeTransaction { tx in
                try await appointment.update(on: tx)
                try await syncParticipants(appointment, values.participants, scope: scope, on: tx, req: req)
                try await req.audit(.personUpdated, .appointment(appointment.id!), detail: "Termin geändert", in: tx)
            }
            return req.redirect(to: .appointment(.value(try appointment.requireID())))
        }
    }

    struct CancelInput: Decodable, Sendable {
        var reason: String?
    }

    /// Asks for the reason: a cancellation changes the work lists of everyone invited.
    static func cancelForm(_ req: Request) async throws -> Response {
        let appointment = try await scopedAppointment(req)
        guard appointment.status == .planned else { return req.redirect(to: .appointment(.value(appointment.id!)), flash: "notPlanned") }
        let model = try await AppointmentModel.query(appointment, scope: try req.scope(), database: req.db, texts: req.texts,
                                                     reference: req.reference, today: req.today)
        try await req.audit(.personRead, .appointment(appointment.id!), detail: "Termin absagen: \(model.participants.count) Personen")
        return req.render(AppointmentCancelView(model: model, reason: "", error: nil).page(req.viewContext))
    }

    static func cancel(_ req: Request) async throws -> Response {
        let appointment = try await scopedAppointment(req)
        guard appointment.status == .planned else { return req.redirect(to: .appointment(.value(appointment.id!)), flash: "notPlanned") }
        let input = try req.form(CancelInput.self)
        var errors = FieldMessages()
        let reason = errors.text("reason", input.reason, max: 500, required: true, texts: req.texts)
        guard errors.isEmpty else {
            let model = try await AppointmentModel.query(appointment, scope: try req.scope(), database: req.db, texts: req.texts,
                                                         reference: req.reference, today: req.today)
            var page = AppointmentCancelView(model: model, reason: input.reason ?? "",
                                             error: errors["reason"].map { _ in req.texts("appointment.cancelReasonRequired") })
                .page(req.viewContext)
            page.status = .unprocessableEntity
            return req.render(page)
        }
        appointment.status = .cancelled
        appointment.cancelReason = reason
        let scope = try req.scope()
        try await req.db.writeTransaction { tx in
            try await appointment.update(on: tx)
            let persons = try await scope.records(AppointmentParticipant.self, on: tx).filter(\.$appointment.$id, equals: appointment.id!).fetch()
            try await PersonRecords.refreshStages(of: persons.map { $0.$person.id }, scope: scope, on: tx)
            try await req.audit(.personUpdated, .appointment(appointment.id!), detail: "Termin abgesagt", in: tx)
        }
        return req.redirect(to: .appointment(.value(try appointment.requireID())), flash: "cancelled")
    }

    struct SignatureInput: Decodable, Sendable {
        var participant: String?
    }

    /// «Heute unterschrieben»: one click records one person's signature of a held conversation.
    static func signToday(_ req: Request) async throws -> Response {
        let appointment = try await scopedAppointment(req)
        let input = try req.form(SignatureInput.self)
        guard appointment.status == .held, let participantID = input.participant.flatMap(UUID.init(uuidString:)),
              let participant = try await req.scope().query(AppointmentParticipant.self, on: req.db)
                .filter(\.$id == participantID).filter(\.$appointment.$id == appointment.id!).first(),
              participant.attendance == .present else { throw AppError.badRequest }
        let id = appointment.id!
        guard participant.signatureOn == nil else { return req.redirect(to: .appointment(.value(id)), flash: "signed") }
        participant.signatureOn = req.today
        return try await req.storeOnce { tx in
            try await participant.update(on: tx)
            try await req.audit(.personUpdated, .person(participant.$person.id), detail: "Unterschrift Erstinformationsgespräch", in: tx)
            return Link.afterSave(.appointment(.value(id)), flash: "signed")
        }
    }

    static func scopedAppointment(_ req: Request) async throws -> Appointment {
        let id = try req.idParameter("appointmentID")
        return try await req.scoped(Appointment.self, id, record: .appointment(id))
    }

    static func auditOutsideScope(_ chosen: AppointmentForm.Participants, req: Request) async throws {
        if chosen.outsideScope > 0 {
            try await req.audit(.recordNotFound, .page, detail: "Termin: \(chosen.outsideScope) Personen ausserhalb der Berechtigung")
        }
    }

    /// Makes the appointment's participants the chosen persons; every added or removed person is audited.
    static func syncParticipants(_ appointment: Appointment, _ persons: [Person], scope: AccessScope, on db: any Database,
                                 req: Request) async throws {
        let appointmentID = try appointment.requireID()
        let existing = try await scope.records(AppointmentParticipant.self, on: db).filter(\.$appointment.$id, equals: appointmentID).fetch()
        let wanted = Set(persons.compactMap(\.id))
        for participant in existing where !wanted.contains(participant.$person.id) {
            try await participant.delete(on: db)
            try await req.audit(.personUpdated, .person(participant.$person.id), detail: "aus Termin entfernt", in: db)
        }
        let present = Set(existing.map(\.$person.id))
        for person in persons where !present.contains(person.id!) {
            let participant = AppointmentParticipant()
            participant.$appointment.id = appointmentID
            participant.$person.id = person.id!
            participant.$municipality.id = person.$municipality.id
            participant.attendance = .expected
            // Minors need not sign the conversation record; the officer can change it there.
            participant.signatureRequired = !Addressees.isMinor(person.birthDate, today: req.today)
            try await participant.create(on: db)
            try await req.audit(.personUpdated, .person(person.id!), detail: "zu Termin eingeladen", in: db)
        }
        try await PersonRecords.refreshStages(of: Array(wanted.union(existing.map(\.$person.id))), scope: scope, on: db)
    }

    static func renderForm(_ req: Request, appointment: Appointment?, input: AppointmentInput, errors: FieldMessages,
                           askSecond: Bool = false) async throws -> Response {
        let scope = try req.scope()
        let chosen = Set((input.participants ?? []).compactMap(UUID.init(uuidString:)))
        // The chosen persons and everyone still waiting to be planned (a bounded index range).
        let waiting = try await scope.persons(on: req.db).filter(\.$stage == .toPlan).limit(100).fetch().compactMap(\.id)
        let candidateIDs = Array(chosen.union(waiting))
        let persons = candidateIDs.isEmpty ? [] : try await scope.persons(on: req.db).filter(\.$id ~~ candidateIDs)
            .with(\.$household).sort(\.$familyName).sort(\.$givenName).all()
        if !persons.isEmpty {
            try await req.audit(.personListed, .persons(persons.map { $0.id! }), detail: "Terminplanung: Personen zur Auswahl")
        }
        let today = req.today
        let languages = req.reference.languages
        let view = AppointmentFormView(
            appointment: appointment, input: input, errors: errors,
            candidates: persons.map { person in
                AppointmentFormView.Candidate(
                    id: person.id!, label: person.name.sortable,
                    detail: [Format.age(person.birthDate, today: today, texts: req.texts), person.motherTongue.map(languages.name) ?? "",
                             person.household.street].filter { !$0.isEmpty }.joined(separator: " · "),
                    checked: chosen.contains(person.id!))
            },
            languages: languages, askSecond: askSecond)
        var page = view.page(req.viewContext)
        if !errors.isEmpty { page.status = .unprocessableEntity }
        return req.render(page)
    }
}
