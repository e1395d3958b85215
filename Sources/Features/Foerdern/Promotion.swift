import Domain
import Fluent
import Foundation
import Persistence
import Platform
import Vapor

/// Individual promotion of a person: the starting-position assessment over the eight themes, goals,
/// measures (an offer or free text, who carries it out, until when, how it goes), the integration
/// conversations and the Fordern cases.
enum PromotionRoutes {
    static func person(_ req: Request) async throws -> Person {
        try await req.scopedPerson(try req.idParameter("personID"))
    }

    static func show(_ req: Request) async throws -> Response {
        let person = try await person(req)
        let model = try await PromotionModel.query(person, scope: try req.scope(), database: req.db, texts: req.texts, today: req.today)
        try await req.audit(.personRead, .person(person.id!), detail: "Fördern")
        return req.render(PromotionView(model: model).page(req.viewContext))
    }

    // MARK: Assessment

    struct AssessmentInput: Decodable, Sendable {
        var assessedOn: String?
        var status: [String: String]?
        var note: [String: String]?
    }

    static func assessmentForm(_ req: Request) async throws -> Response {
        let person = try await person(req)
        let latest = try await req.scope().query(Assessment.self, on: req.db).filter(\.$person.$id == person.id!)
            .sort(\.$assessedOn, .descending).fetchFirst()
        let entries = latest?.entries ?? [:]
        let input = AssessmentInput(assessedOn: req.today.description,
                                    status: Dictionary(uniqueKeysWithValues: IntegrationTheme.allCases.map {
                                        ($0.rawValue, (entries[$0]?.status ?? .notAssessed).rawValue) }),
                                    note: Dictionary(uniqueKeysWithValues: IntegrationTheme.allCases.map { ($0.rawValue, entries[$0]?.note ?? "") }))
        try await req.audit(.personRead, .person(person.id!), detail: "Standortbestimmung")
        return req.render(AssessmentFormView(person: person, input: input, errors: FieldMessages()).page(req.viewContext))
    }

    static func saveAssessment(_ req: Request) async throws -> Response {
        let person = try await person(req)
        let input = try req.form(AssessmentInput.self)
        let t = req.texts
        var errors = FieldMessages()
        let date = errors.date("assessedOn", input.assessedOn, required: true, range: .happened(today: req.today), texts: t)
        var entries: [IntegrationTheme: Assessment.Entry] = [:]
        for theme in IntegrationTheme.allCases {
            let status: ThemeStatus? = errors.choice("status-\(theme.rawValue)", input.status?[theme.rawValue] ?? ThemeStatus.notAssessed.rawValue,
                                                     texts: t)
            let note = errors.optionalText("note-\(theme.rawValue)", input.note?[theme.rawValue], max: 1000, texts: t)
            if let status { entries[theme] = .init(status: status, note: note) }
        }
        if entries.values.allSatisfy({ $0.status == .notAssessed }) { errors.add("status-\(IntegrationTheme.learningGerman.rawValue)", t("assessment.oneTheme")) }
        guard errors.isEmpty, let date else {
            var page = AssessmentFormView(person: person, input: input, errors: errors).page(req.viewContext)
            page.status = .unprocessableEntity
            return req.render(page)
        }
        let assessment = Assessment()
        assessment.$person.id = person.id!
        assessment.$municipality.id = person.$municipality.id
        assessment.assessedOn = date
        assessment.entries = entries
        assessment.recordedByUserID = try req.requireUser().userID
        return try await req.storeOnce { tx in
            try await assessment.create(on: tx)
            try await req.audit(.assessmentRecorded, .person(person.id!), detail: "Standortbestimmung \(date)", in: tx)
            return Link.afterSave(.personPromotion(.value(person.id!)))
        }
    }

    // MARK: Goals

    struct GoalInput: Decodable, Sendable {
        var theme: String?
        var text: String?
    }

    static func goalForm(_ req: Request) async throws -> Response {
        let person = try await person(req)
        return req.render(GoalFormView(person: person, input: GoalInput(), errors: FieldMessages()).page(req.viewContext))
    }

    static func createGoal(_ req: Request) async throws -> Response {
        let person = try await person(req)
        let input = try req.form(GoalInput.self)
        var errors = FieldMessages()
        let theme: IntegrationTheme? = errors.choice("theme", input.theme, texts: req.texts)
        let text = errors.text("text", input.text, max: 1000, required: true, texts: req.texts)
        guard errors.isEmpty, let theme else {
            var page = GoalFormView(person: person, input: input, errors: errors).page(req.viewContext)
            page.status = .unprocessableEntity
            return req.render(page)
        }
        let goal = Goal()
        goal.$person.id = person.id!
        goal.$municipality.id = person.$municipality.id
        goal.theme = theme
        goal.text = text
        goal.status = .open
        goal.setOn = req.today
        return try await req.storeOnce { tx in
            try await goal.create(on: tx)
            try await req.audit(.goalChanged, .person(person.id!), detail: "Ziel erfasst: \(theme.rawValue)", in: tx)
            return Link.afterSave(.personPromotion(.value(person.id!)))
        }
    }

    struct StatusInput: Decodable, Sendable { var status: String? }

    static func goalStatus(_ req: Request) async throws -> Response {
        let id = try req.idParameter("goalID")
        let goal = try await req.scoped(Goal.self, id, record: .person(id))
        guard let status = GoalStatus(rawValue: try req.form(StatusInput.self).status ?? "") else { throw AppError.badRequest }
        goal.status = status
        try await req.db.writeTransaction { tx in
            try await goal.update(on: tx)
            try await req.audit(.goalChanged, .person(goal.$person.id), detail: "Ziel: \(status.rawValue)", in: tx)
        }
        return req.redirect(to: .personPromotion(.value(goal.$person.id)))
    }

    // MARK: Measures

    static func measureForm(_ req: Request) async throws -> Response {
        let person = try await person(req)
        var input = MeasureInput()
        input.dueOn = req.today.addingMonths(3).description
        input.status = MeasureStatus.proposed.rawValue
        input.caseID = try? req.query.get(String.self, at: "fall")
        return try await renderMeasure(req, person: person, measure: nil, input: input, errors: FieldMessages())
    }

    static func createMeasure(_ req: Request) async throws -> Response {
        let person = try await person(req)
        let input = try req.form(MeasureInput.self)
        let context = try await MeasureForm.context(req, person: person)
        switch MeasureForm.validate(input, context: context, today: req.today, texts: req.texts) {
        case .invalid(let errors):
            return try await renderMeasure(req, person: person, measure: nil, input: input, errors: errors)
        case .valid(let values):
            let measure = Measure()
            measure.$person.id = person.id!
            measure.$municipality.id = person.$municipality.id
            values.apply(to: measure)
            return try await req.storeOnce { tx in
                try await measure.create(on: tx)
                try await req.audit(.measureChanged, .measure(measure.id!), detail: "Massnahme erfasst: \(values.status.rawValue)", in: tx)
                return Link.afterSave(values.caseID.map { .fordernCase(.value($0)) } ?? .personPromotion(.value(person.id!)))
            }
        }
    }

    static func scopedMeasure(_ req: Request) async throws -> (Measure, Person) {
        let id = try req.idParameter("measureID")
        let measure = try await req.scoped(Measure.self, id, record: .measure(id))
        return (measure, try await req.scopedPerson(measure.$person.id))
    }

    static func editMeasure(_ req: Request) async throws -> Response {
        let (measure, person) = try await scopedMeasure(req)
        return try await renderMeasure(req, person: person, measure: measure, input: MeasureInput(measure), errors: FieldMessages())
    }

    static func updateMeasure(_ req: Request) async throws -> Response {
        let (measure, person) = try await scopedMeasure(req)
        let input = try req.form(MeasureInput.self)
        let context = try await MeasureForm.context(req, person: person)
        switch MeasureForm.validate(input, context: context, today: req.today, texts: req.texts) {
        case .invalid(let errors):
            return try await renderMeasure(req, person: person, measure: measure, input: input, errors: errors)
        case .valid(let values):
            let before = measure.status
            values.apply(to: measure)
            try await req.db.writeTransaction { tx in
                try await measure.update(on: tx)
                if before != values.status {
                    try await req.audit(.measureStatusChanged, .measure(measure.id!), detail: "\(before.rawValue) → \(values.status.rawValue)", in: tx)
                } else {
                    try await req.audit(.measureChanged, .measure(measure.id!), detail: "Massnahme geändert", in: tx)
                }
            }
            return req.redirect(to: values.caseID.map { .fordernCase(.value($0)) } ?? .personPromotion(.value(person.id!)))
        }
    }

    static func renderMeasure(_ req: Request, person: Person, measure: Measure?, input: MeasureInput, errors: FieldMessages) async throws -> Response {
        let context = try await MeasureForm.context(req, person: person)
        var page = MeasureFormView(person: person, measure: measure, input: input, errors: errors, context: context).page(req.viewContext)
        if !errors.isEmpty { page.status = .unprocessableEntity }
        return req.render(page)
    }
}

/// The measure form, as typed.
struct MeasureInput: Decodable, Sendable {
    var title: String?
    var offerID: String?
    var goalID: String?
    var responsible: String?
    var regularStructureID: String?
    var dueOn: String?
    var status: String?
    var costNote: String?
    var caseID: String?

    init() {}

    init(_ measure: Measure) {
        title = measure.title
        offerID = measure.offerID?.uuidString
        goalID = measure.goalID?.uuidString
        responsible = measure.responsible.rawValue
        regularStructureID = measure.regularStructureID?.uuidString
        dueOn = measure.dueOn.description
        status = measure.status.rawValue
        costNote = measure.costNote
        caseID = measure.caseID?.uuidString
    }
}

enum MeasureForm {
    /// What a measure may refer to: the person's goals, the offers the user sees, the municipality's structures.
    struct Context: Sendable {
        let goals: [Goal]
        let offers: [Offer]
        let structures: [RegularStructure]
        let cases: [UUID]
    }

    static func context(_ req: Request, person: Person) async throws -> Context {
        let scope = try req.scope()
        return Context(
            goals: try await scope.records(Goal.self, on: req.db).filter(\.$person.$id, equals: person.id!).filter(\.$status, equals: .open).fetch(),
            offers: try await scope.offers(on: req.db).filter(\.$archivedOn == nil).sort(\.$title).all(),
            structures: try await scope.records(RegularStructure.self, on: req.db).filter(\.$municipality.$id, equals: person.$municipality.id)
                .filter(\.$active, equals: true).sort(\.$name).fetch(),
            cases: try await scope.query(FordernCase.self, on: req.db).filter(\.$person.$id == person.id!).values(of: \.$id))
    }

    struct Values: Sendable {
        let title: String
        let offerID: UUID?
        let goalID: UUID?
        let responsible: MeasureResponsible
        let regularStructureID: UUID?
        let dueOn: CalendarDate
        let status: MeasureStatus
        let costNote: String?
        let caseID: UUID?

        func apply(to measure: Measure) {
            measure.title = title
            measure.offerID = offerID
            measure.goalID = goalID
            measure.responsible = responsible
            measure.regularStructureID = responsible == .regularStructure ? regularStructureID : nil
            measure.dueOn = dueOn
            measure.status = status
            measure.costNote = costNote
            measure.caseID = caseID
        }
    }

    /// A measure needs a title or an offer, someone responsible (a structure when a structure is) and a due date.
    static func validate(_ input: MeasureInput, context: Context, today: CalendarDate, texts t: Localizer, prefix: String = "") -> Validated<Values> {
        var errors = FieldMessages()
        let offerText = FieldCheck.trimmed(input.offerID)
        let offer = offerText.isEmpty ? nil : context.offers.first { $0.id?.uuidString == offerText }
        if !offerText.isEmpty, offer == nil { errors.add(prefix + "offerID", t("form.chooseOne")) }
        var title = errors.text(prefix + "title", input.title, max: 300, texts: t)
        if title.isEmpty, let offer { title = offer.title }
        if title.isEmpty, errors[prefix + "offerID"] == nil { errors.add(prefix + "title", t("measures.titleRequired")) }
        let goalText = FieldCheck.trimmed(input.goalID)
        let goal = goalText.isEmpty ? nil : context.goals.first { $0.id?.uuidString == goalText }
        if !goalText.isEmpty, goal == nil { errors.add(prefix + "goalID", t("form.chooseOne")) }
        let responsibleText = FieldCheck.trimmed(input.responsible)
        let responsible = MeasureResponsible(rawValue: responsibleText)
        if responsible == nil { errors.add(prefix + "responsible", t(responsibleText.isEmpty ? "measures.responsibleRequired" : "form.chooseOne")) }
        var structure: UUID?
        if responsible == .regularStructure {
            let text = FieldCheck.trimmed(input.regularStructureID)
            structure = context.structures.first { $0.id?.uuidString == text }?.id
            if structure == nil { errors.add(prefix + "regularStructureID", t("measures.structureRequired")) }
        }
        let due = errors.date(prefix + "dueOn", input.dueOn, required: true, range: .planned(today: today), texts: t)
        let status: MeasureStatus? = errors.choice(prefix + "status", input.status ?? MeasureStatus.proposed.rawValue, texts: t)
        let cost = errors.optionalText(prefix + "costNote", input.costNote, max: 500, texts: t)
        let caseText = FieldCheck.trimmed(input.caseID)
        let caseID = caseText.isEmpty ? nil : context.cases.first { $0.uuidString == caseText }
        if !caseText.isEmpty, caseID == nil { errors.add(prefix + "caseID", t("form.chooseOne")) }
        guard errors.isEmpty, let responsible, let due, let status else { return .invalid(errors) }
        return .valid(Values(title: title, offerID: offer?.id, goalID: goal?.id, responsible: responsible, regularStructureID: structure,
                             dueOn: due, status: status, costNote: cost, caseID: caseID))
    }
}

/// Everything of a person's promotion, for the page.
struct PromotionModel {
    struct ConversationRow {
        let id: UUID
        let heldOn: CalendarDate
        let need: String
        let reviewOn: CalendarDate
        let reviewed: Bool
        let personSignature: SignatureState
    }

    struct CaseRow {
        let id: UUID
        let triggeredOn: CalendarDate
        let step: FordernStep
    }

    let person: Person
    let programmeS: Bool
    let assessment: Assessment?
    let goals: [Goal]
    let measures: [MeasureTable.Row]
    let conversations: [ConversationRow]
    let cases: [CaseRow]

    static func query(_ person: Person, scope: AccessScope, database db: any Database, texts t: Localizer,
                      today: CalendarDate) async throws -> PromotionModel {
        let id = person.id!
        let assessment = try await scope.records(Assessment.self, on: db).filter(\.$person.$id, equals: id).sort(\.$assessedOn, .descending).fetchFirst()
        let goals = try await scope.records(Goal.self, on: db).filter(\.$person.$id, equals: id).sort(\.$setOn).fetch()
        let measures = try await scope.records(Measure.self, on: db).filter(\.$person.$id, equals: id).sort(\.$dueOn).fetch()
        let structures = Dictionary(uniqueKeysWithValues: try await scope.records(RegularStructure.self, on: db)
            .filter(\.$id, in: measures.compactMap(\.regularStructureID)).fetch().map { ($0.id!, $0.name) })
        let participations = try await scope.records(IntegrationParticipant.self, on: db).filter(\.$person.$id, equals: id).fetch()
        let conversations = participations.isEmpty ? [] : try await scope.records(IntegrationConversation.self, on: db)
            .filter(\.$id, in: participations.map(\.$conversation.id)).sort(\.$heldOn, .descending).fetch()
        let cases = try await scope.records(FordernCase.self, on: db).filter(\.$person.$id, equals: id).sort(\.$triggeredOn, .descending).fetch()
        return PromotionModel(
            person: person, programmeS: person.targetGroup == .programmeS, assessment: assessment, goals: goals,
            measures: measures.map { MeasureTable.Row($0, structureName: $0.regularStructureID.flatMap { structures[$0] }, today: today, texts: t) },
            conversations: conversations.map { conversation in
                ConversationRow(id: conversation.id!, heldOn: conversation.heldOn, need: conversation.need, reviewOn: conversation.reviewOn,
                                reviewed: conversation.reviewedOn != nil,
                                personSignature: participations.first { $0.$conversation.id == conversation.id }?.signature ?? .pending)
            },
            cases: cases.map { CaseRow(id: $0.id!, triggeredOn: $0.triggeredOn, step: $0.step) })
    }
}

struct PromotionView {
    let model: PromotionModel

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let person = model.person
        let id = person.id!
        return WebPage(title: t("promotion.title")) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.person(.value(id))))) { person.name.full } }
            h1 {
                t("promotion.heading", ["name": person.name.full])
                if model.programmeS { " "; span(.class("tag tag-to_do")) { t("promotion.programmeS") } }
            }
            ul(.class("action-bar no-print")) {
                li { anchor(.class("button"), .href(Link(.personAssessment(.value(id))))) { t("assessment.record") } }
                li { anchor(.class("button"), .href(Link(.personNewGoal(.value(id))))) { t("goals.new") } }
                li { anchor(.class("button"), .href(Link(.personNewMeasure(.value(id))))) { t("measures.new") } }
                li { anchor(.class("button primary"), .href(Link(.newIntegrationConversation, query: [("person", id.uuidString)]))) { t("conversations.new") } }
                li { anchor(.class("button"), .href(Link(.newCase, query: [("person", id.uuidString)]))) { t("cases.new") } }
            }
            section(.ariaLabelledBy("assessment-heading")) {
                h2(.id("assessment-heading")) { t("assessment.title") }
                if let assessment = model.assessment {
                    paragraph(.class("muted")) { t("assessment.of", ["date": assessment.assessedOn.swissFormat]) }
                    let entries = assessment.entries
                    div(.class("table-wrap")) {
                        table {
                            caption(.class("visually-hidden")) { t("assessment.title") }
                            thead { tr { th(.scope("col")) { t("offers.theme") }; th(.scope("col")) { t("assessment.status") }; th(.scope("col")) { t("assessment.note") } } }
                            tbody {
                                for theme in IntegrationTheme.allCases {
                                    let entry = entries[theme]
                                    tr {
                                        th(.scope("row")) { t.label("theme", theme) }
                                        td { t.label("themeStatus", entry?.status ?? .notAssessed) }
                                        td { entry?.note ?? "" }
                                    }
                                }
                            }
                        }
                    }
                } else {
                    paragraph(.class("empty")) { t("assessment.none") }
                }
            }
            section(.ariaLabelledBy("goals-heading")) {
                h2(.id("goals-heading")) { t("goals.title") }
                if model.goals.isEmpty { paragraph(.class("empty")) { t("goals.none") } }
                ul(.class("goal-list")) {
                    for goal in model.goals {
                        li {
                            strong { t.label("theme", goal.theme) }
                            ": \(goal.text) · \(t.label("goal.status", goal.status))"
                            if goal.status == .open {
                                " "
                                actionButton(Link(.goalStatus(.value(goal.id!))), csrf: c.csrf, label: t("goals.achieved"), classes: "button small",
                                             [("status", GoalStatus.achieved.rawValue)])
                            }
                        }
                    }
                }
            }
            section(.ariaLabelledBy("measures-heading")) {
                h2(.id("measures-heading")) { t("measures.title") }
                MeasureTable(rows: model.measures).render(t)
            }
            section(.ariaLabelledBy("conversations-heading")) {
                h2(.id("conversations-heading")) { t("conversations.title") }
                if model.conversations.isEmpty { paragraph(.class("empty")) { t("conversations.none") } }
                ul {
                    for conversation in model.conversations {
                        li {
                            anchor(.href(Link(.integrationConversation(.value(conversation.id))))) {
                                t("conversations.of", ["date": conversation.heldOn.swissFormat])
                            }
                            " · \(conversation.need)"
                            " · \(t("conversations.reviewOn", ["date": conversation.reviewOn.swissFormat]))"
                            if conversation.reviewed { " (\(t("conversations.reviewed")))" }
                            " · \(t.label("signature", conversation.personSignature))"
                        }
                    }
                }
            }
            section(.ariaLabelledBy("cases-heading")) {
                h2(.id("cases-heading")) { t("cases.title") }
                if model.cases.isEmpty { paragraph(.class("empty")) { t("cases.none") } }
                ul {
                    for item in model.cases {
                        li {
                            anchor(.href(Link(.fordernCase(.value(item.id))))) { t("cases.of", ["date": item.triggeredOn.swissFormat]) }
                            " · \(t.label("case.step", item.step))"
                        }
                    }
                }
            }
        }
    }
}

struct AssessmentFormView {
    let person: Person
    let input: PromotionRoutes.AssessmentInput
    let errors: FieldMessages

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let id = person.id!
        return WebPage(title: t("assessment.formTitle"), hasErrors: !errors.isEmpty) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.personPromotion(.value(id))))) { person.name.full } }
            h1 { t("assessment.formTitle") }
            paragraph { t("assessment.intro") }
            errorSummary(t("form.hasErrors"), errors.order.map { ($0, errors[$0]!) })
            postForm(Link(.personAssessment(.value(id))), csrf: c.csrf, .class("form wide")) {
                textField(FieldSpec(id: "assessedOn", label: t("assessment.date"), error: errors["assessedOn"]), value: input.assessedOn ?? "",
                          type: .date)
                for theme in IntegrationTheme.allCases {
                    fieldset(.class("theme-row")) {
                        legend { t.label("theme", theme) }
                        div(.class("grid-2")) {
                            selectField(FieldSpec(id: "status-\(theme.rawValue)", name: "status[\(theme.rawValue)]", label: t("assessment.status"),
                                                  error: errors["status-\(theme.rawValue)"]),
                                        options: SelectOption.of(ThemeStatus.self, "themeStatus", chosen: input.status?[theme.rawValue], texts: t))
                            textField(FieldSpec(id: "note-\(theme.rawValue)", name: "note[\(theme.rawValue)]", label: t("assessment.note"),
                                                error: errors["note-\(theme.rawValue)"], note: t("form.optional")),
                                      value: input.note?[theme.rawValue] ?? "", .maxlength(1000))
                        }
                    }
                }
                div(.class("actions")) {
                    button(.type(.submit), .class("button primary")) { t("form.save") }
                    anchor(.class("button"), .href(Link(.personPromotion(.value(id))))) { t("form.cancel") }
                }
            }
        }
    }
}

struct GoalFormView {
    let person: Person
    let input: PromotionRoutes.GoalInput
    let errors: FieldMessages

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let id = person.id!
        return WebPage(title: t("goals.newTitle"), hasErrors: !errors.isEmpty) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.personPromotion(.value(id))))) { person.name.full } }
            h1 { t("goals.newTitle") }
            errorSummary(t("form.hasErrors"), errors.order.map { ($0, errors[$0]!) })
            postForm(Link(.personNewGoal(.value(id))), csrf: c.csrf, .class("form")) {
                selectField(FieldSpec(id: "theme", label: t("offers.theme"), error: errors["theme"]),
                            options: SelectOption.of(IntegrationTheme.self, "theme", chosen: input.theme, texts: t), placeholder: t("form.pleaseChoose"))
                textAreaField(FieldSpec(id: "text", label: t("goals.text"), hint: t("goals.textHint"), error: errors["text"]), value: input.text ?? "",
                              rows: 3, maxLength: 1000)
                div(.class("actions")) {
                    button(.type(.submit), .class("button primary")) { t("form.save") }
                    anchor(.class("button"), .href(Link(.personPromotion(.value(id))))) { t("form.cancel") }
                }
            }
        }
    }
}

/// The fields of one measure: on its own form and as a row of the integration-conversation form.
struct MeasureFields {
    let input: MeasureInput
    let errors: FieldMessages
    let context: MeasureForm.Context
    /// "" on the measure's own form; "measures[0]" and "m0-" in the conversation form.
    var namePrefix = ""
    var idPrefix = ""

    func name(_ field: String) -> String { namePrefix.isEmpty ? field : "\(namePrefix)[\(field)]" }

    func render(_ t: Localizer) -> Node {
        .fragment([
            div(.class("grid-2")) {
                textField(FieldSpec(id: idPrefix + "title", name: name("title"), label: t("measures.measure"), hint: t("measures.titleHint"),
                                    error: errors[idPrefix + "title"]), value: input.title ?? "", .maxlength(300))
                selectField(FieldSpec(id: idPrefix + "offerID", name: name("offerID"), label: t("measures.offer"), error: errors[idPrefix + "offerID"],
                                      note: t("form.optional")),
                            options: context.offers.map { SelectOption(value: $0.id!.uuidString, label: "\($0.title) (\($0.provider))",
                                                                       selected: $0.id!.uuidString == input.offerID) },
                            placeholder: t("measures.noOffer"))
            },
            choiceGroup(id: idPrefix + "responsible", name: name("responsible"), legend: t("measures.responsible"),
                        options: SelectOption.of(MeasureResponsible.self, "measure.responsible", chosen: input.responsible, texts: t),
                        error: errors[idPrefix + "responsible"], inline: true),
            div(.class("grid-2")) {
                selectField(FieldSpec(id: idPrefix + "regularStructureID", name: name("regularStructureID"), label: t("measures.structure"),
                                      hint: t("measures.structureHint"), error: errors[idPrefix + "regularStructureID"]),
                            options: context.structures.map { SelectOption(value: $0.id!.uuidString, label: $0.name,
                                                                           selected: $0.id!.uuidString == input.regularStructureID) },
                            placeholder: t("form.pleaseChoose"))
                textField(FieldSpec(id: idPrefix + "dueOn", name: name("dueOn"), label: t("measures.dueOn"), error: errors[idPrefix + "dueOn"]),
                          value: input.dueOn ?? "", type: .date)
                selectField(FieldSpec(id: idPrefix + "status", name: name("status"), label: t("measures.status"), error: errors[idPrefix + "status"]),
                            options: SelectOption.of(MeasureStatus.self, "measure.status", chosen: input.status, texts: t))
                textField(FieldSpec(id: idPrefix + "costNote", name: name("costNote"), label: t("measures.costNote"), hint: t("measures.costNoteHint"),
                                    error: errors[idPrefix + "costNote"], note: t("form.optional")),
                          value: input.costNote ?? "", .maxlength(500))
            },
        ])
    }
}

struct MeasureFormView {
    let person: Person
    let measure: Measure?
    let input: MeasureInput
    let errors: FieldMessages
    let context: MeasureForm.Context

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let id = person.id!
        let title = t(measure == nil ? "measures.newTitle" : "measures.editTitle")
        let action = measure.map { Link(.measure(.value($0.id!))) } ?? Link(.personNewMeasure(.value(id)))
        return WebPage(title: title, hasErrors: !errors.isEmpty) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.personPromotion(.value(id))))) { person.name.full } }
            h1 { title }
            errorSummary(t("form.hasErrors"), errors.order.map { field in
                (field == "responsible" ? "responsible-\(MeasureResponsible.allCases[0].rawValue)" : field, errors[field]!)
            })
            postForm(action, csrf: c.csrf, .class("form wide")) {
                if !context.goals.isEmpty {
                    selectField(FieldSpec(id: "goalID", label: t("measures.goal"), error: errors["goalID"], note: t("form.optional")),
                                options: context.goals.map { SelectOption(value: $0.id!.uuidString, label: "\(t.label("theme", $0.theme)): \($0.text)",
                                                                          selected: $0.id!.uuidString == input.goalID) },
                                placeholder: t("measures.noGoal"))
                }
                MeasureFields(input: input, errors: errors, context: context).render(t)
                if let caseID = input.caseID, !caseID.isEmpty { hiddenField("caseID", caseID) }
                div(.class("actions")) {
                    button(.type(.submit), .class("button primary")) { t("form.save") }
                    anchor(.class("button"), .href(Link(.personPromotion(.value(id))))) { t("form.cancel") }
                }
            }
        }
    }
}
