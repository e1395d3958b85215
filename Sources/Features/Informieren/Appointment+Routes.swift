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
        if let household = (try? req.query.get(String.self, at: "haushalt")).flatMap(UUID.init(uuidString:)) {
            let members = try await req.scope().persons(on: req.db).filter(\.$household.$id == household).all()
            input.participants = members.map { $0.id!.uuidString }
            let tongues = Set(members.compactMap(\.motherTongue))
            if let tongue = tongues.first, tongues.count == 1, tongue != "deu" { input.interpreterLanguage = tongue }
        }
        return try await renderForm(req, appointment: nil, input: input, errors: FieldMessages())
    }

    static func create(_ req: Request) async throws -> Response {
        let input = try req.form(AppointmentInput.self)
        let scope = try req.scope()
        let chosen = try await AppointmentForm.participants(input, scope: scope, on: req.db)
        try await auditOutsideScope(chosen, req: req)
        switch AppointmentForm.validate(input, participants: chosen.persons, existing: nil, reference: req.reference,
                                        today: req.today, texts: req.texts) {
        case .invalid(let errors):
            return try await renderForm(req, appointment: nil, input: input, errors: errors)
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
                                                     reference: req.reference)
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

    static func cancel(_ req: Request) async throws -> Response {
        let appointment = try await scopedAppointment(req)
        guard appointment.status == .planned else { return req.redirect(to: .appointment(.value(appointment.id!)), flash: "notPlanned") }
        appointment.status = .cancelled
        let scope = try req.scope()
        try await req.db.writeTransaction { tx in
            try await appointment.update(on: tx)
            let persons = try await scope.query(AppointmentParticipant.self, on: tx).filter(\.$appointment.$id == appointment.id!).all()
            try await PersonRecords.refreshStages(of: persons.map { $0.$person.id }, scope: scope, on: tx)
            try await req.audit(.personUpdated, .appointment(appointment.id!), detail: "Termin abgesagt", in: tx)
        }
        return req.redirect(to: .appointment(.value(try appointment.requireID())), flash: "cancelled")
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
        let existing = try await scope.query(AppointmentParticipant.self, on: db).filter(\.$appointment.$id == appointmentID).all()
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
            try await participant.create(on: db)
            try await req.audit(.personUpdated, .person(person.id!), detail: "zu Termin eingeladen", in: db)
        }
        try await PersonRecords.refreshStages(of: Array(wanted.union(existing.map(\.$person.id))), scope: scope, on: db)
    }

    static func renderForm(_ req: Request, appointment: Appointment?, input: AppointmentInput, errors: FieldMessages) async throws -> Response {
        let scope = try req.scope()
        let chosen = Set((input.participants ?? []).compactMap(UUID.init(uuidString:)))
        // The chosen persons and everyone still waiting to be planned (a bounded index range).
        let waiting = try await scope.persons(on: req.db).filter(\.$stage == .toPlan).limit(100).all().compactMap(\.id)
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
            languages: languages)
        var page = view.page(req.viewContext)
        if !errors.isEmpty { page.status = .unprocessableEntity }
        return req.render(page)
    }
}
