import Domain
import Fluent
import Foundation
import Persistence
import Platform
import Vapor

/// The Fordern process as a visible sequence per case: trigger, pre-check against the four
/// integration criteria (AIG Art. 58a), conversation type, summons, the integration conversation,
/// review with outcome and next step, and the report to MISA where the deficit persists. A refusal
/// to cooperate is recorded as such; no agreement is forced.
enum CaseRoutes {
    // MARK: List

    static func list(_ req: Request) async throws -> Response {
        let scope = try req.scope()
        let step = (try? req.query.get(String.self, at: "schritt")).flatMap(FordernStep.init(rawValue:))
        var query = scope.query(FordernCase.self, on: req.db)
        if let step { query = query.filter(\.$step == step) } else { query = query.filter(\.$step != .closed) }
        let cases = try await query.sort(\.$triggeredOn, .descending).limit(200).fetch()
        let names = try await ReminderRoutes.names(cases.map(\.$person.id), scope: scope, on: req.db)
        // A list records which persons it showed, as every list of the house does.
        if !names.isEmpty { try await req.audit(.personListed, .persons(Array(names.keys)), detail: "Fordern-Fälle: \(cases.count)") }
        return req.render(CaseListView(cases: cases, names: names, step: step,
                                       today: req.today).page(req.viewContext))
    }

    // MARK: New case

    struct NewInput: Decodable, Sendable {
        var personID: String?
        var triggerSource: String?
        var regularStructureID: String?
        var triggerNote: String?
        var triggeredOn: String?
    }

    static func newForm(_ req: Request) async throws -> Response {
        // Opened from a person; without one, the officer first chooses the person.
        guard let id = (try? req.query.get(String.self, at: "person")).flatMap(UUID.init(uuidString:)) else {
            return req.redirect(to: .persons, flash: "choosePerson")
        }
        let person = try await req.scopedPerson(id)
        let input = NewInput(personID: id.uuidString, triggeredOn: req.today.description)
        return try await renderNew(req, person: person, input: input, errors: FieldMessages())
    }

    static func renderNew(_ req: Request, person: Person, input: NewInput, errors: FieldMessages) async throws -> Response {
        let structures = try await req.scope().query(RegularStructure.self, on: req.db).filter(\.$municipality.$id == person.$municipality.id)
            .filter(\.$active == true).sort(\.$name).fetch()
        var page = NewCaseView(person: person, input: input, errors: errors, structures: structures).page(req.viewContext)
        if !errors.isEmpty { page.status = .unprocessableEntity }
        return req.render(page)
    }

    static func create(_ req: Request) async throws -> Response {
        let input = try req.form(NewInput.self)
        guard let id = input.personID.flatMap(UUID.init(uuidString:)) else { throw AppError.badRequest }
        let person = try await req.scopedPerson(id)
        let t = req.texts
        var errors = FieldMessages()
        let source: TriggerSource? = errors.choice("triggerSource", input.triggerSource, texts: t)
        var structure: UUID?
        let structureText = FieldCheck.trimmed(input.regularStructureID)
        if !structureText.isEmpty {
            structure = try await req.scope().query(RegularStructure.self, on: req.db).filter(\.$municipality.$id == person.$municipality.id)
                .values(of: \.$id).first { $0.uuidString == structureText }
            if structure == nil { errors.add("regularStructureID", t("form.chooseOne")) }
        }
        if source == .regularStructure, structureText.isEmpty { errors.add("regularStructureID", t("cases.structureRequired")) }
        let note = errors.text("triggerNote", input.triggerNote, max: 2000, required: true, multiline: true, texts: t)
        let date = errors.date("triggeredOn", input.triggeredOn, required: true, range: .happened(today: req.today), texts: t)
        guard errors.isEmpty, let source, let date else { return try await renderNew(req, person: person, input: input, errors: errors) }
        let fordernCase = FordernCase()
        fordernCase.id = UUID()
        fordernCase.$person.id = id
        fordernCase.$municipality.id = person.$municipality.id
        fordernCase.triggerSource = source
        fordernCase.regularStructureID = structure
        fordernCase.triggerNote = note
        fordernCase.triggeredOn = date
        fordernCase.refusedCooperation = false
        fordernCase.createdByUserID = try req.requireUser().userID
        fordernCase.refreshStep()
        let caseID = fordernCase.id!
        return try await req.storeOnce { tx in
            try await fordernCase.create(on: tx)
            try await req.audit(.caseOpened, .fordernCase(caseID), detail: "Auslöser: \(source.rawValue)", in: tx)
            return Link.afterSave(.fordernCase(.value(caseID)))
        }
    }

    // MARK: The case page

    /// Everything the case page shows, read through the scope.
    struct Loaded: Sendable {
        let fordernCase: FordernCase
        /// The page shows the person's name and links; the report reads the whole record (`ReportRoutes.person(of:req:)`).
        let person: PersonRow
        let structure: String?
        let conversation: ConversationSummary?
        let personSignature: SignatureState?
        let measures: [Measure]
        let reports: [ReportSummary]
        let questions: [ReportQuestion]
    }

    /// The case's integration conversation as the case page and the report name it.
    struct ConversationSummary: Sendable {
        let id: UUID
        let heldOn: CalendarDate
        let reviewOn: CalendarDate
    }

    /// A report without its attachment (the PDF is read only when downloaded).
    struct ReportSummary: Sendable {
        let id: UUID
        let status: ReportStatus
        let sentOn: CalendarDate?
        let correctsReportID: UUID?
        let decision: MisaDecision?
        let decidedOn: CalendarDate?
        let decisionValidUntil: CalendarDate?
        let decisionNote: String?
        let decisionSeenOn: CalendarDate?
        let deficit: String
        let criteria: String
        /// The conversation form is attached (a download link only where there is something to download).
        var hasAttachment = false
    }

    static func loadCase(_ req: Request) async throws -> FordernCase {
        let id = try req.idParameter("caseID")
        return try await req.scoped(FordernCase.self, id, record: .fordernCase(id))
    }

    static func load(_ req: Request, _ fordernCase: FordernCase) async throws -> Loaded {
        let scope = try req.scope()
        let db = req.db
        let personID = fordernCase.$person.id, caseID = try fordernCase.requireID()
        let structureID = fordernCase.regularStructureID, conversationID = fordernCase.conversationID
        // The case's records read independently (on PostgreSQL as one statement).
        let parts: [@Sendable () async throws -> Part] = [
            { .person(try await scope.records(Person.self, on: db).filter(\.$id, equals: personID).limit(1).personRows().first) },
            {
                guard let structureID else { return .structure(nil) }
                // Only the name is shown: read as a row, not as a model of every field.
                return .structure(try await scope.records(RegularStructure.self, on: db).filter(\.$id, equals: structureID).limit(1)
                    .rows([\RegularStructure.$name]) { try $0[\.$name] }.first)
            },
            {
                guard let conversationID else { return .conversation(nil) }
                // Three of its fields are shown: a row, not a model of every field.
                return .conversation(try await scope.records(IntegrationConversation.self, on: db).filter(\.$id, equals: conversationID).limit(1)
                    .rows([\IntegrationConversation.$id, \IntegrationConversation.$heldOn, \IntegrationConversation.$reviewOn]) {
                        ConversationSummary(id: try $0[\.$id], heldOn: try $0[\.$heldOn], reviewOn: try $0[\.$reviewOn])
                    }.first)
            },
            {
                guard let conversationID else { return .signature(nil) }
                return .signature(try await scope.records(IntegrationParticipant.self, on: db).filter(\.$conversation.$id, equals: conversationID)
                    .filter(\.$person.$id, equals: personID).limit(1).rows([\IntegrationParticipant.$signature]) { try $0[\.$signature] }.first)
            },
            { .measures(try await scope.records(Measure.self, on: db).filter(\.$caseID, equals: caseID).sort(\.$dueOn).fetch()) },
            { .reports(try await reportSummaries(caseID, scope: scope, on: db)) },
        ]
        var found: PersonRow?, structure: String?, conversation: ConversationSummary?, signature: SignatureState?
        var measures: [Measure] = [], reports: [ReportSummary] = []
        for part in try await ReadBatch.together(on: db, parts) {
            switch part {
            case .person(let person): found = person
            case .structure(let name): structure = name
            case .conversation(let record): conversation = record
            case .signature(let state): signature = state
            case .measures(let records): measures = records
            case .reports(let summaries): reports = summaries
            }
        }
        guard let person = found else {
            try await req.audit(.recordNotFound, .person(personID), detail: req.url.path)
            throw AppError.notFound
        }
        var attached: Set<UUID> = [], questions: [ReportQuestion] = []
        if !reports.isEmpty {
            let ids = reports.map(\.id)
            (attached, questions) = try await ReadBatch.together(on: db,
                { Set(try await scope.deficitReports(on: db).filter(\.$id ~~ ids).filter(\.$attachment != nil).values(of: \.$id)) },
                { try await scope.records(ReportQuestion.self, on: db).filter(\.$report.$id, in: ids).sort(\.$askedOn).fetch() })
        }
        let summaries = reports.map { report -> ReportSummary in
            var report = report
            report.hasAttachment = attached.contains(report.id)
            return report
        }
        return Loaded(fordernCase: fordernCase, person: person, structure: structure, conversation: conversation, personSignature: signature,
                      measures: measures, reports: summaries, questions: questions)
    }

    /// What one independent read of a case found.
    private enum Part: Sendable {
        case person(PersonRow?)
        case structure(String?)
        case conversation(ConversationSummary?)
        case signature(SignatureState?)
        case measures([Measure])
        case reports([ReportSummary])
    }

    /// The case's deficit reports as the case page lists them, oldest first.
    private static func reportSummaries(_ caseID: UUID, scope: AccessScope, on db: any Database) async throws -> [ReportSummary] {
        try await scope.deficitReportRecords(on: db).filter(\.$fordernCase.$id, equals: caseID).sort(\.$createdAt)
            .rows([\DeficitReport.$id, \DeficitReport.$status, \DeficitReport.$sentOn, \DeficitReport.$correctsReportID, \DeficitReport.$decision,
                   \DeficitReport.$decidedOn, \DeficitReport.$decisionValidUntil, \DeficitReport.$decisionNote, \DeficitReport.$decisionSeenOn,
                   \DeficitReport.$deficit, \DeficitReport.$criteriaText]) { row in
                ReportSummary(id: try row[\.$id], status: try row[\.$status], sentOn: try row[\.$sentOn], correctsReportID: try row[\.$correctsReportID],
                              decision: try row[\.$decision], decidedOn: try row[\.$decidedOn], decisionValidUntil: try row[\.$decisionValidUntil],
                              decisionNote: try row[\.$decisionNote], decisionSeenOn: try row[\.$decisionSeenOn], deficit: try row[\.$deficit],
                              criteria: try row[\.$criteriaText])
            }
    }

    static func show(_ req: Request) async throws -> Response {
        let fordernCase = try await loadCase(req)
        let loaded = try await load(req, fordernCase)
        try await req.audit(.personRead, .person(loaded.person.id), detail: "Fordern-Fall")
        return req.render(CaseView(loaded: loaded, today: req.today, languages: req.reference.languages).page(req.viewContext))
    }

    /// The case page again with one step's form showing its problems (nothing stored).
    static func invalid(_ req: Request, _ fordernCase: FordernCase, form: CaseView.OpenForm) async throws -> Response {
        let loaded = try await load(req, fordernCase)
        var page = CaseView(loaded: loaded, today: req.today, languages: req.reference.languages, form: form).page(req.viewContext)
        page.status = .unprocessableEntity
        return req.render(page)
    }

    /// Stores a step of the case with its step kept in line and its typed audit events, then shows the case.
    static func save(_ fordernCase: FordernCase, _ req: Request, _ events: [(AuditAction, String)]) async throws -> Response {
        fordernCase.refreshStep()
        try await req.db.writeTransaction { tx in
            try await fordernCase.update(on: tx)
            for (action, detail) in events { try await req.audit(action, .fordernCase(fordernCase.id!), detail: detail, in: tx) }
        }
        return req.redirect(to: .fordernCase(.value(fordernCase.id!)))
    }

    /// A sent case is read-only for its steps (a correction is a new report, not a changed case).
    static func requireOpen(_ fordernCase: FordernCase) throws {
        guard fordernCase.closedOn == nil, fordernCase.reportedOn == nil else { throw AppError.readOnly }
    }

    // MARK: Pre-check

    struct PrecheckInput: Decodable, Sendable {
        var concerned: [String]?
        var note: [String: String]?
        var languageLevel: String?
        var languageProof: String?
        var conversationType: String?
    }

    static func precheck(_ req: Request) async throws -> Response {
        let fordernCase = try await loadCase(req)
        try requireOpen(fordernCase)
        let input = try req.form(PrecheckInput.self)
        let t = req.texts
        var errors = FieldMessages()
        let concerned = Set(input.concerned ?? [])
        var criteria: [IntegrationCriterion: FordernCase.Criterion] = [:]
        for criterion in IntegrationCriterion.allCases {
            let note = errors.optionalText("note-\(criterion.rawValue)", input.note?[criterion.rawValue], max: 1000, multiline: true, texts: t)
            let isConcerned = concerned.contains(criterion.rawValue)
            if isConcerned, note == nil, errors["note-\(criterion.rawValue)"] == nil {
                errors.add("note-\(criterion.rawValue)", t("cases.criterionNoteRequired"))
            }
            criteria[criterion] = .init(concerned: isConcerned, note: note)
        }
        if concerned.isEmpty { errors.add("concerned", t("cases.oneCriterion")) }
        let level: GermanLevel? = errors.choice("languageLevel", input.languageLevel, required: false, texts: t)
        let proof = errors.optionalText("languageProof", input.languageProof, max: 300, texts: t)
        let type: ConversationType? = errors.choice("conversationType", input.conversationType, texts: t)
        guard errors.isEmpty, let type else { return try await invalid(req, fordernCase, form: .precheck(input, errors)) }
        fordernCase.criteria = criteria
        fordernCase.languageLevel = level
        fordernCase.languageProof = proof
        fordernCase.conversationType = type
        return try await save(fordernCase, req, [(.casePrechecked, "Kriterien: \(concerned.sorted().joined(separator: ", ")); \(type.rawValue)")])
    }

    // MARK: Summons

    struct SummonsInput: Decodable, Sendable {
        var plannedOn: String?
        var time: String?
        var place: String?
        var interpreterLanguage: String?
    }

    static func summons(_ req: Request) async throws -> Response {
        let fordernCase = try await loadCase(req)
        try requireOpen(fordernCase)
        let input = try req.form(SummonsInput.self)
        let t = req.texts
        var errors = FieldMessages()
        let date = errors.date("plannedOn", input.plannedOn, required: true, range: .planned(today: req.today), texts: t)
        let time = errors.time("time", input.time, texts: t)
        let place = errors.text("place", input.place, max: 200, required: true, texts: t)
        let language = FieldCheck.trimmed(input.interpreterLanguage)
        if !language.isEmpty, !req.reference.languages.contains(language) { errors.add("interpreterLanguage", t("form.chooseOne")) }
        guard errors.isEmpty, let date else { return try await invalid(req, fordernCase, form: .summons(input, errors)) }
        fordernCase.conversationPlannedOn = date
        fordernCase.conversationTime = time
        fordernCase.conversationPlace = place
        fordernCase.interpreterLanguage = language.isEmpty ? nil : language
        fordernCase.summonsOn = req.today
        return try await save(fordernCase, req, [(.caseSummoned, "Gespräch geplant am \(date)")])
    }

    // MARK: Review

    struct ReviewInput: Decodable, Sendable {
        var outcome: String?
        var reviewNote: String?
        var nextStep: String?
    }

    static func review(_ req: Request) async throws -> Response {
        let fordernCase = try await loadCase(req)
        try requireOpen(fordernCase)
        let input = try req.form(ReviewInput.self)
        let t = req.texts
        var errors = FieldMessages()
        if fordernCase.conversationID == nil, !fordernCase.refusedCooperation { errors.add("outcome", t("cases.reviewNeedsConversation")) }
        let outcome: ReviewOutcome? = errors.choice("outcome", input.outcome, texts: t)
        let note = errors.text("reviewNote", input.reviewNote, max: 2000, required: true, multiline: true, texts: t)
        let next = errors.optionalText("nextStep", input.nextStep, max: 500, texts: t)
        guard errors.isEmpty, let outcome else { return try await invalid(req, fordernCase, form: .review(input, errors)) }
        fordernCase.reviewOutcome = outcome
        fordernCase.reviewNote = note
        fordernCase.nextStep = next
        if outcome == .fulfilled { fordernCase.closedOn = req.today }
        return try await save(fordernCase, req, [(.caseReviewed, "Ergebnis: \(outcome.rawValue)")]
                                                + (outcome == .fulfilled ? [(.caseClosed, "Ziele erfüllt")] : []))
    }

    // MARK: Refusal

    struct RefusalInput: Decodable, Sendable {
        var refusalNote: String?
    }

    static func refusal(_ req: Request) async throws -> Response {
        let fordernCase = try await loadCase(req)
        try requireOpen(fordernCase)
        let input = try req.form(RefusalInput.self)
        var errors = FieldMessages()
        let note = errors.text("refusalNote", input.refusalNote, max: 2000, required: true, multiline: true, texts: req.texts)
        guard errors.isEmpty else { return try await invalid(req, fordernCase, form: .refusal(input, errors)) }
        fordernCase.refusedCooperation = true
        fordernCase.refusalNote = note
        return try await save(fordernCase, req, [(.caseRefusalRecorded, "Mitwirkung verweigert")])
    }
}

/// Cases on the person's timeline: the trigger, and the review outcome when there is one.
struct CaseTimeline: TimelineSource {
    func entries(_ request: TimelineRequest) async throws -> [TimelineEntry] {
        let t = request.texts
        let cases = try await request.scope.records(FordernCase.self, on: request.database).filter(\.$person.$id, equals: request.person.id!).fetch()
        let link = request.user.has(.workOnCases)
        return cases.map { item in
            TimelineEntry(date: item.triggeredOn, sortKey: "7", title: t("timeline.fordernCase"),
                          lines: [t.label("trigger.source", item.triggerSource), t.label("case.step", item.step)],
                          link: link ? Link(.fordernCase(.value(item.id!))) : nil)
        }
    }
}
