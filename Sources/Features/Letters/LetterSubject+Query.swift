import Domain
import Fluent
import Foundation
import Persistence
import Platform

extension LetterSubject {
    /// The subjects of several persons in a few set queries (households, members, appointments,
    /// municipalities, letterheads), not several queries per person. `appointmentID` pins one appointment.
    static func load(_ persons: [Person], appointmentID: UUID? = nil, officerID: UUID, scope: AccessScope, today: CalendarDate,
                     on db: any Database) async throws -> [UUID: LetterSubject] {
        guard !persons.isEmpty else { return [:] }
        guard let currentUser = try await User.find(officerID, on: db) else { throw AppError.notFound }
        let personIDs = persons.compactMap(\.id)
        let householdIDs = Array(Set(persons.map(\.$household.id)))
        let municipalityIDs = Array(Set(persons.map(\.$municipality.id)))
        let households = Dictionary(uniqueKeysWithValues: try await scope.records(Household.self, on: db).filter(\.$id, in: householdIDs).fetch()
            .map { ($0.id!, $0) })
        let members = Dictionary(grouping: try await scope.records(Person.self, on: db).filter(\.$household.$id, in: householdIDs).sort(\.$birthDate).fetch(),
                                 by: { $0.$household.id })
        let municipalities = Dictionary(uniqueKeysWithValues: try await Municipality.query(on: db).filter(\.$id ~~ municipalityIDs).all()
            .map { ($0.id!, $0) })
        let senders = try await Senders.load(Array(municipalities.values), currentUser: currentUser, scope: scope, on: db)
        let participations = try await scope.query(AppointmentParticipant.self, on: db).filter(\.$person.$id ~~ personIDs)
            .with(\.$appointment).all()
        let appointmentsByPerson = Dictionary(grouping: participations, by: { $0.$person.id })
            .mapValues { $0.map(\.appointment).filter { $0.status != .cancelled } }
        var chosen: [UUID: Appointment] = [:]
        for person in persons {
            guard let id = person.id else { continue }
            let own = appointmentsByPerson[id] ?? []
            if let appointmentID {
                // Only an appointment the person takes part in, and not a cancelled one.
                guard let pinned = own.first(where: { $0.id == appointmentID }) else { throw AppError.notFound }
                chosen[id] = pinned
            } else {
                // The person's next planned appointment, else the latest one.
                chosen[id] = own.filter { $0.status == .planned }.min { $0.date < $1.date } ?? own.max { $0.date < $1.date }
            }
        }
        let chosenIDs = Array(Set(chosen.values.compactMap(\.id)))
        let invited = chosenIDs.isEmpty ? [:] : Dictionary(
            grouping: try await scope.query(AppointmentParticipant.self, on: db).filter(\.$appointment.$id ~~ chosenIDs).with(\.$person).all(),
            by: { $0.$appointment.id })
        var subjects: [UUID: LetterSubject] = [:]
        for person in persons {
            guard let id = person.id, let household = households[person.$household.id],
                  let municipality = municipalities[person.$municipality.id] else { continue }
            let appointment = chosen[id]
            let householdMembers = members[person.$household.id] ?? [person]
            let participants = appointment.flatMap { invited[$0.id!] }?.map(\.person) ?? []
            // Written to the adults invited (or of the household), oldest first, never to a child.
            let concerned = (participants.isEmpty ? householdMembers : participants).sorted { $0.birthDate < $1.birthDate }
            let sender = senders[municipality.id!]
            subjects[id] = LetterSubject(person: person, household: household, members: householdMembers,
                                         appointment: appointment, appointmentParticipants: participants,
                                         municipality: municipality, officer: sender?.officer ?? currentUser,
                                         letterhead: sender?.letterhead, letterheadOf: sender?.letterheadOf,
                                         addressees: Addressees.choose(concerned, birthDate: \.birthDate, today: today))
        }
        return subjects
    }
}

/// Who writes a municipality's letters: its letterhead (or its lead municipality's, when it has none)
/// and the person who signs and is named as contact.
struct Senders {
    struct Sender: Sendable {
        let letterhead: Letterhead?
        let letterheadOf: String?
        let officer: User
    }

    static func load(_ municipalities: [Municipality], currentUser: User, scope: AccessScope,
                     on db: any Database) async throws -> [UUID: Sender] {
        let groupIDs = Array(Set(municipalities.compactMap(\.$leadGroup.id)))
        let groups = groupIDs.isEmpty ? [] : try await LeadGroup.query(on: db).filter(\.$id ~~ groupIDs).with(\.$leadMunicipality).all()
        let leadOf = Dictionary(uniqueKeysWithValues: groups.map { ($0.id!, $0.leadMunicipality) })
        let ids = Array(Set(municipalities.compactMap(\.id) + groups.map(\.$leadMunicipality.id)))
        let letterheads = Dictionary(try await scope.publicLetterheads(of: ids, on: db).map { ($0.$municipality.id, $0) },
                                     uniquingKeysWith: { first, _ in first })
        // The integration officers of each municipality's units (its own, or its lead group's).
        let units = try await OrganisationalUnit.query(on: db).group(.or) { group in
            group.filter(\.$municipality.$id ~~ municipalities.compactMap(\.id))
            if !groupIDs.isEmpty { group.filter(\.$leadGroup.$id ~~ groupIDs) }
        }.all()
        let officers = units.isEmpty ? [] : try await User.query(on: db).filter(\.$unit.$id ~~ units.compactMap(\.id))
            .filter(\.$role == .integrationOfficer).filter(\.$locked == false).sort(\.$displayName).all()
        let signerIDs = Array(Set(letterheads.values.compactMap(\.contactUserID)))
        let named = signerIDs.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await User.query(on: db).filter(\.$id ~~ signerIDs)
            .all().map { ($0.id!, $0) })
        var result: [UUID: Sender] = [:]
        for municipality in municipalities {
            guard let id = municipality.id else { continue }
            var letterhead = letterheads[id]
            var inherited: String?
            if letterhead == nil, let group = municipality.$leadGroup.id, let lead = leadOf[group], lead.id != id,
               let leads = letterheads[lead.id!] {
                letterhead = leads
                inherited = lead.name
            }
            let ownUnits = Set(units.filter { $0.$municipality.id == id || ($0.$leadGroup.id != nil && $0.$leadGroup.id == municipality.$leadGroup.id) }
                .compactMap(\.id))
            let officer = letterhead?.contactUserID.flatMap { named[$0] }
                ?? officers.first { ownUnits.contains($0.$unit.id) }
                ?? currentUser
            result[id] = Sender(letterhead: letterhead, letterheadOf: inherited, officer: officer)
        }
        return result
    }
}
