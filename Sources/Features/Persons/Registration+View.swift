import Domain
import Foundation
import Platform

struct RegistrationView {
    struct Duplicate {
        let id: UUID
        let name: PersonName
        let birthDate: CalendarDate
        let municipality: String
    }

    let input: Registration.Input
    let householdErrors: FieldMessages
    let personErrors: [FieldMessages]
    let municipalities: [SelectOption]
    let duplicates: [Duplicate]
    let reference: ReferenceData

    var hasErrors: Bool { !householdErrors.isEmpty || personErrors.contains { !$0.isEmpty } }

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let persons = input.persons ?? [PersonInput()]
        return WebPage(title: t("registration.title"), hasErrors: hasErrors) {
            h1 { t("registration.title") }
            paragraph { t("registration.intro") }
            errorSummary(t("form.hasErrors"), problems)
            postForm(Link(.registration), csrf: c.csrf, .class("form wide")) {
                if !duplicates.isEmpty {
                    div(.class("alert"), .role("alert"), .id("duplicates")) {
                        paragraph { strong { t("registration.duplicatesFound") } }
                        ul {
                            for duplicate in duplicates {
                                li {
                                    anchor(.href(Link(.person(.value(duplicate.id))))) { duplicate.name.sortable }
                                    ", \(duplicate.birthDate.swissFormat), \(duplicate.municipality)"
                                }
                            }
                        }
                        checkboxField(FieldSpec(id: "confirmDuplicates", label: t("registration.confirmDuplicates")), checked: false)
                    }
                }
                fieldset {
                    legend { t("registration.household") }
                    div(.class("grid-2")) {
                        selectField(FieldSpec(id: "municipalityID", label: t("persons.field.municipality"),
                                              error: householdErrors["municipalityID"]),
                                    options: municipalities, placeholder: municipalities.count > 1 ? t("form.pleaseChoose") : nil)
                        textField(FieldSpec(id: "street", label: t("registration.street"), error: householdErrors["street"]),
                                  value: input.street ?? "", .autocomplete("off"), .maxlength(200))
                        textField(FieldSpec(id: "postalCode", label: t("registration.postalCode"), error: householdErrors["postalCode"]),
                                  value: input.postalCode ?? "", .inputmode("numeric"), .autocomplete("off"), .maxlength(4))
                        textField(FieldSpec(id: "place", label: t("registration.place"), error: householdErrors["place"]),
                                  value: input.place ?? "", .autocomplete("off"), .maxlength(100))
                    }
                }
                for (index, person) in persons.enumerated() {
                    PersonFieldsView(input: person, index: index,
                                     errors: personErrors.indices.contains(index) ? personErrors[index] : FieldMessages(),
                                     removable: persons.count > 1, namePrefix: "persons[\(index)]", reference: reference).render(t)
                }
                div(.class("actions")) {
                    button(.type(.submit), .name("action"), .value("save"), .class("button primary")) { t("registration.save") }
                    button(.type(.submit), .name("action"), .value("addPerson"), .class("button")) { t("registration.addPerson") }
                    button(.type(.submit), .name("action"), .value("preview"), .class("button")) { t("registration.preview") }
                }
            }
        }
    }

    /// Every message of the form, with the id of its field, for the summary at the top.
    var problems: [(id: String, message: String)] {
        var list = householdErrors.order.map { (id: $0, message: householdErrors[$0]!) }
        for (index, errors) in personErrors.enumerated() {
            list += errors.order.map { (id: "p\(index)-\($0)", message: errors[$0]!) }
        }
        return list
    }
}
