import Domain
import Fluent
import Foundation
import Persistence
import Platform

/// One appointment: when, where, who, interpreter, checklist, and the record once held.
struct AppointmentModel {
    struct Participant {
        let personID: UUID
        let name: PersonName
        let attendance: Attendance
        let signatureOn: CalendarDate?
    }

    struct Check {
        let label: String
        let done: Bool
    }

    let id: UUID
    let date: CalendarDate
    let time: String
    let place: String
    let format: ConversationFormat
    let status: AppointmentStatus
    let participants: [Participant]
    let interpreter: String?
    let checklist: [Check]
    let conversation: [String]

    static func query(_ appointment: Appointment, scope: AccessScope, database db: any Database, texts t: Localizer,
                      reference: ReferenceData) async throws -> AppointmentModel {
        let participants = try await scope.query(AppointmentParticipant.self, on: db).filter(\.$appointment.$id == appointment.id!)
            .with(\.$person).all().sorted { $0.person.birthDate < $1.person.birthDate }
        var interpreter: String?
        if appointment.interpreterNeeded {
            interpreter = [reference.languages.name(appointment.interpreterLanguage ?? ""),
                           appointment.interpreterChannel.map { t.label("interpreter.channel", $0) } ?? "",
                           appointment.interpreterStatus.map { t.label("interpreter.status", $0) } ?? "",
                           appointment.interpreterName ?? ""].filter { !$0.isEmpty }.joined(separator: " · ")
        }
        var checklist = [Check(label: t("appointment.checklist.folder"), done: appointment.checklistFolder),
                         Check(label: t("appointment.checklist.invitation"), done: appointment.checklistInvitation)]
        if appointment.interpreterNeeded {
            checklist.append(Check(label: t("appointment.checklist.interpreter"), done: appointment.checklistInterpreter))
        }
        let conversation = try await scope.query(Conversation.self, on: db).filter(\.$appointment.$id == appointment.id!).first()
        return AppointmentModel(
            id: appointment.id!, date: appointment.date, time: appointment.time, place: appointment.place, format: appointment.format,
            status: appointment.status,
            participants: participants.map {
                Participant(personID: $0.$person.id, name: $0.person.name, attendance: $0.attendance, signatureOn: $0.signatureOn)
            },
            interpreter: interpreter, checklist: checklist,
            conversation: conversation.map { ConversationSummary.lines($0, texts: t) } ?? [])
    }
}

/// How a recorded conversation reads on the appointment and on the timeline.
enum ConversationSummary {
    static func lines(_ conversation: Conversation, texts t: Localizer) -> [String] {
        var lines: [String] = []
        let topics = conversation.topics.map { t.label("topic", $0) }
        if !topics.isEmpty { lines.append(t("conversation.topicsLine", ["topics": topics.joined(separator: ", ")])) }
        if let focus = conversation.focusNotes { lines.append(t("conversation.focusLine", ["focus": focus])) }
        if conversation.interpreterPresent { lines.append(t("conversation.withInterpreter")) }
        let steps = conversation.nextSteps.map { t.label("nextStep", $0) }
        if !steps.isEmpty { lines.append(t("conversation.nextStepsLine", ["steps": steps.joined(separator: ", ")])) }
        if let note = conversation.nextStepNote { lines.append(note) }
        return lines
    }
}

/// Appointments and conversations on the person's timeline.
struct AppointmentTimeline: TimelineSource {
    func entries(_ request: TimelineRequest) async throws -> [TimelineEntry] {
        let t = request.texts
        let scope = request.scope
        let participations = try await scope.query(AppointmentParticipant.self, on: request.database)
            .filter(\.$person.$id == request.person.id!).with(\.$appointment).all()
        guard !participations.isEmpty else { return [] }
        let conversations = try await scope.query(Conversation.self, on: request.database)
            .filter(\.$appointment.$id ~~ participations.map(\.$appointment.id)).all()
        let mayOpen = request.user.has(.workOnCases)
        return participations.map { participation in
            let appointment = participation.appointment
            let conversation = conversations.first { $0.$appointment.id == appointment.id }
            var lines = ["\(appointment.time), \(appointment.place) · \(t.label("format", appointment.format))"]
            if appointment.interpreterNeeded, let language = appointment.interpreterLanguage {
                lines.append(t("timeline.interpreter", ["language": request.reference.languages.name(language)]))
            }
            let titleKey: String
            switch (appointment.status, participation.attendance) {
            case (.cancelled, _): titleKey = "timeline.appointment.cancelled"
            case (_, .present): titleKey = "timeline.appointment.held"
            case (_, .absent): titleKey = "timeline.appointment.absent"
            default: titleKey = "timeline.appointment.planned"
            }
            if let conversation, participation.attendance == .present {
                lines += ConversationSummary.lines(conversation, texts: t)
                if let signed = participation.signatureOn {
                    lines.append(t("conversation.signedOn", ["date": signed.swissFormat]) + " · "
                                 + t.label("consent", participation.consent ?? .signaturePageOnly))
                } else {
                    lines.append(t("worklist.signatureMissing"))
                }
            }
            return TimelineEntry(date: conversation?.heldOn ?? appointment.date, sortKey: appointment.time, title: t(titleKey),
                                 lines: lines, link: mayOpen ? Link(.appointment(.value(appointment.id!))) : nil)
        }
    }
}
