import Domain
import Fluent
import Persistence
import Platform
import Vapor

/// Triage: written (welcome folder only) or oral (a conversation) first information, the guide
/// variant and the welcome folder; by default for the whole household.
enum TriageRoutes {
    static func showForm(_ req: Request) async throws -> Response {
        let person = try await req.scopedPerson(try req.idParameter("personID"))
        let existing = try await req.scope().query(TriageDecision.self, on: req.db).filter(\.$person.$id == person.id!).fetchFirst()
        let input = TriageInput(
            triage: existing?.triage.rawValue, reason: existing?.reason,
            guide: (existing?.guide ?? ConversationGuide.proposed(socialAssistance: person.socialAssistance)).rawValue,
            folderStatus: (existing?.folderStatus ?? .notYet).rawValue, folderDate: existing?.folderDate?.description,
            folderLanguage: existing?.folderLanguage?.rawValue, wholeHousehold: existing == nil ? "on" : nil)
        try await req.audit(.personRead, .person(person.id!), detail: "Triage")
        return try await render(req, person: person, input: input, errors: FieldMessages())
    }

    static func save(_ req: Request) async throws -> Response {
        let person = try await req.scopedPerson(try req.idParameter("personID"))
        let input = try req.form(TriageInput.self)
        switch TriageForm.validate(input, today: req.today, texts: req.texts) {
        case .invalid(let errors):
            return try await render(req, person: person, input: input, errors: errors)
        case .valid(let values):
            let scope = try req.scope()
            let user = try req.requireUser()
            let persons = input.wholeHousehold != nil
                ? try await scope.records(Person.self, on: req.db).filter(\.$household.$id, equals: person.$household.id).fetch()
                : [person]
            return try await req.storeOnce { tx in
                for member in persons {
                    let decision = try await scope.records(TriageDecision.self, on: tx).filter(\.$person.$id, equals: member.id!).fetchFirst()
                        ?? TriageDecision()
                    let isNew = decision.id == nil
                    decision.$person.id = member.id!
                    decision.$municipality.id = member.$municipality.id
                    decision.triage = values.triage
                    decision.reason = values.reason
                    decision.guide = values.guide
                    decision.folderStatus = values.folderStatus
                    decision.folderDate = values.folderDate
                    decision.folderLanguage = values.folderLanguage
                    decision.$decidedBy.id = user.userID
                    try await decision.save(on: tx)
                    try await req.audit(.personUpdated, .person(member.id!),
                                        detail: "Triage \(isNew ? "erfasst" : "geändert"): \(values.triage.rawValue)", in: tx)
                }
                try await PersonRecords.refreshStages(of: persons.map { $0.id! }, scope: scope, on: tx)
                return Link.afterSave(.person(.value(person.id!)))
            }
        }
    }

    static func render(_ req: Request, person: Person, input: TriageInput, errors: FieldMessages) async throws -> Response {
        let householdSize = try await req.scope().persons(on: req.db).filter(\.$household.$id == person.$household.id).count()
        var page = TriageView(person: person, input: input, errors: errors, householdSize: householdSize).page(req.viewContext)
        if !errors.isEmpty { page.status = .unprocessableEntity }
        return req.render(page)
    }
}
