import Domain
import Persistence
import Platform

struct PersonEditView {
    let person: Person
    let input: PersonInput
    let errors: FieldMessages
    let reference: ReferenceData

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let id = person.id!
        return WebPage(title: t("persons.editTitle"), hasErrors: !errors.isEmpty) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.person(.value(id))))) { person.name.full } }
            h1 { t("persons.editTitle") }
            errorSummary(t("form.hasErrors"), errors.order.map { (id: "p0-\($0)", message: errors[$0]!) })
            postForm(Link(.personEdit(.value(id))), csrf: c.csrf, .class("form wide")) {
                PersonFieldsView(input: input, index: 0, errors: errors, removable: false, namePrefix: "", reference: reference,
                                 asksRelationship: person.relationship != nil || (input.relationship ?? "") != "").render(t)
                PersonFieldsView.languageList(reference)
                div(.class("actions")) {
                    button(.type(.submit), .class("button primary")) { t("form.save") }
                    anchor(.href(Link(.person(.value(id)))), .class("button")) { t("form.cancel") }
                }
            }
        }
    }
}
