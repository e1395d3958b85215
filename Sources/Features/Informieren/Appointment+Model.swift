import Domain
import Fluent
import Foundation
import Persistence
import Platform

/// One appointment: when, where, who, interpreter, checklist, and the record once held.
struct AppointmentModel {
    struct Participant {
        let id: UUID
        let personID: UUID
        let name: PersonName
        let attendance: Attendance
        let signatureOn: CalendarDate?
        let signatureRequired: Bool

        var signatureMissing: Bool { attendance == .present && signatureRequired && signatureOn == nil }
    }

    /// A document of the appointment (invitation, interpreter order): made when, and where to make it.
    struct Document {
        let label: String
        let madeOn: CalendarDate?
        let link: Link
    }

    struct Check {
        let label: String
        let done: Bool
    }

    let id: UUID
    let date: CalendarDate
    let heldOn: CalendarDate?
    let cancelReason: String?
    let time: String
    let place: String
    let format: ConversationFormat
    let status: AppointmentStatus
    let participants: [Participant]
    let interpreter: String?
    let checklist: [Check]
    let conversation: [String]
    let documents: [Document]
    let households: [UUID]

    /// The date that counts: the day it was held, else the planned one.
    var shownDate: CalendarDate { heldOn ?? date }

    static func query(_ appointment: Appointment, scope: AccessScope, database db: any Database, texts t: Localizer,
                      reference: ReferenceData, today: CalendarDate) async throws -> AppointmentModel {
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
        let conversation = try await scope.records(Conversation.self, on: db).filter(\.$appointment.$id, equals: appointment.id!).fetchFirst()
        let letters = try await scope.records(GeneratedLetter.self, on: db).filter(\.$appointmentID, equals: appointment.id!).fetch()
        func madeOn(_ kind: LetterKind, of persons: [Person]? = nil) -> CalendarDate? {
            letters.firstMade(kind, for: persons.map { Set($0.compactMap(\.id)) })
        }
        // Letters go to the adults of each household, never to a child. An appointment can hold several
        // households: each gets its own invitation (oldest household first), one interpreter order serves all.
        let persons = participants.map(\.person)
        var households: [[Person]] = [], position: [UUID: Int] = [:]
        for person in persons {
            if let index = position[person.$household.id] { households[index].append(person); continue }
            position[person.$household.id] = households.count
            households.append([person])
        }
        let addressees = households.compactMap { members in
            Addressees.choose(members, birthDate: \.birthDate, today: today).first.map { (addressee: $0, members: members) }
        }
        var documents: [Document] = []
        if let first = addressees.first?.addressee, appointment.status == .planned || madeOn(.invitation) != nil {
            for (addressee, members) in addressees {
                let language = LetterLanguage.forMotherTongue(addressee.motherTongue)
                let label = language.map { $0 == .de ? t("appointment.invitationGerman") : t("appointment.invitationIn", ["language": $0.germanName]) }
                    ?? t("appointment.invitationGerman")
                documents.append(Document(
                    label: addressees.count > 1 ? t("appointment.invitationTo", ["invitation": label, "name": addressee.name.full]) : label,
                    madeOn: madeOn(.invitation, of: members),
                    link: .letter(person: addressee.id!, kind: .invitation, language: language, appointment: appointment.id!)))
            }
            if appointment.interpreterNeeded {
                documents.append(Document(label: t("appointment.interpreterOrder"), madeOn: madeOn(.interpreterOrder),
                                          link: .letter(person: first.id!, kind: .interpreterOrder, language: .de, bilingual: false,
                                                        appointment: appointment.id!)))
            }
        }
        return AppointmentModel(
            id: appointment.id!, date: appointment.date, heldOn: appointment.heldOn, cancelReason: appointment.cancelReason,
            time: appointment.time, place: appointment.place, format: appointment.format,
            status: appointment.status,
            participants: participants.map {
                Participant(id: $0.id!, personID: $0.$person.id, name: $0.person.name, attendance: $0.attendance, signatureOn: $0.signatureOn,
                            signatureRequired: $0.signatureRequired)
            },
            interpreter: interpreter, checklist: checklist,
            conversation: conversation.map { ConversationSummary.lines($0, texts: t) } ?? [],
            documents: documents, households: households.map { $0[0].$household.id })
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
        // The participations, then their appointments by id: two plain reads cost less than one join
        // through Fluent, which aliases and decodes every column of both (BENCHMARKS.md, fourth round).
        let found = try await scope.records(AppointmentParticipant.self, on: request.database)
            .filter(\.$person.$id, equals: request.person.id!).fetch()
        guard !found.isEmpty else { return [] }
        let byID = try await Appointment.byID(of: found, scope: scope, on: request.database)
        let participations = found.filter { byID[$0.$appointment.id] != nil }
        let appointments = participations.map { byID[$0.$appointment.id]! }
        let conversations = try await scope.records(Conversation.self, on: request.database)
            .filter(\.$appointment.$id, in: participations.map(\.$appointment.id)).fetch()
        let mayOpen = request.user.has(.workOnCases)
        return zip(participations, appointments).map { participation, appointment in
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
            if let heldOn = appointment.heldOn, heldOn != appointment.date {
                lines.append(t("tasks.plannedFor", ["date": appointment.date.swissFormat]))
            }
            if let reason = appointment.cancelReason, appointment.status == .cancelled {
                lines.append(t("timeline.cancelReason", ["reason": reason]))
            }
            if let conversation, participation.attendance == .present {
                lines += ConversationSummary.lines(conversation, texts: t)
                if !participation.signatureRequired, participation.signatureOn == nil {
                    lines.append(t("appointment.signatureNotRequired"))
                } else if let signed = participation.signatureOn {
                    lines.append(t("conversation.signedOn", ["date": signed.swissFormat]) + " · "
                                 + t.label("consent", participation.consent ?? .signaturePageOnly))
                } else {
                    lines.append(t("worklist.signatureMissing"))
                }
            }
            return TimelineEntry(date: appointment.heldOn ?? conversation?.heldOn ?? appointment.date, sortKey: appointment.time, title: t(titleKey),
                                 lines: lines, link: mayOpen ? Link(.appointment(.value(appointment.id!))) : nil)
        }
    }
}

extension Appointment {
    /// The appointments of the participations, by id (`AccessScope.appointments(of:on:)`).
    static func byID(of participations: [AppointmentParticipant], scope: AccessScope, on db: any Database) async throws -> [UUID: Appointment] {
        let appointments = try await scope.appointments(of: participations, on: db)
        return Dictionary(appointments.map { ($0.id!, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

extension [GeneratedLetter] {
    /// The day the first letter of this kind was made, of the given persons' letters only (nil: of all): an
    /// appointment can hold several households, each with its own invitation.
    func firstMade(_ kind: LetterKind, for persons: Set<UUID>? = nil) -> CalendarDate? {
        filter { $0.kind == kind && persons?.contains($0.$person.id) != false }.compactMap(\.generatedAt).min().map { CalendarDate($0) }
    }
}
