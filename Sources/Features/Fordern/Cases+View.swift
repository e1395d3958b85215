import Domain
import Foundation
import Persistence
import Platform

struct CaseListView {
    let cases: [FordernCase]
    let names: [UUID: String]
    let step: FordernStep?
    let today: CalendarDate

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        return WebPage(title: t("cases.listTitle")) {
            h1 { t("cases.listTitle") }
            paragraph { t("cases.listIntro") }
            filterTabs(t("cases.filterSteps"), [FilterTab(t("cases.allOpen"), Link(.fordern), current: step == nil)]
                + FordernStep.allCases.map { FilterTab(t.label("case.step", $0), Link(.fordern, query: [("schritt", $0.rawValue)]), current: step == $0) })
            if cases.isEmpty { paragraph(.class("empty")) { t("cases.none") } }
            else {
                div(.class("table-wrap")) {
                    table {
                        caption(.class("visually-hidden")) { t("cases.listTitle") }
                        thead {
                            tr {
                                th(.scope("col")) { t("cases.person") }
                                th(.scope("col")) { t("cases.triggeredOn") }
                                th(.scope("col")) { t("cases.currentStep") }
                                th(.scope("col")) { t("cases.dueOn") }
                            }
                        }
                        tbody {
                            for item in cases {
                                let progress = item.progress
                                tr {
                                    th(.scope("row")) { anchor(.href(Link(.fordernCase(.value(item.id!))))) { names[item.$person.id] ?? "–" } }
                                    td { item.triggeredOn.swissFormat }
                                    td { t.label("case.step", item.step) }
                                    td {
                                        Format.date(progress.dueOn)
                                        if let due = progress.dueOn, due <= today.adding(days: 14) { " "; strong(.class("tag tag-to_do")) { t("reminders.due") } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

struct NewCaseView {
    let person: Person
    let input: CaseRoutes.NewInput
    let errors: FieldMessages
    let structures: [RegularStructure]

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        return WebPage(title: t("cases.newTitle"), hasErrors: !errors.isEmpty) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.person(.value(person.id!))))) { person.name.full } }
            h1 { t("cases.newTitle") }
            paragraph { t("cases.newIntro") }
            errorSummary(t("form.hasErrors"), errors.order.map { ($0, errors[$0]!) })
            postForm(Link(.newCase), csrf: c.csrf, .class("form")) {
                hiddenField("personID", person.id!.uuidString)
                selectField(FieldSpec(id: "triggerSource", label: t("cases.triggerSource"), error: errors["triggerSource"], required: true),
                            options: SelectOption.of(TriggerSource.self, "trigger.source", chosen: input.triggerSource, texts: t),
                            placeholder: t("form.pleaseChoose"))
                selectField(FieldSpec(id: "regularStructureID", label: t("cases.structure"), hint: t("cases.structureHint"),
                                      error: errors["regularStructureID"], note: t("form.optional")),
                            options: structures.map { SelectOption(value: $0.id!.uuidString, label: $0.name, selected: $0.id!.uuidString == input.regularStructureID) },
                            placeholder: t("cases.noStructure"))
                textAreaField(FieldSpec(id: "triggerNote", label: t("cases.triggerNote"), hint: t("cases.triggerNoteHint"),
                                        error: errors["triggerNote"], required: true), value: input.triggerNote ?? "", rows: 4, maxLength: 2000)
                textField(FieldSpec(id: "triggeredOn", label: t("cases.triggeredOn"), error: errors["triggeredOn"], required: true),
                          value: input.triggeredOn ?? "", type: .date)
                div(.class("actions")) {
                    button(.type(.submit), .class("button primary")) { t("cases.open") }
                    anchor(.class("button"), .href(Link(.person(.value(person.id!))))) { t("form.cancel") }
                }
            }
        }
    }
}

struct CaseView {
    /// A step's form that came back with problems.
    enum OpenForm {
        case none
        case precheck(CaseRoutes.PrecheckInput, FieldMessages)
        case summons(CaseRoutes.SummonsInput, FieldMessages)
        case review(CaseRoutes.ReviewInput, FieldMessages)
        case refusal(CaseRoutes.RefusalInput, FieldMessages)
        case report(ReportRoutes.SendInput, FieldMessages)
    }

    let loaded: CaseRoutes.Loaded
    let today: CalendarDate
    let languages: Languages
    var form: OpenForm = .none

    var errors: FieldMessages {
        switch form {
        case .none: FieldMessages()
        case .precheck(_, let e), .summons(_, let e), .review(_, let e), .refusal(_, let e), .report(_, let e): e
        }
    }

    /// The process as a task list: each step, its state and date.
    func steps(_ t: Localizer) -> [HouseholdTask] {
        let item = loaded.fordernCase
        let current = item.step
        func state(_ done: Bool, _ step: FordernStep) -> StepState { done ? .done : current == step ? .toDo : .notYet }
        var tasks = [
            HouseholdTask(label: t("case.step.trigger"), state: .done, date: item.triggeredOn, link: nil,
                          note: t.label("trigger.source", item.triggerSource)),
            HouseholdTask(label: t("case.step.precheck"), state: state(item.criteriaJSON != nil, .precheck), date: nil, link: nil,
                          note: item.conversationType.map { t.label("conversation.type", $0) }),
        ]
        if item.conversationType != .midi {
            tasks.append(HouseholdTask(label: t("case.step.summons"), state: state(item.summonsOn != nil, .summons), date: item.summonsOn, link: nil))
        }
        tasks.append(HouseholdTask(label: t("case.step.conversation"),
                                   state: item.refusedCooperation && item.conversationID == nil ? .done : state(item.conversationID != nil, .conversation),
                                   date: loaded.conversation?.heldOn, link: nil,
                                   note: item.refusedCooperation ? t("cases.refused") : nil))
        tasks.append(HouseholdTask(label: t("case.step.review"), state: state(item.reviewOutcome != nil, .review), date: item.reviewOn, link: nil,
                                   note: item.reviewOutcome.map { t.label("review.outcome", $0) }))
        if item.reviewOutcome != .fulfilled {
            let decided = loaded.reports.last { $0.decision != nil }
            tasks.append(HouseholdTask(label: t("case.step.report"), state: decided != nil ? .done : state(false, .report),
                                       date: loaded.reports.last?.sentOn, link: nil,
                                       note: loaded.reports.last.map { t.label("report.status", $0.status) }))
        }
        return tasks
    }

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let item = loaded.fordernCase
        let person = loaded.person
        let id = item.id!
        let progress = item.progress
        let editable = item.closedOn == nil && item.reportedOn == nil
        return WebPage(title: t("cases.title.one"), hasErrors: !errors.isEmpty) {
            paragraph(.class("breadcrumb")) {
                anchor(.href(Link(.fordern))) { t("cases.listTitle") }
                " · "
                anchor(.href(Link(.personPromotion(.value(person.id))))) { person.name.full }
            }
            h1 { t("cases.heading", ["name": person.name.full]) }
            div(.class("callout")) {
                paragraph {
                    strong { t("cases.currentStep") }; ": \(t.label("case.step", progress.current))"
                    if let due = progress.dueOn { " · \(t("cases.dueOn")): \(due.swissFormat)" }
                }
            }
            errorSummary(t("form.hasErrors"), errors.order.map { ($0, errors[$0]!) })
            TaskListView(tasks: steps(t), headingID: "steps-heading").render(t)
            section(.ariaLabelledBy("trigger-heading")) {
                h2(.id("trigger-heading")) { t("case.step.trigger") }
                dl(.class("facts")) {
                    dt { t("cases.triggerSource") }; dd { t.label("trigger.source", item.triggerSource) }
                    if let structure = loaded.structure { dt { t("cases.structure") }; dd { structure } }
                    dt { t("cases.triggerNote") }; dd(.class("multiline")) { item.triggerNote }
                    dt { t("cases.triggeredOn") }; dd { item.triggeredOn.swissFormat }
                }
            }
            precheckSection(c, editable: editable)
            if item.conversationType != .midi, item.criteriaJSON != nil { summonsSection(c, editable: editable) }
            if item.criteriaJSON != nil { conversationSection(c, editable: editable) }
            section(.ariaLabelledBy("measures-heading")) {
                h2(.id("measures-heading")) { t("measures.title") }
                MeasureTable(rows: loaded.measures.map { MeasureTable.Row($0, today: today, texts: t) }).render(t)
                if editable {
                    paragraph(.class("no-print")) {
                        anchor(.class("button"), .href(Link(.personNewMeasure(.value(person.id)), query: [("fall", id.uuidString)]))) { t("measures.new") }
                    }
                }
            }
            if item.conversationID != nil || item.refusedCooperation { reviewSection(c, editable: editable) }
            if progress.current == .report || !loaded.reports.isEmpty { reportSection(c) }
        }
    }

    func precheckSection(_ c: ViewContext, editable: Bool) -> Node {
        let t = c.t
        let item = loaded.fordernCase
        var input: CaseRoutes.PrecheckInput
        var errors = FieldMessages()
        if case .precheck(let typed, let e) = form { input = typed; errors = e } else {
            let criteria = item.criteria ?? [:]
            input = CaseRoutes.PrecheckInput(concerned: criteria.filter(\.value.concerned).map(\.key.rawValue),
                                             note: Dictionary(uniqueKeysWithValues: criteria.compactMap { k, v in v.note.map { (k.rawValue, $0) } }),
                                             languageLevel: item.languageLevel?.rawValue, languageProof: item.languageProof,
                                             conversationType: item.conversationType?.rawValue)
        }
        let concerned = Set(input.concerned ?? [])
        return section(.ariaLabelledBy("precheck-heading")) {
            h2(.id("precheck-heading")) { t("case.step.precheck") }
            paragraph(.class("hint")) { t("cases.precheckIntro") }
            if editable {
                postForm(Link(.casePrecheck(.value(item.id!))), csrf: c.csrf, .class("form wide")) {
                    fieldset(.id("concerned")) {
                        legend { t("cases.criteria") }
                        if let error = errors["concerned"] { paragraph(.class("field-error")) { error } }
                        for criterion in IntegrationCriterion.allCases {
                            div(.class("theme-row")) {
                                checkboxField(FieldSpec(id: "concerned-\(criterion.rawValue)", name: "concerned[]", label: t.label("criterion", criterion)),
                                              checked: concerned.contains(criterion.rawValue), value: criterion.rawValue)
                                textField(FieldSpec(id: "note-\(criterion.rawValue)", name: "note[\(criterion.rawValue)]",
                                                    label: t("cases.criterionNote", ["criterion": t.label("criterion", criterion)]),
                                                    error: errors["note-\(criterion.rawValue)"]),
                                          value: input.note?[criterion.rawValue] ?? "", .maxlength(1000))
                            }
                        }
                    }
                    div(.class("grid-2")) {
                        selectField(FieldSpec(id: "languageLevel", label: t("cases.languageLevel"), error: errors["languageLevel"], note: t("form.optional")),
                                    options: GermanLevel.allCases.map { SelectOption(value: $0.rawValue, label: t.label("german", $0),
                                                                                     selected: $0.rawValue == input.languageLevel) },
                                    placeholder: t("cases.levelUnknown"))
                        textField(FieldSpec(id: "languageProof", label: t("cases.languageProof"), hint: t("cases.languageProofHint"),
                                            error: errors["languageProof"], note: t("form.optional")), value: input.languageProof ?? "", .maxlength(300))
                    }
                    choiceGroup(id: "conversationType", name: "conversationType", legend: t("cases.conversationType"),
                                options: SelectOption.of(ConversationType.self, "conversation.type", chosen: input.conversationType, texts: t),
                                error: errors["conversationType"], hint: t("cases.conversationTypeHint"), inline: true)
                    div(.class("actions")) { button(.type(.submit), .class("button primary")) { t("cases.savePrecheck") } }
                }
            } else if let criteria = item.criteria {
                ul {
                    for criterion in IntegrationCriterion.allCases where criteria[criterion]?.concerned == true {
                        li { strong { t.label("criterion", criterion) }; criteria[criterion]?.note.map { ": \($0)" } ?? "" }
                    }
                }
            }
        }
    }

    func summonsSection(_ c: ViewContext, editable: Bool) -> Node {
        let t = c.t
        let item = loaded.fordernCase
        var input = CaseRoutes.SummonsInput(plannedOn: item.conversationPlannedOn?.description, time: item.conversationTime,
                                            place: item.conversationPlace, interpreterLanguage: item.interpreterLanguage)
        var errors = FieldMessages()
        if case .summons(let typed, let e) = form { input = typed; errors = e }
        return section(.ariaLabelledBy("summons-heading")) {
            h2(.id("summons-heading")) { t("case.step.summons") }
            if let planned = item.conversationPlannedOn {
                paragraph {
                    t("cases.plannedAt", ["date": planned.swissFormat, "time": item.conversationTime ?? "", "place": item.conversationPlace ?? ""])
                    " "
                    anchor(.class("button"), .href(Link.letter(person: loaded.person.id, kind: .summons, fordernCase: item.id!))) { t("cases.printSummons") }
                }
            }
            if editable, item.conversationID == nil {
                postForm(Link(.caseSummons(.value(item.id!))), csrf: c.csrf, .class("form")) {
                    div(.class("grid-2")) {
                        textField(FieldSpec(id: "plannedOn", label: t("cases.plannedOn"), error: errors["plannedOn"], required: true),
                                  value: input.plannedOn ?? "", type: .date)
                        textField(FieldSpec(id: "time", label: t("events.time"), error: errors["time"], required: true), value: input.time ?? "", .maxlength(5))
                    }
                    textField(FieldSpec(id: "place", label: t("conversations.place"), error: errors["place"], required: true),
                              value: input.place ?? "", .maxlength(200))
                    selectField(FieldSpec(id: "interpreterLanguage", label: t("appointment.interpreterLanguage"), error: errors["interpreterLanguage"],
                                          note: t("form.optional")),
                                options: languages.all.map { SelectOption(value: $0.code, label: $0.nameGerman, selected: $0.code == input.interpreterLanguage) },
                                placeholder: t("cases.noInterpreter"))
                    div(.class("actions")) { button(.type(.submit), .class("button primary")) { t("cases.saveSummons") } }
                }
            }
        }
    }

    func conversationSection(_ c: ViewContext, editable: Bool) -> Node {
        let t = c.t
        let item = loaded.fordernCase
        var input = CaseRoutes.RefusalInput(refusalNote: item.refusalNote)
        var errors = FieldMessages()
        if case .refusal(let typed, let e) = form { input = typed; errors = e }
        return section(.ariaLabelledBy("conversation-heading")) {
            h2(.id("conversation-heading")) { t("case.step.conversation") }
            if let conversation = loaded.conversation {
                paragraph {
                    anchor(.href(Link(.integrationConversation(.value(conversation.id))))) { t("conversations.of", ["date": conversation.heldOn.swissFormat]) }
                    " · \(t("cases.personSignature")): \(t.label("signature", loaded.personSignature ?? .pending))"
                    " · \(t("conversations.reviewOn", ["date": conversation.reviewOn.swissFormat]))"
                }
            } else if editable, !item.refusedCooperation {
                paragraph {
                    anchor(.class("button primary"), .href(Link(.newIntegrationConversation, query: [("person", loaded.person.id.uuidString),
                                                                                                      ("fall", item.id!.uuidString)]))) {
                        t("cases.recordConversation")
                    }
                }
            }
            if item.refusedCooperation {
                paragraph { strong { t("cases.refused") }; ": \(item.refusalNote ?? "")" }
            } else if editable {
                details {
                    summary { t("cases.recordRefusal") }
                    postForm(Link(.caseRefusal(.value(item.id!))), csrf: c.csrf, .class("form")) {
                        textAreaField(FieldSpec(id: "refusalNote", label: t("cases.refusalNote"), hint: t("cases.refusalHint"), error: errors["refusalNote"]),
                                      value: input.refusalNote ?? "", rows: 3, maxLength: 2000)
                        div(.class("actions")) { button(.type(.submit), .class("button")) { t("cases.saveRefusal") } }
                    }
                }
            }
        }
    }

    func reviewSection(_ c: ViewContext, editable: Bool) -> Node {
        let t = c.t
        let item = loaded.fordernCase
        var input = CaseRoutes.ReviewInput(outcome: item.reviewOutcome?.rawValue, reviewNote: item.reviewNote, nextStep: item.nextStep)
        var errors = FieldMessages()
        if case .review(let typed, let e) = form { input = typed; errors = e }
        return section(.ariaLabelledBy("review-heading")) {
            h2(.id("review-heading")) { t("case.step.review") }
            if let outcome = item.reviewOutcome, !editable || errors.isEmpty && item.reviewOutcome != nil {
                dl(.class("facts")) {
                    dt { t("cases.outcome") }; dd { t.label("review.outcome", outcome) }
                    dt { t("cases.reviewNote") }; dd(.class("multiline")) { Format.value(item.reviewNote) }
                    dt { t("cases.nextStep") }; dd { Format.value(item.nextStep) }
                }
            } else if editable {
                postForm(Link(.caseReview(.value(item.id!))), csrf: c.csrf, .class("form")) {
                    choiceGroup(id: "outcome", name: "outcome", legend: t("cases.outcome"),
                                options: SelectOption.of(ReviewOutcome.self, "review.outcome", chosen: input.outcome, texts: t),
                                error: errors["outcome"], inline: true)
                    textAreaField(FieldSpec(id: "reviewNote", label: t("cases.reviewNote"), error: errors["reviewNote"], required: true),
                                  value: input.reviewNote ?? "", rows: 3, maxLength: 2000)
                    textField(FieldSpec(id: "nextStep", label: t("cases.nextStep"), hint: t("cases.nextStepHint"), error: errors["nextStep"],
                                        note: t("form.optional")), value: input.nextStep ?? "", .maxlength(500))
                    div(.class("actions")) { button(.type(.submit), .class("button primary")) { t("cases.saveReview") } }
                }
            }
        }
    }

    func reportSection(_ c: ViewContext) -> Node {
        let t = c.t
        let item = loaded.fordernCase
        return section(.ariaLabelledBy("report-heading")) {
            h2(.id("report-heading")) { t("case.step.report") }
            for report in loaded.reports.reversed() {
                article(.class("card")) {
                    h3 {
                        report.correctsReportID == nil ? t("reports.one") : t("reports.correction")
                        report.sentOn.map { " · \(t("reports.sentOn", ["date": $0.swissFormat]))" } ?? ""
                    }
                    paragraph { strong { t("reports.status") }; ": \(t.label("report.status", report.status))" }
                    if let decision = report.decision {
                        dl(.class("facts")) {
                            dt { t("reports.decision") }; dd { t.label("decision", decision) }
                            dt { t("reports.decidedOn") }; dd { Format.date(report.decidedOn) }
                            if let until = report.decisionValidUntil { dt { t("reports.validUntil") }; dd { until.swissFormat } }
                            dt { t("reports.decisionNote") }; dd(.class("multiline")) { Format.value(report.decisionNote) }
                        }
                        if report.decisionSeenOn == nil {
                            actionButton(Link(.reportDecisionSeen(.value(report.id))), csrf: c.csrf, label: t("reports.markSeen"), classes: "button primary")
                        } else {
                            paragraph(.class("muted")) { t("reports.seenOn", ["date": report.decisionSeenOn!.swissFormat]) }
                        }
                    }
                    if report.hasAttachment {
                        paragraph { anchor(.href(Link(.reportForm(.value(report.id))))) { t("reports.downloadForm") } }
                    }
                    for question in loaded.questions where question.$report.id == report.id {
                        div(.class("question")) {
                            paragraph { strong { t("reports.question", ["date": question.askedOn.swissFormat]) }; " \(question.question)" }
                            if let answer = question.answer {
                                paragraph { strong { t("reports.answer") }; " \(answer)" }
                            } else {
                                postForm(Link(.reportAnswer(.value(question.id!))), csrf: c.csrf, .class("form")) {
                                    textAreaField(FieldSpec(id: "answer-\(question.id!.uuidString)", name: "answer", label: t("reports.yourAnswer"),
                                                            error: errors["answer-\(question.id!.uuidString)"]),
                                                  value: "", rows: 3, maxLength: 2000)
                                    div(.class("actions")) { button(.type(.submit), .class("button")) { t("reports.sendAnswer") } }
                                }
                            }
                        }
                    }
                }
            }
            if item.closedOn == nil {
                paragraph(.class("no-print")) {
                    anchor(.class("button primary"), .href(Link(.caseReport(.value(item.id!))))) {
                        loaded.reports.isEmpty ? t("reports.prepare") : t("reports.prepareCorrection")
                    }
                }
            }
        }
    }
}
