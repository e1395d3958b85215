import Domain
import Fluent
import Foundation
import Persistence
import Platform

/// The planning form of a first-information conversation.
struct AppointmentInput: Decodable, Sendable {
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
    /// Confirms a second first-information conversation for persons already informed.
    var confirmSecond: String?

    init() {}

    init(_ appointment: Appointment, participants: [UUID]) {
        date = appointment.date.description
        time = appointment.time
        place = appointment.place
        format = appointment.format.rawValue
        self.participants = participants.map(\.uuidString)
        groupConfirmed = appointment.groupConfirmed ? "on" : nil
        interpreterNeeded = appointment.interpreterNeeded ? "on" : nil
        interpreterLanguage = appointment.interpreterLanguage
        interpreterChannel = appointment.interpreterChannel?.rawValue
        interpreterStatus = appointment.interpreterStatus?.rawValue
        interpreterName = appointment.interpreterName
        checklistFolder = appointment.checklistFolder ? "on" : nil
        checklistInvitation = appointment.checklistInvitation ? "on" : nil
        checklistInterpreter = appointment.checklistInterpreter ? "on" : nil
    }
}

struct AppointmentValues: Sendable {
    let date: CalendarDate
    let time: String
    let place: String
    let format: ConversationFormat
    let participants: [Person]
    let groupConfirmed: Bool
    let interpreterNeeded: Bool
    let interpreterLanguage: String?
    let interpreterChannel: InterpreterChannel?
    let interpreterStatus: InterpreterStatus?
    let interpreterName: String?
    let checklistFolder: Bool
    let checklistInvitation: Bool
    let checklistInterpreter: Bool

    func apply(to appointment: Appointment) {
        appointment.date = date
        appointment.time = time
        appointment.place = place
        appointment.format = format
        appointment.groupConfirmed = groupConfirmed
        appointment.interpreterNeeded = interpreterNeeded
        appointment.interpreterLanguage = interpreterLanguage
        appointment.interpreterChannel = interpreterChannel
        appointment.interpreterStatus = interpreterStatus
        appointment.interpreterName = interpreterName
        appointment.checklistFolder = checklistFolder
        appointment.checklistInvitation = checklistInvitation
        appointment.checklistInterpreter = checklistInterpreter
    }
}

enum AppointmentForm {
    /// The participants chosen, read through the scope; ids outside it are reported (and audited by the caller).
    struct Participants: Sendable {
        let persons: [Person]
        let outsideScope: Int
    }

    static func participants(_ input: AppointmentInput, scope: AccessScope, on db: any Database) async throws -> Participants {
        let ids = Set((input.participants ?? []).prefix(100).compactMap(UUID.init(uuidString:)))
        let persons = ids.isEmpty ? [] : try await scope.records(Person.self, on: db).filter(\.$id, in: Array(ids)).sort(\.$birthDate).fetch()
        return Participants(persons: persons, outsideScope: ids.count - persons.count)
    }

    /// Chosen persons who already had their first-information conversation.
    static func alreadyInformed(_ persons: [Person], scope: AccessScope, on db: any Database) async throws -> [Person] {
        persons.filter { $0.stage == .held }
    }

    static func validate(_ input: AppointmentInput, participants: [Person], existing: Appointment?, reference: ReferenceData,
                         today: CalendarDate, texts t: Localizer, alreadyInformed: [Person] = []) -> Validated<AppointmentValues> {
        var errors = FieldMessages()
        let date = errors.date("date", input.date, required: true, range: .planned(today: today), texts: t)
        let time = FieldCheck.trimmed(input.time)
        if !FieldCheck.isTime(time) { errors.add("time", t("appointment.timeInvalid")) }
        let place = errors.text("place", input.place, max: 200, required: true, texts: t)
        let format: ConversationFormat? = errors.choice("format", input.format, texts: t)
        let confirmed = input.groupConfirmed != nil
        let municipalities = Set(participants.map(\.$municipality.id))
        if participants.isEmpty || participants.count != (input.participants ?? []).count {
            errors.add("participants", t("appointment.participantsRequired"))
        } else if municipalities.count > 1 || (existing.map { !municipalities.contains($0.$municipality.id) } ?? false) {
            // An appointment belongs to one municipality: its record must not show one municipality's persons to another.
            errors.add("participants", t("appointment.oneMunicipality"))
        } else if format == .single, Set(participants.map(\.$household.id)).count > 1 {
            errors.add("participants", t("appointment.singleOneHousehold"))
        } else if format == .group, !confirmed {
            let concerns = GroupRules.concerns(motherTongues: participants.map(\.motherTongue))
            if !concerns.isEmpty {
                errors.add("participants", concerns.map { t("appointment.concern.\($0.rawValue)") }.joined(separator: " ")
                           + " " + t("appointment.confirmGroup"))
            }
        }
        if !alreadyInformed.isEmpty, errors["participants"] == nil {
            errors.add("participants", t("appointment.alreadyInformed", ["names": alreadyInformed.map(\.name.full).joined(separator: ", ")]))
        }
        let needsInterpreter = input.interpreterNeeded != nil
        var language: String?
        var channel: InterpreterChannel?
        var status: InterpreterStatus?
        if needsInterpreter {
            language = FieldCheck.trimmed(input.interpreterLanguage)
            if !reference.languages.contains(language!) { errors.add("interpreterLanguage", t("form.chooseOne")) }
            channel = errors.choice("interpreterChannel", input.interpreterChannel, texts: t)
            status = errors.choice("interpreterStatus", input.interpreterStatus, texts: t)
        }
        let interpreterName = errors.text("interpreterName", input.interpreterName, max: 100, texts: t)
        guard errors.isEmpty, let date, let format else { return .invalid(errors) }
        return .valid(AppointmentValues(
            date: date, time: time, place: place, format: format, participants: participants, groupConfirmed: confirmed,
            interpreterNeeded: needsInterpreter, interpreterLanguage: language, interpreterChannel: channel, interpreterStatus: status,
            interpreterName: needsInterpreter && !interpreterName.isEmpty ? interpreterName : nil,
            checklistFolder: input.checklistFolder != nil, checklistInvitation: input.checklistInvitation != nil,
            checklistInterpreter: needsInterpreter && input.checklistInterpreter != nil))
    }
}
