import Domain
import Foundation
import Persistence
import Platform

struct AppointmentFormView {
    struct Candidate {
        let id: UUID
        let label: String
        let detail: String
        let checked: Bool
    }

    let appointment: Appointment?
    let input: AppointmentInput
    let errors: FieldMessages
    let candidates: [Candidate]
    let languages: Languages
    /// Some chosen persons were informed already: a second conversation needs a confirmation.
    var askSecond: Bool = false

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let title = t(appointment == nil ? "appointment.newTitle" : "appointment.editTitle")
        let action = appointment.map { Link(.appointmentEdit(.value($0.id!))) } ?? Link(.newAppointment)
        let back = appointment.map { Link(.appointment(.value($0.id!))) } ?? Link(.workList(.value("zu-planen")))
        return WebPage(title: title, hasErrors: !errors.isEmpty) {
            paragraph(.class("breadcrumb")) { anchor(.href(back)) { t("common.back") } }
            h1 { title }
            errorSummary(t("form.hasErrors"), errors.order.map { ($0, errors[$0]!) })
            postForm(action, csrf: c.csrf, .class("form wide")) {
                div(.class("grid-3")) {
                    textField(FieldSpec(id: "date", label: t("appointment.date"), error: errors["date"]), value: input.date ?? "", type: .date)
                    textField(FieldSpec(id: "time", label: t("appointment.time"), error: errors["time"]), value: input.time ?? "", type: .time)
                    textField(FieldSpec(id: "place", label: t("appointment.place"), error: errors["place"]), value: input.place ?? "",
                              .maxlength(200))
                }
                choiceGroup(id: "format", name: "format", legend: t("appointment.format"),
                            options: SelectOption.of(ConversationFormat.self, "format", chosen: input.format, texts: t),
                            error: errors["format"])
                participantChoice(t)
                fieldset {
                    legend { t("appointment.interpreter") }
                    checkboxField(FieldSpec(id: "interpreterNeeded", label: t("appointment.interpreterNeeded")),
                                  checked: input.interpreterNeeded != nil)
                    div(.class("grid-2")) {
                        selectField(FieldSpec(id: "interpreterLanguage", label: t("appointment.interpreterLanguage"),
                                              error: errors["interpreterLanguage"]),
                                    options: languages.all.map {
                                        SelectOption(value: $0.code, label: $0.nameGerman, selected: $0.code == input.interpreterLanguage)
                                    },
                                    placeholder: t("form.pleaseChoose"))
                        selectField(FieldSpec(id: "interpreterChannel", label: t("appointment.interpreterChannel"),
                                              error: errors["interpreterChannel"]),
                                    options: SelectOption.of(InterpreterChannel.self, "interpreter.channel", chosen: input.interpreterChannel,
                                                             texts: t),
                                    placeholder: t("form.pleaseChoose"))
                        selectField(FieldSpec(id: "interpreterStatus", label: t("appointment.interpreterStatus"),
                                              error: errors["interpreterStatus"]),
                                    options: SelectOption.of(InterpreterStatus.self, "interpreter.status",
                                                             chosen: input.interpreterStatus ?? InterpreterStatus.requested.rawValue, texts: t))
                        textField(FieldSpec(id: "interpreterName", label: t("appointment.interpreterName"), error: errors["interpreterName"]),
                                  value: input.interpreterName ?? "", .autocomplete("off"), .maxlength(100))
                    }
                }
                fieldset {
                    legend { t("appointment.checklist") }
                    checkboxField(FieldSpec(id: "checklistFolder", label: t("appointment.checklist.folder")), checked: input.checklistFolder != nil)
                    checkboxField(FieldSpec(id: "checklistInvitation", label: t("appointment.checklist.invitation")),
                                  checked: input.checklistInvitation != nil)
                    checkboxField(FieldSpec(id: "checklistInterpreter", label: t("appointment.checklist.interpreter")),
                                  checked: input.checklistInterpreter != nil)
                }
                div(.class("actions")) {
                    button(.type(.submit), .class("button primary")) { t("form.save") }
                    anchor(.href(back), .class("button")) { t("form.cancel") }
                }
            }
        }
    }

    func participantChoice(_ t: Localizer) -> Node {
        let error = errors["participants"]
        return fieldset(.class(error == nil ? "field" : "field has-error"), .id("participants"),
                        error == nil ? nil : .ariaDescribedBy("participants-error")) {
            legend { t("appointment.participants") }
            if let error { paragraph(.class("field-error"), .id("participants-error")) { error } }
            if candidates.isEmpty {
                paragraph(.class("empty")) { t("appointment.noCandidates") }
            }
            for candidate in candidates {
                div(.class("checkbox")) {
                    inputTag(.type(.checkbox), .id("c-\(candidate.id.uuidString)"), .name("participants[]"), .value(candidate.id.uuidString),
                          .when(candidate.checked, .checked))
                    label(.for("c-\(candidate.id.uuidString)")) {
                        "\(candidate.label) "
                        span(.class("muted")) { candidate.detail }
                    }
                }
            }
            checkboxField(FieldSpec(id: "groupConfirmed", label: t("appointment.groupConfirmedLabel")), checked: input.groupConfirmed != nil)
            if askSecond || input.confirmSecond != nil {
                checkboxField(FieldSpec(id: "confirmSecond", label: t("appointment.confirmSecond")), checked: input.confirmSecond != nil)
            }
        }
    }
}

struct AppointmentView {
    let model: AppointmentModel

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let id = model.id
        let title = model.heldOn == nil ? t("appointment.title", ["date": model.date.swissFormat])
            : t("appointment.heldTitle", ["date": model.shownDate.swissFormat])
        return WebPage(title: title) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.workList(.value("termine"))))) { t("worklist.upcoming") } }
            h1 { title }
            nextStep(c)
            dl(.class("sheet")) {
                if let heldOn = model.heldOn {
                    div {
                        dt { t("appointment.heldOn") }
                        dd { heldOn.swissFormat }
                    }
                    div {
                        dt { t("appointment.plannedFor") }
                        dd { "\(model.date.swissFormat), \(model.time)" }
                    }
                } else {
                    div {
                        dt { t("appointment.when") }
                        dd { "\(model.date.swissFormat), \(model.time)" }
                    }
                }
                div {
                    dt { t("appointment.place") }
                    dd { model.place }
                }
                div {
                    dt { t("appointment.format") }
                    dd { t.label("format", model.format) }
                }
                div {
                    dt { t("appointment.statusLabel") }
                    dd { t.label("appointment.status", model.status) }
                }
                if let reason = model.cancelReason {
                    div {
                        dt { t("appointment.cancelReason") }
                        dd { reason }
                    }
                }
                if let interpreter = model.interpreter {
                    div {
                        dt { t("appointment.interpreter") }
                        dd { interpreter }
                    }
                }
            }
            if !model.documents.isEmpty, model.status != .cancelled {
                section(.ariaLabelledBy("documents-heading")) {
                    h2(.id("documents-heading")) { t("appointment.documents") }
                    ul(.class("documents")) {
                        for document in model.documents {
                            li {
                                if c.may(.editPersons) {
                                    anchor(.class(document.madeOn == nil ? "button primary" : "button"), .href(document.link)) { document.label }
                                } else {
                                    document.label
                                }
                                " "
                                span(.class(document.madeOn == nil ? "tag tag-to_do" : "tag tag-done")) {
                                    document.madeOn.map { t("appointment.madeOn", ["date": $0.swissFormat]) } ?? t("tasks.state.to_do")
                                }
                            }
                        }
                    }
                }
            }
            h2(.id("unterschriften")) { t("appointment.participants") }
            ul(.class("household participants")) {
                for participant in model.participants {
                    li {
                        anchor(.href(Link(.person(.value(participant.personID))))) { participant.name.full }
                        " – \(t.label("attendance", participant.attendance))"
                        if let signed = participant.signatureOn {
                            " · \(t("conversation.signedOn", ["date": signed.swissFormat]))"
                        } else if participant.attendance == .present, !participant.signatureRequired {
                            " · \(t("appointment.signatureNotRequired"))"
                        } else if participant.signatureMissing {
                            " · \(t("worklist.signatureMissing")) "
                            actionButton(Link(.appointmentSignature(.value(id))), csrf: c.csrf,
                                         label: t("appointment.signedToday", ["name": participant.name.given]), classes: "button small",
                                         [("participant", participant.id.uuidString)])
                        }
                    }
                }
            }
            h2 { t("appointment.checklist") }
            ul(.class("checklist")) {
                for check in model.checklist {
                    li {
                        if check.done {
                            span(.class("done")) { "✓ \(t("appointment.done"))" }
                        } else {
                            span(.class("open")) { "○ \(t("appointment.open"))" }
                        }
                        " \(check.label)"
                    }
                }
            }
            if !model.conversation.isEmpty {
                h2 { t("conversation.record") }
                for line in model.conversation { paragraph { line } }
            }
            div(.class("actions no-print")) {
                if model.status == .planned {
                    anchor(.class("button primary"), .href(Link(.appointmentConversation(.value(id))))) { t("appointment.conduct") }
                    anchor(.class("button"), .href(Link(.appointmentEdit(.value(id))))) { t("appointment.edit") }
                    anchor(.class("button danger"), .href(Link(.appointmentCancel(.value(id))))) { t("appointment.cancel") }
                } else if model.status != .cancelled {
                    anchor(.class("button"), .href(Link(.appointmentConversation(.value(id))))) { t("conversation.editRecord") }
                }
            }
        }
    }

    /// After a save the page says what to do next: the first open document, the conversation, the signatures.
    func nextStep(_ c: ViewContext) -> Node {
        let t = c.t
        let id = model.id
        var label: String?
        var link: Link?
        if model.status == .planned {
            if let document = model.documents.first(where: { $0.madeOn == nil }), c.may(.editPersons) {
                label = document.label
                link = document.link
            } else {
                label = t("appointment.conduct")
                link = Link(.appointmentConversation(.value(id)))
            }
        } else if model.status == .held, model.participants.contains(where: \.signatureMissing) {
            label = t("appointment.collectSignatures")
            link = Link(.appointment(.value(id))).fragment("unterschriften")
        }
        guard let label, let link else { return .empty }
        return paragraph(.class("next-step")) {
            strong { t("tasks.next") }
            " "
            anchor(.class("button primary"), .href(link)) { label }
        }
    }
}

/// «Termin absagen»: asks for the reason before anything changes.
struct AppointmentCancelView {
    let model: AppointmentModel
    let reason: String
    let error: String?

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let hub = Link(.appointment(.value(model.id)))
        return ReasonConfirmation(
            title: t("appointment.cancelTitle"), back: (t("common.back"), hub),
            question: t("appointment.cancelQuestion", ["date": model.date.swissFormat, "time": model.time,
                                                       "names": model.participants.map(\.name.full).joined(separator: ", ")]),
            action: Link(.appointmentCancel(.value(model.id))), reasonLabel: t("appointment.cancelReason"),
            reasonHint: t("appointment.cancelReasonHint"), reason: reason, error: error, maxLength: 500,
            confirmLabel: t("appointment.cancelConfirm"), keep: (t("appointment.cancelKeep"), hub)).page(c)
    }
}
