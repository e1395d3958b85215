import Domain
import Fluent
import Foundation
import Persistence
import Platform

/// Informieren's steps in the household's task list: triage, planning, invitation, interpreter,
/// conversation, signatures. The state comes from the records (a letter made for the appointment
/// ticks the invitation), each link only for users who may follow it.
struct InformierenTasks: HouseholdTaskSource {
    func tasks(_ request: HouseholdTaskRequest) async throws -> [HouseholdTask] {
        let t = request.texts
        let scope = request.scope
        let db = request.database
        let members = request.members
        let ids = members.compactMap(\.id)
        guard let first = members.first, !ids.isEmpty else { return [] }
        let user = request.user
        // Independent reads go together (on PostgreSQL as one statement, `ReadBatch`).
        let (triages, participations) = try await ReadBatch.together(on: db,
            { try await scope.records(TriageDecision.self, on: db).filter(\.$person.$id, in: ids).fetch() },
            { try await scope.records(AppointmentParticipant.self, on: db).filter(\.$person.$id, in: ids).fetch() })
        // The appointment that counts: the latest not cancelled one.
        let appointment = try await Appointment.byID(of: participations, scope: scope, on: db).values
            .filter { $0.status != .cancelled }
            .max { ($0.date, $0.time, $0.id!.text) < ($1.date, $1.time, $1.id!.text) }
        var facts = HouseholdProgress.Facts(
            registeredOn: request.registeredOn, triage: triages.first?.triage,
            triagedOn: triages.compactMap(\.createdAt).min().map { CalendarDate($0) }, appointment: nil,
            signaturesRequired: 0, signaturesGiven: 0, lastSignatureOn: nil)
        var participants: [AppointmentParticipant] = []
        if let appointment, let appointmentID = appointment.id {
            let letters: [GeneratedLetter]
            (participants, letters) = try await ReadBatch.together(on: db,
                { try await scope.records(AppointmentParticipant.self, on: db).filter(\.$appointment.$id, equals: appointmentID).fetch() },
                { try await scope.records(GeneratedLetter.self, on: db).filter(\.$appointmentID, equals: appointmentID).fetch() })
            // An appointment can hold several households: each gets its own invitation, while one interpreter
            // order serves them all.
            let invitationOn = letters.firstMade(.invitation, for: Set(ids))
            let interpreterOn = letters.firstMade(.interpreterOrder)
            facts.appointment = HouseholdProgress.AppointmentFacts(
                date: appointment.date, status: appointment.status, heldOn: appointment.heldOn,
                interpreterNeeded: appointment.interpreterNeeded,
                invitationDone: appointment.checklistInvitation || invitationOn != nil, invitationOn: invitationOn,
                interpreterOrdered: appointment.checklistInterpreter || interpreterOn != nil
                    || appointment.interpreterStatus == .confirmed,
                interpreterOrderedOn: interpreterOn)
            let signing = participants.filter { $0.attendance == .present && $0.signatureRequired }
            facts.signaturesRequired = signing.count
            facts.signaturesGiven = signing.filter { $0.signatureOn != nil }.count
            facts.lastSignatureOn = signing.compactMap(\.signatureOn).max()
        }
        let progress = HouseholdProgress(facts)
        let officer = user.has(.workOnCases)
        let clerk = user.has(.editPersons)
        // The household's letters go to its own invited adults, never to a person of another household
        // invited to the same appointment.
        let invitedIDs = Set(participants.map(\.$person.id))
        let invitedHere = members.filter { invitedIDs.contains($0.id!) }
        let invited = invitedHere.isEmpty ? members : invitedHere
        let addressee = Addressees.choose(invited.sorted { $0.birthDate < $1.birthDate }, birthDate: \.birthDate, today: request.today).first
            ?? first
        let language = LetterLanguage.forMotherTongue(addressee.motherTongue)
        return progress.items.map { item in
            var link: Link?
            var note: String?
            let appointmentID = appointment?.id
            switch item.step {
            case .registered:
                break
            case .triaged:
                if clerk { link = Link(.personTriage(.value(first.id!))) }
                note = triages.first.map { t.label("triage", $0.triage) }
            case .planned:
                if let appointment, let appointmentID {
                    if officer { link = Link(.appointment(.value(appointmentID))) }
                    note = "\(appointment.time), \(appointment.place)"
                } else if officer {
                    link = Link(.newAppointment, query: [("haushalt", request.householdID.uuidString)])
                }
            case .invitationSent:
                if clerk, let appointmentID {
                    link = .letter(person: addressee.id!, kind: .invitation, language: language, appointment: appointmentID)
                }
            case .interpreterOrdered:
                if officer, let appointmentID {
                    link = .letter(person: addressee.id!, kind: .interpreterOrder, language: .de, bilingual: false, appointment: appointmentID)
                }
                if let code = appointment?.interpreterLanguage, appointment?.interpreterNeeded == true {
                    note = request.reference.languages.name(code)
                }
            case .held:
                if officer, let appointmentID {
                    link = item.state == .missed ? Link(.newAppointment, query: [("haushalt", request.householdID.uuidString)])
                        : Link(.appointmentConversation(.value(appointmentID)))
                }
                if let heldOn = appointment?.heldOn, let planned = appointment?.date, heldOn != planned {
                    note = t("tasks.plannedFor", ["date": planned.swissFormat])
                }
            case .signaturesComplete:
                if officer, let appointmentID { link = Link(.appointment(.value(appointmentID))).fragment("unterschriften") }
                if facts.signaturesRequired > 0 {
                    note = t("tasks.signatures", ["given": String(facts.signaturesGiven), "required": String(facts.signaturesRequired)])
                }
            }
            return HouseholdTask(label: t("tasks.step.\(item.step.rawValue)"), state: item.state, date: item.date, link: link, note: note)
        }
    }
}
