import Domain
import Fluent
import Foundation
import Persistence
import Platform

extension LetterSubject {
    /// The subjects of several persons in a few set queries (households, members, appointments,
    /// municipalities, letterheads), not several queries per person. `appointmentID` pins one appointment.
    static func load(_ persons: [Person], appointmentID: UUID? = nil, officerID: UUID, scope: AccessScope,
                     on db: any Database) async throws -> [UUID: LetterSubject] {
        guard !persons.isEmpty else { return [:] }
        guard let officer = try await User.find(officerID, on: db) else { throw AppError.notFound }
        let personIDs = persons.compactMap(\.id)
        let householdIDs = Array(Set(persons.map(\.$household.id)))
        let municipalityIDs = Array(Set(persons.map(\.$municipality.id)))
        let households = Dictionary(uniqueKeysWithValues: try await scope.households(on: db).filter(\.$id ~~ householdIDs).all()
            .map { ($0.id!, $0) })
        let members = Dictionary(grouping: try await scope.persons(on: db).filter(\.$household.$id ~~ householdIDs).sort(\.$birthDate).all(),
                                 by: { $0.$household.id })
        let municipalities = Dictionary(uniqueKeysWithValues: try await Municipality.query(on: db).filter(\.$id ~~ municipalityIDs).all()
            .map { ($0.id!, $0) })
        let letterheads = Dictionary(try await scope.query(Letterhead.self, on: db).filter(\.$municipality.$id ~~ municipalityIDs).all()
            .map { ($0.$municipality.id, $0) }, uniquingKeysWith: { first, _ in first })
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
            subjects[id] = LetterSubject(person: person, household: household, members: members[person.$household.id] ?? [person],
                                         appointment: appointment,
                                         appointmentParticipants: appointment.flatMap { invited[$0.id!] }?.map(\.person) ?? [],
                                         municipality: municipality, officer: officer,
                                         letterhead: letterheads[person.$municipality.id])
        }
        return subjects
    }
}
