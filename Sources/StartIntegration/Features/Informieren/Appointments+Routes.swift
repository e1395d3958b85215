import Fluent
import Vapor

/// Planning first-information conversations: date, place, single or group, interpreter, checklist.
enum AppointmentsFeature {
    static func register(_ routes: any RoutesBuilder) {
        let officers = routes.requiring(.workOnCases)
        officers.get("termine", "neu", use: newForm)
        officers.post("termine", "neu", use: create)
        officers.get("termine", ":appointmentID", use: show)
        officers.get("termine", ":appointmentID", "bearbeiten", use: editForm)
        officers.post("termine", ":appointmentID", "bearbeiten", use: update)
        officers.post("termine", ":appointmentID", "absagen", use: cancel)
    }

    static let interpreterChannels = ["heks_linguadukt", "municipal_staff"]
    static let interpreterStatuses = ["requested", "confirmed", "cancelled"]

    struct Input: Content {
        var date: String?
        var time: String?
        var place: String?
        var format: String?
        var participants: [String]?
        var groupConfirmed: String?
        var interpreterNeeded: String?
        var interpreterLanguage: String?
        var interpreterChannel: String?
        var interpreterStatus: String?
        var interpreterName: String?
        var checklistFolder: String?
        var checklistInvitation: String?
        var checklistInterpreter: String?
    }

    struct Values {
        let date: CalendarDate, time: String, place: String, format: ConversationFormat, participants: [Person]
        let groupConfirmed: Bool, interpreterNeeded: Bool, interpreterLanguage: String?, interpreterChannel: String?
        let interpreterStatus: String?, interpreterName: String?, checklist: (folder: Bool, invitation: Bool, interpreter: Bool)

        func apply(to appointment: Appointment) {
            appointment.date = date.description; appointment.time = time; appointment.place = place
            appointment.format = format; appointment.groupConfirmed = groupConfirmed
            appointment.interpreterNeeded = interpreterNeeded; appointment.interpreterLanguage = interpreterLanguage
            appointment.interpreterChannel = interpreterChannel; appointment.interpreterStatus = interpreterStatus
            appointment.interpreterName = interpreterName
            appointment.checklistFolder = checklist.folder; appointment.checklistInvitation = checklist.invitation
            appointment.checklistInterpreter = checklist.interpreter
        }
    }

    static func isTime(_ text: String) -> Bool {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]) else { return false }
        return (0...23).contains(h) && (0...59).contains(m)
    }

    static func validate(_ input: Input, existing: Appointment? = nil, req: Request) async throws -> Validated<Values> {
        let texts = req.texts
        var errors = FieldMessages()
        let date = CalendarDate(parsing: FieldCheck.trimmed(input.date))
        if date == nil { errors.add("date", texts.text("form.dateInvalid")) }
        let time = FieldCheck.trimmed(input.time)
        if !isTime(time) { errors.add("time", texts.text("appointment.timeInvalid")) }
        let place = FieldCheck.trimmed(input.place)
        if place.isEmpty { errors.add("place", texts.text("form.required")) } else if place.count > 200 {
            errors.add("place", texts.text("form.tooLong", ["max": "200"]))
        }
        let format = ConversationFormat(rawValue: input.format ?? "")
        if format == nil { errors.add("format", texts.text("form.chooseOne")) }
        let ids = Set((input.participants ?? []).compactMap(UUID.init(uuidString:)))
        let persons = ids.isEmpty ? [] : try await req.scope().persons(on: req.db).filter(\.$id ~~ Array(ids)).sort(\.$birthDate).all()
        let confirmed = input.groupConfirmed != nil
        if persons.count != ids.count {
            try await req.audit(.recordNotFound, recordType: "person", detail: "Termin: \(ids.count - persons.count) Personen ausserhalb der Berechtigung")
        }
        let municipalities = Set(persons.map(\.$municipality.id))
        if persons.isEmpty || persons.count != (input.participants ?? []).count {
            errors.add("participants", texts.text("appointment.participantsRequired"))
        } else if municipalities.count > 1 || (existing.map { !municipalities.contains($0.$municipality.id) } ?? false) {
            // An appointment belongs to one municipality: its record must not show one municipality's persons to another.
            errors.add("participants", texts.text("appointment.oneMunicipality"))
        } else if format == .single, Set(persons.map(\.$household.id)).count > 1 {
            errors.add("participants", texts.text("appointment.singleOneHousehold"))
        } else if format == .group, !confirmed {
            let concerns = GroupRules.concerns(motherTongues: persons.map(\.motherTongue))
            if !concerns.isEmpty {
                errors.add("participants", concerns.map { texts.text("appointment.concern.\($0.rawValue)") }.joined(separator: " ")
                           + " " + texts.text("appointment.confirmGroup"))
            }
        }
        let needsInterpreter = input.interpreterNeeded != nil
        var language: String?, channel: String?, status: String?
        if needsInterpreter {
            language = FieldCheck.trimmed(input.interpreterLanguage)
            if !req.application.languages.contains(language!) { errors.add("interpreterLanguage", texts.text("form.chooseOne")) }
            channel = input.interpreterChannel
            if !interpreterChannels.contains(channel ?? "") { errors.add("interpreterChannel", texts.text("form.chooseOne")) }
            status = input.interpreterStatus
            if !interpreterStatuses.contains(status ?? "") { errors.add("interpreterStatus", texts.text("form.chooseOne")) }
        }
        let interpreterName = FieldCheck.trimmed(input.interpreterName)
        guard errors.isEmpty, let date, let format else { return .invalid(errors) }
        return .valid(Values(
            date: date, time: time, place: place, format: format, participants: persons, groupConfirmed: confirmed,
            interpreterNeeded: needsInterpreter, interpreterLanguage: language, interpreterChannel: channel, interpreterStatus: status,
            interpreterName: needsInterpreter && !interpreterName.isEmpty ? interpreterName : nil,
            checklist: (input.checklistFolder != nil, input.checklistInvitation != nil, needsInterpreter && input.checklistInterpreter != nil)))
    }

    static func newForm(_ req: Request) async throws -> Response {
        var input = Input(format: "single", checklistFolder: nil)
        var preselected: [Person] = []
        if let household = (try? req.query.get(String.self, at: "haushalt")).flatMap(UUID.init(uuidString:)) {
            preselected = try await req.scope().persons(on: req.db).filter(\.$household.$id == household).all()
            input.participants = preselected.map { $0.id!.uuidString }
            let tongues = Set(preselected.compactMap(\.motherTongue))
            if let tongue = tongues.first, tongues.count == 1, tongue != "deu" {
                input.interpreterLanguage = tongue
            }
        }
        return try await AppointmentForm.render(req, appointment: nil, input: input, errors: FieldMessages())
    }

    static func create(_ req: Request) async throws -> Response {
        let input = try req.content.decode(Input.self)
        switch try await validate(input, req: req) {
        case .invalid(let errors):
            return try await AppointmentForm.render(req, appointment: nil, input: input, errors: errors)
        case .valid(let values):
            let appointment = Appointment()
            appointment.$municipality.id = values.participants[0].$municipality.id
            appointment.kind = "first_information"
            appointment.status = "planned"
            appointment.$createdBy.id = try req.requireUser().userID
            values.apply(to: appointment)
            try await req.db.transaction { tx in
                try await appointment.create(on: tx)
                try await syncParticipants(appointment, values.participants, on: tx, req: req)
            }
            return req.redirectAfterSave(to: Paths.appointment(try appointment.requireID()))
        }
    }

    static func syncParticipants(_ appointment: Appointment, _ persons: [Person], on db: any Database, req: Request) async throws {
        let appointmentID = try appointment.requireID()
        let existing = try await req.scope().query(AppointmentParticipant.self, on: db).filter(\.$appointment.$id == appointmentID).all()
        let wanted = Set(persons.compactMap(\.id))
        for participant in existing where !wanted.contains(participant.$person.id) {
            try await participant.delete(on: db)
            try await req.audit(.personUpdated, recordType: "person", recordID: participant.$person.id, detail: "aus Termin entfernt", on: db)
        }
        let present = Set(existing.map(\.$person.id))
        for person in persons where !present.contains(person.id!) {
            let participant = AppointmentParticipant()
            participant.$appointment.id = appointmentID
            participant.$person.id = person.id!
            participant.$municipality.id = person.$municipality.id
            participant.attendance = "expected"
            try await participant.create(on: db)
            try await req.audit(.personUpdated, recordType: "person", recordID: person.id, detail: "Termin geplant", on: db)
        }
    }

    static func show(_ req: Request) async throws -> Response {
        let appointment = try await req.scoped(Appointment.self, try req.idParameter("appointmentID"), recordType: "appointment")
        let model = try await AppointmentView.build(appointment, req: req)
        try await req.audit(.personRead, recordType: "appointment", recordID: appointment.id, detail: "\(model.participants.count) Personen")
        return try await req.renderPage("Informieren/appointment", title: model.title, body: model)
    }

    static func editForm(_ req: Request) async throws -> Response {
        let appointment = try await req.scoped(Appointment.self, try req.idParameter("appointmentID"), recordType: "appointment")
        // Attendance, signatures and consent of a held appointment are changed in its conversation record only.
        guard appointment.status == "planned" else { return req.redirectAfterSave(to: Paths.appointment(appointment.id!), flash: "notEditable") }
        let participants = try await req.scope().query(AppointmentParticipant.self, on: req.db).filter(\.$appointment.$id == appointment.id!).all()
        let input = Input(
            date: appointment.date, time: appointment.time, place: appointment.place, format: appointment.format.rawValue,
            participants: participants.map { $0.$person.id.uuidString }, groupConfirmed: appointment.groupConfirmed ? "on" : nil,
            interpreterNeeded: appointment.interpreterNeeded ? "on" : nil, interpreterLanguage: appointment.interpreterLanguage,
            interpreterChannel: appointment.interpreterChannel, interpreterStatus: appointment.interpreterStatus,
            interpreterName: appointment.interpreterName, checklistFolder: appointment.checklistFolder ? "on" : nil,
            checklistInvitation: appointment.checklistInvitation ? "on" : nil,
            checklistInterpreter: appointment.checklistInterpreter ? "on" : nil)
        return try await AppointmentForm.render(req, appointment: appointment, input: input, errors: FieldMessages())
    }

    static func update(_ req: Request) async throws -> Response {
        let appointment = try await req.scoped(Appointment.self, try req.idParameter("appointmentID"), recordType: "appointment")
        guard appointment.status == "planned" else { return req.redirectAfterSave(to: Paths.appointment(appointment.id!), flash: "notEditable") }
        let input = try req.content.decode(Input.self)
        switch try await validate(input, existing: appointment, req: req) {
        case .invalid(let errors):
            return try await AppointmentForm.render(req, appointment: appointment, input: input, errors: errors)
        case .valid(let values):
            values.apply(to: appointment)
            try await req.db.transaction { tx in
                try await appointment.update(on: tx)
                try await syncParticipants(appointment, values.participants, on: tx, req: req)
                try await req.audit(.personUpdated, recordType: "appointment", recordID: appointment.id, detail: "Termin geändert", on: tx)
            }
            return req.redirectAfterSave(to: Paths.appointment(try appointment.requireID()))
        }
    }

    static func cancel(_ req: Request) async throws -> Response {
        let appointment = try await req.scoped(Appointment.self, try req.idParameter("appointmentID"), recordType: "appointment")
        guard appointment.status == "planned" else { return req.redirectAfterSave(to: Paths.appointment(appointment.id!), flash: "notPlanned") }
        appointment.status = "cancelled"
        try await req.db.transaction { tx in
            try await appointment.update(on: tx)
            try await req.audit(.personUpdated, recordType: "appointment", recordID: appointment.id, detail: "Termin abgesagt", on: tx)
        }
        return req.redirectAfterSave(to: Paths.appointment(try appointment.requireID()), flash: "cancelled")
    }
}
