import Domain
import Fluent
import Foundation
import Persistence
import Platform
import Vapor

/// The integration conversation (Integrationsgespräch), in Fördern and Fordern alike: several persons
/// of a household, the interpreter, need, goals and measures, remarks, the three signatures and the
/// review date (six months later unless agreed otherwise). Linked to a Fordern case when opened from one.
enum IntegrationConversationRoutes {
    static let goalRows = 2
    static let measureRows = 3

    struct GoalRow: Decodable, Sendable {
        var personID: String?
        var theme: String?
        var text: String?
    }

    struct Input: Decodable, Sendable {
        var personID: String?
        var caseID: String?
        var participants: [String]?
        var heldOn: String?
        var place: String?
        var interpreterPresent: String?
        var interpreterLanguage: String?
        var interpreterChannel: String?
        var need: String?
        var goals: [String: GoalRow]?
        var measures: [String: MeasureInput]?
        var measurePersons: [String: String]?
        var remarks: String?
        var signature: [String: String]?
        var leadSignature: String?
        var interpreterSignature: String?
        var reviewOn: String?
    }

    /// The household of the person the conversation is opened for, and what measures may refer to.
    struct Context: Sendable {
        let person: Person
        let household: [Person]
        let measures: MeasureForm.Context
        let fordernCase: FordernCase?
    }

    static func context(_ req: Request, personID: UUID, caseID: UUID?) async throws -> Context {
        let person = try await req.scopedPerson(personID)
        let scope = try req.scope()
        let household = try await scope.records(Person.self, on: req.db).filter(\.$household.$id, equals: person.$household.id).sort(\.$birthDate).fetch()
        var fordernCase: FordernCase?
        if let caseID {
            fordernCase = try await req.scoped(FordernCase.self, caseID, record: .fordernCase(caseID))
            guard fordernCase?.$person.id == person.id else { throw AppError.notFound }
        }
        return Context(person: person, household: household, measures: try await MeasureForm.context(req, person: person), fordernCase: fordernCase)
    }

    static func uuid(_ text: String?) -> UUID? { text.flatMap { UUID(uuidString: FieldCheck.trimmed($0)) } }

    static func newForm(_ req: Request) async throws -> Response {
        // Opened from a person (or a case); without one, the officer first chooses the person.
        guard let personID = uuid(try? req.query.get(String.self, at: "person")) else { return req.redirect(to: .persons, flash: "choosePerson") }
        let caseID = uuid(try? req.query.get(String.self, at: "fall"))
        let context = try await context(req, personID: personID, caseID: caseID)
        let c = context.fordernCase
        var input = Input()
        input.personID = personID.uuidString
        input.caseID = caseID?.uuidString
        input.participants = [personID.uuidString]
        input.heldOn = req.today.description
        input.place = c?.conversationPlace
        input.interpreterPresent = c?.interpreterLanguage == nil ? nil : "1"
        input.interpreterLanguage = c?.interpreterLanguage
        input.reviewOn = req.today.addingMonths(6).description
        input.leadSignature = SignatureState.signed.rawValue
        input.interpreterSignature = SignatureState.signed.rawValue
        try await req.audit(.personRead, .person(personID), detail: "Integrationsgespräch erfassen")
        return req.render(ConversationFormView(context: context, input: input, errors: FieldMessages(), languages: req.reference.languages).page(req.viewContext))
    }

    struct Values: Sendable {
        let participants: [Person]
        let heldOn: CalendarDate
        let place: String
        let interpreterLanguage: String?
        let interpreterChannel: InterpreterChannel?
        let need: String
        let remarks: String?
        let signatures: [UUID: SignatureState]
        let leadSignature: SignatureState
        let interpreterSignature: SignatureState
        let reviewOn: CalendarDate
        let goals: [(person: UUID, theme: IntegrationTheme, text: String)]
        let measures: [(person: UUID, values: MeasureForm.Values)]
    }

    static func validate(_ input: Input, context: Context, today: CalendarDate, reference: ReferenceData, texts t: Localizer) -> Validated<Values> {
        var errors = FieldMessages()
        let chosen = Set((input.participants ?? []).compactMap(uuid))
        let participants = context.household.filter { chosen.contains($0.id!) }
        if participants.isEmpty || participants.count != chosen.count { errors.add("participants", t("conversations.participantsRequired")) }
        let heldOn = errors.date("heldOn", input.heldOn, required: true, range: .happened(today: today), laterKey: "conversations.heldFuture", texts: t)
        let place = errors.text("place", input.place, max: 200, required: true, texts: t)
        let interpreter = input.interpreterPresent != nil
        var language: String?
        var channel: InterpreterChannel?
        if interpreter {
            let code = FieldCheck.trimmed(input.interpreterLanguage)
            if code.isEmpty { errors.add("interpreterLanguage", t("conversations.interpreterLanguageRequired")) }
            else if !reference.languages.contains(code) { errors.add("interpreterLanguage", t("form.chooseOne")) }
            else { language = code }
            channel = errors.choice("interpreterChannel", input.interpreterChannel, texts: t)
        }
        let need = errors.text("need", input.need, max: 2000, required: true, multiline: true, texts: t)
        let remarks = errors.optionalText("remarks", input.remarks, max: 2000, multiline: true, texts: t)
        var signatures: [UUID: SignatureState] = [:]
        for person in participants {
            let state: SignatureState? = errors.choice("signature-\(person.id!.uuidString)", input.signature?[person.id!.uuidString] ?? "pending", texts: t)
            signatures[person.id!] = state ?? .pending
        }
        let lead: SignatureState? = errors.choice("leadSignature", input.leadSignature ?? "pending", texts: t)
        let interpreterSignature: SignatureState? = interpreter
            ? errors.choice("interpreterSignature", input.interpreterSignature ?? "pending", texts: t) : .pending
        let review = errors.date("reviewOn", input.reviewOn, required: true, range: DateRange(earliest: DateRange.programmeStart,
                                                                                                latest: today.addingMonths(36)), texts: t)
        if let review, let heldOn, review <= heldOn { errors.add("reviewOn", t("conversations.reviewBeforeConversation")) }
        let participantIDs = Set(participants.map { $0.id! })
        let first = participants.first?.id ?? context.person.id!
        var goals: [(UUID, IntegrationTheme, String)] = []
        for index in 0..<goalRows {
            guard let row = input.goals?[String(index)] else { continue }
            let text = errors.text("g\(index)-text", row.text, max: 1000, texts: t)
            let themeText = FieldCheck.trimmed(row.theme)
            if text.isEmpty, themeText.isEmpty { continue }
            let theme: IntegrationTheme? = errors.choice("g\(index)-theme", themeText, texts: t)
            if text.isEmpty { errors.add("g\(index)-text", t("form.required")) }
            let person = uuid(row.personID) ?? first
            if !participantIDs.isEmpty, !participantIDs.contains(person) { errors.add("g\(index)-personID", t("conversations.notAParticipant")) }
            if let theme, !text.isEmpty { goals.append((person, theme, text)) }
        }
        var measures: [(UUID, MeasureForm.Values)] = []
        for index in 0..<measureRows {
            guard let row = input.measures?[String(index)] else { continue }
            // An untouched row (no measure, no offer) is left out.
            if FieldCheck.trimmed(row.title).isEmpty, FieldCheck.trimmed(row.offerID).isEmpty { continue }
            let person = uuid(input.measurePersons?[String(index)]) ?? first
            if !participantIDs.isEmpty, !participantIDs.contains(person) { errors.add("m\(index)-personID", t("conversations.notAParticipant")) }
            switch MeasureForm.validate(row, context: context.measures, today: today, texts: t, prefix: "m\(index)-") {
            case .invalid(let rowErrors): errors.merge(rowErrors)
            case .valid(let values): measures.append((person, values))
            }
        }
        guard errors.isEmpty, let heldOn, let lead, let interpreterSignature, let review else { return .invalid(errors) }
        return .valid(Values(participants: participants, heldOn: heldOn, place: place, interpreterLanguage: language, interpreterChannel: channel,
                             need: need, remarks: remarks, signatures: signatures, leadSignature: lead,
                             interpreterSignature: interpreterSignature, reviewOn: review,
                             goals: goals.map { (person: $0.0, theme: $0.1, text: $0.2) }, measures: measures.map { (person: $0.0, values: $0.1) }))
    }

    static func create(_ req: Request) async throws -> Response {
        let input = try req.form(Input.self)
        guard let personID = uuid(input.personID) else { throw AppError.badRequest }
        let context = try await context(req, personID: personID, caseID: uuid(input.caseID))
        switch validate(input, context: context, today: req.today, reference: req.reference, texts: req.texts) {
        case .invalid(let errors):
            var page = ConversationFormView(context: context, input: input, errors: errors, languages: req.reference.languages).page(req.viewContext)
            page.status = .unprocessableEntity
            return req.render(page)
        case .valid(let values):
            let user = try req.requireUser()
            let municipality = context.person.$municipality.id
            let conversation = IntegrationConversation()
            conversation.id = UUID()
            conversation.$municipality.id = municipality
            conversation.caseID = context.fordernCase?.id
            conversation.heldOn = values.heldOn
            conversation.place = values.place
            conversation.need = values.need
            conversation.remarks = values.remarks
            conversation.interpreterPresent = values.interpreterLanguage != nil
            conversation.interpreterLanguage = values.interpreterLanguage
            conversation.interpreterChannel = values.interpreterChannel
            conversation.leadUserID = user.userID
            conversation.leadSignature = values.leadSignature
            conversation.leadSignedOn = values.leadSignature == .signed ? values.heldOn : nil
            conversation.interpreterSignature = values.interpreterSignature
            conversation.interpreterSignedOn = values.interpreterSignature == .signed ? values.heldOn : nil
            conversation.reviewOn = values.reviewOn
            conversation.programmeS = values.participants.contains { $0.targetGroup == .programmeS }
            let conversationID = conversation.id!
            let fordernCase = context.fordernCase
            return try await req.storeOnce { tx in
                try await conversation.create(on: tx)
                for person in values.participants {
                    let participant = IntegrationParticipant()
                    participant.$conversation.id = conversationID
                    participant.$person.id = person.id!
                    participant.$municipality.id = person.$municipality.id
                    participant.signature = values.signatures[person.id!] ?? .pending
                    participant.signedOn = participant.signature == .signed ? values.heldOn : nil
                    try await participant.create(on: tx)
                    try await req.audit(.integrationConversationRecorded, .person(person.id!), detail: "Integrationsgespräch \(values.heldOn)", in: tx)
                }
                for goal in values.goals {
                    let record = Goal()
                    record.$person.id = goal.person
                    record.$municipality.id = municipality
                    record.theme = goal.theme
                    record.text = goal.text
                    record.status = .open
                    record.setOn = values.heldOn
                    record.conversationID = conversationID
                    try await record.create(on: tx)
                    try await req.audit(.goalChanged, .person(goal.person), detail: "Ziel erfasst: \(goal.theme.rawValue)", in: tx)
                }
                for measure in values.measures {
                    let record = Measure()
                    record.$person.id = measure.person
                    record.$municipality.id = municipality
                    measure.values.apply(to: record)
                    record.conversationID = conversationID
                    if record.caseID == nil { record.caseID = fordernCase?.id }
                    try await record.create(on: tx)
                    try await req.audit(.measureChanged, .measure(record.id!), detail: "Massnahme vereinbart: \(measure.values.status.rawValue)", in: tx)
                }
                if let fordernCase {
                    fordernCase.conversationID = conversationID
                    fordernCase.reviewOn = values.reviewOn
                    fordernCase.refreshStep()
                    try await fordernCase.update(on: tx)
                    try await req.audit(.integrationConversationRecorded, .fordernCase(fordernCase.id!),
                                        detail: "Gespräch erfasst → \(fordernCase.step.rawValue)", in: tx)
                }
                return Link.afterSave(.integrationConversation(.value(conversationID)))
            }
        }
    }

    // MARK: The recorded conversation

    struct Loaded: Sendable {
        let conversation: IntegrationConversation
        let participants: [(IntegrationParticipant, Person)]
        let goals: [Goal]
        let measures: [Measure]
        let leadName: String
    }

    static func load(_ req: Request) async throws -> Loaded {
        let id = try req.idParameter("conversationID")
        let conversation = try await req.scoped(IntegrationConversation.self, id, record: .integrationConversation(id))
        let scope = try req.scope()
        let participants = try await scope.records(IntegrationParticipant.self, on: req.db).filter(\.$conversation.$id, equals: id).fetch()
        let persons = Dictionary(uniqueKeysWithValues: try await scope.records(Person.self, on: req.db).filter(\.$id, in: participants.map(\.$person.id)).fetch()
            .map { ($0.id!, $0) })
        let lead = try await User.find(conversation.leadUserID, on: req.db)
        return Loaded(conversation: conversation,
                      participants: participants.compactMap { p in persons[p.$person.id].map { (p, $0) } }.sorted { $0.1.birthDate < $1.1.birthDate },
                      goals: try await scope.records(Goal.self, on: req.db).filter(\.$conversationID, equals: id).fetch(),
                      measures: try await scope.records(Measure.self, on: req.db).filter(\.$conversationID, equals: id).sort(\.$dueOn).fetch(),
                      leadName: lead?.displayName ?? "–")
    }

    static func show(_ req: Request) async throws -> Response {
        let loaded = try await load(req)
        for (_, person) in loaded.participants {
            try await req.audit(.personRead, .person(person.id!), detail: "Integrationsgespräch ansehen")
        }
        return req.render(ConversationView(loaded: loaded, today: req.today, reference: req.reference).page(req.viewContext))
    }

    struct SignatureInput: Decodable, Sendable {
        /// "lead", "interpreter", or a participant's person id.
        var who: String?
        var state: String?
    }

    /// "Heute unterschrieben" or "verweigert" for one signature, one click each.
    static func sign(_ req: Request) async throws -> Response {
        let loaded = try await load(req)
        let input = try req.form(SignatureInput.self)
        guard let state = SignatureState(rawValue: input.state ?? ""), state != .pending else { throw AppError.badRequest }
        let conversation = loaded.conversation
        let today = req.today
        let date = state == .signed ? today : nil
        try await req.db.writeTransaction { tx in
            switch input.who {
            case "lead":
                conversation.leadSignature = state
                conversation.leadSignedOn = date
                try await conversation.update(on: tx)
            case "interpreter":
                guard conversation.interpreterPresent else { throw AppError.badRequest }
                conversation.interpreterSignature = state
                conversation.interpreterSignedOn = date
                try await conversation.update(on: tx)
            default:
                guard let id = uuid(input.who), let participant = loaded.participants.first(where: { $0.1.id == id })?.0 else {
                    throw AppError.badRequest
                }
                participant.signature = state
                participant.signedOn = date
                try await participant.update(on: tx)
            }
            for (_, person) in loaded.participants {
                try await req.audit(.integrationConversationSigned, .person(person.id!), detail: "\(input.who == "lead" || input.who == "interpreter" ? input.who! : "Person"): \(state.rawValue)", in: tx)
            }
        }
        return req.redirect(to: .integrationConversation(.value(conversation.id!)))
    }

    struct ReviewInput: Decodable, Sendable {
        var reviewedOn: String?
        var reviewNote: String?
    }

    /// The review after the agreed period: the date it was done and what came out.
    static func review(_ req: Request) async throws -> Response {
        let loaded = try await load(req)
        let input = try req.form(ReviewInput.self)
        var errors = FieldMessages()
        let t = req.texts
        let conversation = loaded.conversation
        let date = errors.date("reviewedOn", input.reviewedOn, required: true, range: .happened(today: req.today), texts: t)
        if let date, date < conversation.heldOn { errors.add("reviewedOn", t("conversations.reviewBeforeConversation")) }
        let note = errors.text("reviewNote", input.reviewNote, max: 2000, required: true, multiline: true, texts: t)
        guard errors.isEmpty, let date else {
            var page = ConversationView(loaded: loaded, today: req.today, reference: req.reference, reviewInput: input, reviewErrors: errors)
                .page(req.viewContext)
            page.status = .unprocessableEntity
            return req.render(page)
        }
        conversation.reviewedOn = date
        conversation.reviewNote = note
        try await req.db.writeTransaction { tx in
            try await conversation.update(on: tx)
            for (_, person) in loaded.participants {
                try await req.audit(.integrationConversationReviewed, .person(person.id!), detail: "Überprüfung \(date)", in: tx)
            }
        }
        return req.redirect(to: .integrationConversation(.value(conversation.id!)))
    }
}

struct ConversationFormView {
    let context: IntegrationConversationRoutes.Context
    let input: IntegrationConversationRoutes.Input
    let errors: FieldMessages
    let languages: Languages

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let person = context.person
        let chosen = Set(input.participants ?? [])
        let participants = context.household.filter { chosen.contains($0.id!.uuidString) }
        let personOptions = { (selected: String?) in
            context.household.map { SelectOption(value: $0.id!.uuidString, label: $0.name.full,
                                                 selected: $0.id!.uuidString == (selected ?? person.id!.uuidString)) }
        }
        return WebPage(title: t("conversations.newTitle"), hasErrors: !errors.isEmpty) {
            paragraph(.class("breadcrumb")) {
                anchor(.href(Link(.personPromotion(.value(person.id!))))) { person.name.full }
                if let fordernCase = context.fordernCase {
                    " · "
                    anchor(.href(Link(.fordernCase(.value(fordernCase.id!))))) { t("cases.of", ["date": fordernCase.triggeredOn.swissFormat]) }
                }
            }
            h1 { t("conversations.newTitle") }
            paragraph { t("conversations.intro") }
            errorSummary(t("form.hasErrors"), errors.order.map { field in
                (field == "participants" ? "participants-\(person.id!.uuidString)" : field, errors[field]!)
            })
            postForm(Link(.newIntegrationConversation), csrf: c.csrf, .class("form wide")) {
                hiddenField("personID", input.personID ?? "")
                if let caseID = input.caseID, !caseID.isEmpty { hiddenField("caseID", caseID) }
                choiceGroup(id: "participants", name: "participants[]", legend: t("conversations.participants"),
                            options: context.household.map { SelectOption(value: $0.id!.uuidString, label: "\($0.name.full) (\($0.birthDate.swissFormat))",
                                                                          selected: chosen.contains($0.id!.uuidString)) },
                            multiple: true, error: errors["participants"], hint: t("conversations.participantsHint"))
                div(.class("grid-2")) {
                    textField(FieldSpec(id: "heldOn", label: t("conversations.heldOn"), error: errors["heldOn"], required: true),
                              value: input.heldOn ?? "", type: .date)
                    textField(FieldSpec(id: "place", label: t("conversations.place"), error: errors["place"], required: true),
                              value: input.place ?? "", .maxlength(200))
                }
                fieldset {
                    legend { t("conversations.interpreter") }
                    checkboxField(FieldSpec(id: "interpreterPresent", label: t("conversations.interpreterPresent")),
                                  checked: input.interpreterPresent != nil, value: "1")
                    div(.class("grid-2")) {
                        selectField(FieldSpec(id: "interpreterLanguage", label: t("appointment.interpreterLanguage"), error: errors["interpreterLanguage"]),
                                    options: languages.all.map {
                                        SelectOption(value: $0.code, label: $0.nameGerman, selected: $0.code == input.interpreterLanguage)
                                    }, placeholder: t("form.pleaseChoose"))
                        selectField(FieldSpec(id: "interpreterChannel", label: t("appointment.interpreterChannel"), error: errors["interpreterChannel"]),
                                    options: SelectOption.of(InterpreterChannel.self, "interpreter.channel", chosen: input.interpreterChannel, texts: t),
                                    placeholder: t("form.pleaseChoose"))
                    }
                }
                textAreaField(FieldSpec(id: "need", label: t("conversations.need"), hint: t("conversations.needHint"), error: errors["need"],
                                        required: true), value: input.need ?? "", rows: 4, maxLength: 2000)
                fieldset {
                    legend { t("conversations.goals") }
                    for index in 0..<IntegrationConversationRoutes.goalRows {
                        let row = input.goals?[String(index)]
                        div(.class("grid-3 repeat-row")) {
                            selectField(FieldSpec(id: "g\(index)-personID", name: "goals[\(index)][personID]", label: t("conversations.forPerson"),
                                                  error: errors["g\(index)-personID"]), options: personOptions(row?.personID))
                            selectField(FieldSpec(id: "g\(index)-theme", name: "goals[\(index)][theme]", label: t("offers.theme"), error: errors["g\(index)-theme"]),
                                        options: SelectOption.of(IntegrationTheme.self, "theme", chosen: row?.theme, texts: t), placeholder: t("form.pleaseChoose"))
                            textField(FieldSpec(id: "g\(index)-text", name: "goals[\(index)][text]", label: t("goals.text"), error: errors["g\(index)-text"],
                                                note: t("form.optional")), value: row?.text ?? "", .maxlength(1000))
                        }
                    }
                }
                fieldset {
                    legend { t("conversations.measures") }
                    paragraph(.class("hint")) { t("conversations.measuresHint") }
                    for index in 0..<IntegrationConversationRoutes.measureRows {
                        fieldset(.class("repeat-row")) {
                            legend { t("conversations.measureNumber", ["n": String(index + 1)]) }
                            selectField(FieldSpec(id: "m\(index)-personID", name: "measurePersons[\(index)]", label: t("conversations.forPerson"),
                                                  error: errors["m\(index)-personID"]), options: personOptions(input.measurePersons?[String(index)]))
                            MeasureFields(input: input.measures?[String(index)] ?? MeasureInput(), errors: errors, context: context.measures,
                                          namePrefix: "measures[\(index)]", idPrefix: "m\(index)-").render(t)
                        }
                    }
                }
                textAreaField(FieldSpec(id: "remarks", label: t("conversations.remarks"), error: errors["remarks"], note: t("form.optional")),
                              value: input.remarks ?? "", rows: 3, maxLength: 2000)
                fieldset {
                    legend { t("conversations.signatures") }
                    paragraph(.class("hint")) { t("conversations.signaturesHint") }
                    for participant in (participants.isEmpty ? [person] : participants) {
                        selectField(FieldSpec(id: "signature-\(participant.id!.uuidString)", name: "signature[\(participant.id!.uuidString)]",
                                              label: t("conversations.signatureOf", ["name": participant.name.full]),
                                              error: errors["signature-\(participant.id!.uuidString)"]),
                                    options: SelectOption.of(SignatureState.self, "signature", chosen: input.signature?[participant.id!.uuidString],
                                                             texts: t))
                    }
                    div(.class("grid-2")) {
                        selectField(FieldSpec(id: "leadSignature", label: t("conversations.leadSignature"), error: errors["leadSignature"]),
                                    options: SelectOption.of(SignatureState.self, "signature", chosen: input.leadSignature, texts: t))
                        selectField(FieldSpec(id: "interpreterSignature", label: t("conversations.interpreterSignature"),
                                              error: errors["interpreterSignature"]),
                                    options: SelectOption.of(SignatureState.self, "signature", chosen: input.interpreterSignature, texts: t))
                    }
                }
                textField(FieldSpec(id: "reviewOn", label: t("conversations.reviewOnLabel"), hint: t("conversations.reviewOnHint"),
                                    error: errors["reviewOn"], required: true), value: input.reviewOn ?? "", type: .date)
                div(.class("actions")) {
                    button(.type(.submit), .class("button primary")) { t("conversations.save") }
                    anchor(.class("button"), .href(Link(.personPromotion(.value(person.id!))))) { t("form.cancel") }
                }
            }
        }
    }
}

struct ConversationView {
    let loaded: IntegrationConversationRoutes.Loaded
    let today: CalendarDate
    let reference: ReferenceData
    var reviewInput = IntegrationConversationRoutes.ReviewInput()
    var reviewErrors = FieldMessages()

    func signatureCell(_ state: SignatureState, on date: CalendarDate?, who: String, c: ViewContext) -> Node {
        let t = c.t
        return .fragment([
            .text(t.label("signature", state) + (date.map { " (\($0.swissFormat))" } ?? "")),
            state == .pending ? span(.class("no-print")) {
                " "
                actionButton(Link(.integrationConversationSignatures(.value(loaded.conversation.id!))), csrf: c.csrf,
                             label: t("conversations.signedToday"), classes: "button small", [("who", who), ("state", "signed")])
                " "
                actionButton(Link(.integrationConversationSignatures(.value(loaded.conversation.id!))), csrf: c.csrf,
                             label: t("conversations.refused"), classes: "button small", [("who", who), ("state", "refused")])
            } : .empty,
        ])
    }

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let conversation = loaded.conversation
        let id = conversation.id!
        let first = loaded.participants.first?.1
        return WebPage(title: t("conversations.title.one"), hasErrors: !reviewErrors.isEmpty) {
            if let first {
                paragraph(.class("breadcrumb")) { anchor(.href(Link(.personPromotion(.value(first.id!))))) { first.name.full } }
            }
            h1 {
                t("conversations.of", ["date": conversation.heldOn.swissFormat])
                if conversation.programmeS { " "; span(.class("tag tag-to_do")) { t("promotion.programmeS") } }
            }
            ul(.class("action-bar no-print")) {
                if let first {
                    li { anchor(.class("button primary"), .href(Link.letter(person: first.id!, kind: .integrationConversationForm, language: .de,
                                                                            conversation: id))) { t("conversations.printForm") } }
                }
                if let caseID = conversation.caseID {
                    li { anchor(.class("button"), .href(Link(.fordernCase(.value(caseID))))) { t("conversations.toCase") } }
                }
            }
            dl(.class("facts")) {
                dt { t("conversations.place") }; dd { conversation.place }
                dt { t("conversations.lead") }; dd { loaded.leadName }
                dt { t("conversations.interpreter") }
                dd {
                    conversation.interpreterPresent
                        ? [conversation.interpreterLanguage.map(reference.languages.name), conversation.interpreterChannel.map { t.label("interpreter.channel", $0) }]
                            .compactMap { $0 }.joined(separator: ", ")
                        : t("conversations.noInterpreter")
                }
                dt { t("conversations.need") }; dd(.class("multiline")) { conversation.need }
                dt { t("conversations.remarks") }; dd(.class("multiline")) { Format.value(conversation.remarks) }
                dt { t("conversations.reviewOnLabel") }
                dd {
                    conversation.reviewOn.swissFormat
                    if conversation.reviewedOn == nil, conversation.reviewOn <= today.adding(days: 14) { " "; strong(.class("tag tag-to_do")) { t("reminders.due") } }
                }
            }
            section(.ariaLabelledBy("signatures-heading")) {
                h2(.id("signatures-heading")) { t("conversations.signatures") }
                div(.class("table-wrap")) {
                    table {
                        caption(.class("visually-hidden")) { t("conversations.signatures") }
                        thead { tr { th(.scope("col")) { t("conversations.signer") }; th(.scope("col")) { t("conversations.signatureState") } } }
                        tbody {
                            for (participant, person) in loaded.participants {
                                tr {
                                    th(.scope("row")) { anchor(.href(Link(.person(.value(person.id!))))) { person.name.full } }
                                    td { signatureCell(participant.signature, on: participant.signedOn, who: person.id!.uuidString, c: c) }
                                }
                            }
                            tr {
                                th(.scope("row")) { "\(t("conversations.lead")): \(loaded.leadName)" }
                                td { signatureCell(conversation.leadSignature, on: conversation.leadSignedOn, who: "lead", c: c) }
                            }
                            if conversation.interpreterPresent {
                                tr {
                                    th(.scope("row")) { t("conversations.interpreter") }
                                    td { signatureCell(conversation.interpreterSignature, on: conversation.interpreterSignedOn, who: "interpreter", c: c) }
                                }
                            }
                        }
                    }
                }
            }
            section(.ariaLabelledBy("goals-heading")) {
                h2(.id("goals-heading")) { t("conversations.goals") }
                if loaded.goals.isEmpty { paragraph(.class("empty")) { t("goals.none") } }
                ul {
                    for goal in loaded.goals {
                        let name = loaded.participants.first { $0.1.id == goal.$person.id }?.1.name.full ?? ""
                        li { strong { t.label("theme", goal.theme) }; " (\(name)): \(goal.text)" }
                    }
                }
            }
            section(.ariaLabelledBy("measures-heading")) {
                h2(.id("measures-heading")) { t("conversations.measures") }
                MeasureTable(rows: loaded.measures.map { MeasureTable.Row($0, today: today, texts: t) }).render(t)
            }
            section(.ariaLabelledBy("review-heading")) {
                h2(.id("review-heading")) { t("conversations.review") }
                if let reviewed = conversation.reviewedOn {
                    paragraph { t("conversations.reviewedOn", ["date": reviewed.swissFormat]) }
                    paragraph(.class("multiline")) { Format.value(conversation.reviewNote) }
                } else {
                    errorSummary(t("form.hasErrors"), reviewErrors.order.map { ($0, reviewErrors[$0]!) })
                    postForm(Link(.integrationConversationReview(.value(id))), csrf: c.csrf, .class("form no-print")) {
                        textField(FieldSpec(id: "reviewedOn", label: t("conversations.reviewedOnLabel"), error: reviewErrors["reviewedOn"]),
                                  value: reviewInput.reviewedOn ?? today.description, type: .date)
                        textAreaField(FieldSpec(id: "reviewNote", label: t("conversations.reviewNote"), error: reviewErrors["reviewNote"]),
                                      value: reviewInput.reviewNote ?? "", rows: 3, maxLength: 2000)
                        div(.class("actions")) { button(.type(.submit), .class("button")) { t("conversations.recordReview") } }
                    }
                }
            }
        }
    }
}

/// Integration conversations on the timeline of every participant.
struct IntegrationConversationTimeline: TimelineSource {
    func entries(_ request: TimelineRequest) async throws -> [TimelineEntry] {
        let t = request.texts
        let participations = try await request.scope.records(IntegrationParticipant.self, on: request.database)
            .filter(\.$person.$id, equals: request.person.id!).fetch()
        guard !participations.isEmpty else { return [] }
        let conversations = try await request.scope.records(IntegrationConversation.self, on: request.database)
            .filter(\.$id, in: participations.map(\.$conversation.id)).fetch()
        let link = request.user.has(.workOnCases)
        return conversations.map { conversation in
            TimelineEntry(date: conversation.heldOn, sortKey: "5", title: t("timeline.integrationConversation"),
                          lines: [conversation.need, t("conversations.reviewOn", ["date": conversation.reviewOn.swissFormat])],
                          link: link ? Link(.integrationConversation(.value(conversation.id!))) : nil)
        }
    }
}
