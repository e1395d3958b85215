import Fluent
import Vapor

/// Triage: written (welcome folder only) or oral (a conversation) first information, the guide
/// variant and the welcome folder; by default for the whole household.
enum TriageFeature {
    static func register(_ routes: any RoutesBuilder) {
        let editors = routes.requiring(.editPersons)
        editors.get("personen", ":personID", "triage", use: showForm)
        editors.post("personen", ":personID", "triage", use: save)
    }

    static let folderStatuses = ["not_yet", "handed_over", "sent"]
    static let folderLanguages = ["de", "fr", "it", "en", "other"]

    struct Input: Content {
        var triage: String?
        var reason: String?
        var guide: String?
        var folderStatus: String?
        var folderDate: String?
        var folderLanguage: String?
        var wholeHousehold: String?
    }

    struct Values {
        let triage: Triage, reason: String, guide: ConversationGuide, folderStatus: String
        let folderDate: CalendarDate?, folderLanguage: String?
    }


    struct Page: Encodable {
        let personName: String
        let action: String
        let backHref: String
        let input: [String: String]
        let triageOptions: [SelectOption]
        let guideOptions: [SelectOption]
        let folderStatusOptions: [SelectOption]
        let folderLanguageOptions: [SelectOption]
        let wholeHousehold: Bool
        let householdSize: Int
        let proposedGuide: String
        let errors: FieldMessages
    }

    static func validate(_ input: Input, today: CalendarDate, texts: Localizer) -> Validated<Values> {
        var errors = FieldMessages()
        let triage = Triage(rawValue: input.triage ?? "")
        if triage == nil { errors.add("triage", texts.text("form.chooseOne")) }
        let reason = FieldCheck.trimmed(input.reason)
        if reason.isEmpty { errors.add("reason", texts.text("triage.reasonRequired")) }
        else if reason.count > 500 { errors.add("reason", texts.text("form.tooLong", ["max": "500"])) }
        let guide = ConversationGuide(rawValue: input.guide ?? "")
        if guide == nil { errors.add("guide", texts.text("form.chooseOne")) }
        let status = input.folderStatus ?? ""
        if !folderStatuses.contains(status) { errors.add("folderStatus", texts.text("form.chooseOne")) }
        var folderDate: CalendarDate?
        var language: String?
        if status == "handed_over" || status == "sent" {
            folderDate = CalendarDate(parsing: FieldCheck.trimmed(input.folderDate))
            if folderDate == nil { errors.add("folderDate", texts.text("form.dateInvalid")) }
            else if folderDate! > today { errors.add("folderDate", texts.text("triage.folderDateFuture")) }
            language = input.folderLanguage
            if !folderLanguages.contains(language ?? "") { errors.add("folderLanguage", texts.text("form.chooseOne")) }
        }
        guard errors.isEmpty, let triage, let guide else { return .invalid(errors) }
        return .valid(Values(triage: triage, reason: reason, guide: guide, folderStatus: status, folderDate: folderDate, folderLanguage: language))
    }

    static func showForm(_ req: Request) async throws -> Response {
        let person = try await req.scopedPerson(try req.idParameter("personID"))
        let existing = try await req.scope().query(TriageDecision.self, on: req.db).filter(\.$person.$id == person.id!).first()
        let input = Input(triage: existing?.triage.rawValue, reason: existing?.reason,
                          guide: existing?.guide.rawValue ?? ConversationGuide.proposed(socialAssistance: person.socialAssistance).rawValue,
                          folderStatus: existing?.folderStatus ?? "not_yet", folderDate: existing?.folderDate,
                          folderLanguage: existing?.folderLanguage, wholeHousehold: existing == nil ? "on" : nil)
        try await req.audit(.personRead, recordType: "person", recordID: person.id, detail: "Triage")
        return try await render(req, person: person, input: input, errors: FieldMessages())
    }

    static func save(_ req: Request) async throws -> Response {
        let person = try await req.scopedPerson(try req.idParameter("personID"))
        let input = try req.content.decode(Input.self)
        switch validate(input, today: CalendarDate(req.now), texts: req.texts) {
        case .invalid(let errors):
            let response = try await render(req, person: person, input: input, errors: errors)
            response.status = .unprocessableEntity
            return response
        case .valid(let values):
            let scope = try req.scope()
            let user = try req.requireUser()
            let persons = input.wholeHousehold != nil
                ? try await scope.persons(on: req.db).filter(\.$household.$id == person.$household.id).all()
                : [person]
            try await req.db.transaction { tx in
                for member in persons {
                    let decision = try await scope.query(TriageDecision.self, on: tx).filter(\.$person.$id == member.id!).first()
                        ?? TriageDecision()
                    decision.$person.id = member.id!
                    decision.$municipality.id = member.$municipality.id
                    decision.triage = values.triage
                    decision.reason = values.reason
                    decision.guide = values.guide
                    decision.folderStatus = values.folderStatus
                    decision.folderDate = values.folderDate?.description
                    decision.folderLanguage = values.folderLanguage
                    decision.$decidedBy.id = user.userID
                    let isNew = decision.id == nil
                    try await decision.save(on: tx)
                    try await req.audit(.personUpdated, recordType: "person", recordID: member.id,
                                        detail: "Triage \(isNew ? "erfasst" : "geändert"): \(values.triage.rawValue)", on: tx)
                }
            }
            return req.redirectAfterSave(to: Paths.person(try person.requireID()))
        }
    }

    static func render(_ req: Request, person: Person, input: Input, errors: FieldMessages) async throws -> Response {
        let texts = req.texts
        let householdSize = try await req.scope().persons(on: req.db).filter(\.$household.$id == person.$household.id).count()
        func options(_ values: [String], _ prefix: String, _ chosen: String?) -> [SelectOption] {
            values.map { SelectOption(value: $0, label: texts.text("\(prefix).\($0)"), selected: $0 == chosen) }
        }
        let page = Page(
            personName: "\(person.givenName) \(person.familyName)", action: Paths.personTriage(person.id!), backHref: Paths.person(person.id!),
            input: ["reason": input.reason ?? "", "folderDate": input.folderDate ?? ""],
            triageOptions: options(Triage.allCases.map(\.rawValue), "triage", input.triage),
            guideOptions: options(ConversationGuide.allCases.map(\.rawValue), "guide", input.guide),
            folderStatusOptions: options(folderStatuses, "folder", input.folderStatus),
            folderLanguageOptions: options(folderLanguages, "folderLanguage", input.folderLanguage),
            wholeHousehold: input.wholeHousehold != nil, householdSize: householdSize,
            proposedGuide: texts.text("guide.\(ConversationGuide.proposed(socialAssistance: person.socialAssistance).rawValue)"),
            errors: errors)
        return try await req.renderPage("Informieren/triage", title: texts.text("triage.title"), body: page)
    }
}
