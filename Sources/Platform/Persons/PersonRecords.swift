import Domain
import Fluent
import Foundation
import Persistence

/// What several areas keep about a person beside their own records: the Informieren stage that
/// the work lists read, and the name keys that search reads. Written in the transaction of the change.
package enum PersonRecords {
    /// Derives the stage of each person from their triage and appointments and stores it where it changed.
    package static func refreshStages(of personIDs: [UUID], scope: AccessScope, on db: any Database) async throws {
        let ids = Array(Set(personIDs))
        guard !ids.isEmpty else { return }
        let persons = try await scope.persons(on: db).filter(\.$id ~~ ids).fetch()
        let triages = try await scope.query(TriageDecision.self, on: db).filter(\.$person.$id ~~ ids).fetch()
        let participations = try await scope.query(AppointmentParticipant.self, on: db).filter(\.$person.$id ~~ ids)
            .with(\.$appointment).all()
        let triageByPerson = Dictionary(triages.map { ($0.$person.id, $0.triage) }, uniquingKeysWith: { first, _ in first })
        let participationsByPerson = Dictionary(grouping: participations, by: { $0.$person.id })
        for person in persons {
            let facts = InformierenStage.Facts(
                inScope: person.targetGroup?.isInScope ?? false, closed: person.closedOn != nil,
                triage: triageByPerson[person.id!],
                participations: (participationsByPerson[person.id!] ?? []).filter { $0.appointment.status != .cancelled }
                    .map { ($0.appointment.date, $0.appointment.status, $0.attendance) })
            let stage = InformierenStage.derive(facts)
            if stage != person.stage {
                try await scope.persons(on: db).filter(\.$id == person.id!).set(\.$stage, to: stage).update()
            }
        }
    }

    /// Replaces the person's name keys (after registration or a change of name).
    package static func writeSearchKeys(of person: Person, scope: AccessScope, on db: any Database) async throws {
        let id = try person.requireID()
        try await scope.query(PersonSearchKey.self, on: db).filter(\.$person.$id == id).delete()
        for key in SearchKeys.keys(given: person.givenName, family: person.familyName) {
            try await PersonSearchKey(personID: id, municipalityID: person.$municipality.id, key: key).create(on: db)
        }
    }
}
