import Domain
import Persistence
import Platform

struct TriageView {
    let person: Person
    let input: TriageInput
    let errors: FieldMessages
    let householdSize: Int

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let id = person.id!
        let proposed = ConversationGuide.proposed(socialAssistance: person.socialAssistance)
        return WebPage(title: t("triage.title"), hasErrors: !errors.isEmpty) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.person(.value(id))))) { person.name.full } }
            h1 { t("triage.title") }
            paragraph { t("triage.intro") }
            errorSummary(t("form.hasErrors"), errors.order.map { ($0, errors[$0]!) })
            postForm(Link(.personTriage(.value(id))), csrf: c.csrf, .class("form")) {
                choiceGroup(id: "triage", name: "triage", legend: t("triage.kind"),
                            options: SelectOption.of(Triage.self, "triage", chosen: input.triage, texts: t), error: errors["triage"])
                textField(FieldSpec(id: "reason", label: t("triage.reason"), error: errors["reason"]), value: input.reason ?? "",
                          .maxlength(500))
                selectField(FieldSpec(id: "guide", label: t("triage.guide"), hint: "\(t("triage.proposed")) \(t.label("guide", proposed))",
                                      error: errors["guide"]),
                            options: SelectOption.of(ConversationGuide.self, "guide", chosen: input.guide, texts: t))
                fieldset {
                    legend { t("triage.folder") }
                    selectField(FieldSpec(id: "folderStatus", label: t("triage.folderStatus"), error: errors["folderStatus"]),
                                options: SelectOption.of(FolderStatus.self, "folder", chosen: input.folderStatus, texts: t))
                    textField(FieldSpec(id: "folderDate", label: t("triage.folderDate"), error: errors["folderDate"]),
                              value: input.folderDate ?? "", type: .date)
                    selectField(FieldSpec(id: "folderLanguage", label: t("triage.folderLanguage"), error: errors["folderLanguage"]),
                                options: SelectOption.of(FolderLanguage.self, "folderLanguage", chosen: input.folderLanguage, texts: t),
                                placeholder: t("form.pleaseChoose"))
                }
                if householdSize > 1 {
                    checkboxField(FieldSpec(id: "wholeHousehold", label: "\(t("triage.wholeHousehold")) (\(householdSize))"),
                                  checked: input.wholeHousehold != nil)
                }
                div(.class("actions")) {
                    button(.type(.submit), .class("button primary")) { t("form.save") }
                    anchor(.href(Link(.person(.value(id)))), .class("button")) { t("form.cancel") }
                }
            }
        }
    }
}
