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
    /// The block just added (the cursor goes there).
    var focus: Int?

    var hasErrors: Bool { !householdErrors.isEmpty || personErrors.contains { !$0.isEmpty } }

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let persons = input.persons ?? [PersonInput()]
        return WebPage(title: t("registration.title"), hasErrors: hasErrors, scripts: [.asset("js/registration.js")]) {
            h1 { t("registration.title") }
            paragraph { t("registration.intro") }
            paragraph(.class("hint")) { t("registration.requiredNote") }
            errorSummary(t("form.hasErrors"), problems)
            postForm(Link(.registration), csrf: c.csrf, .class("form wide"), .id("registration")) {
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
                } else if input.confirmDuplicates != nil {
                    hiddenField("confirmDuplicates", "on")
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
                div(.id("persons")) {
                    for (index, person) in persons.enumerated() {
                        PersonFieldsView(input: person, index: index,
                                         errors: personErrors.indices.contains(index) ? personErrors[index] : FieldMessages(),
                                         removable: persons.count > 1, namePrefix: "persons[\(index)]", reference: reference,
                                         focus: focus == index, asksRelationship: index > 0).render(t)
                    }
                }
                PersonFieldsView.languageList(reference)
                div(.class("actions")) {
                    button(.type(.submit), .name("action"), .value("review"), .class("button primary")) { t("registration.review") }
                    button(.type(.submit), .name("action"), .value("addPerson"), .class("button"), .id("add-person")) {
                        t("registration.addPerson")
                    }
                }
            }
            // The block the script adds without a round trip: the same markup the server makes.
            Node.element("template", [.id("person-template")], [
                PersonFieldsView(input: PersonInput(), index: 999, errors: FieldMessages(), removable: true,
                                 namePrefix: "persons[999]", reference: reference, asksRelationship: true).render(t),
            ])
        }
    }

    /// Every message of the form, with the id of its field, for the summary at the top.
    var problems: [(id: String, message: String)] {
        var list = householdErrors.order.map { (id: $0, message: householdErrors[$0]!) }
        for (index, errors) in personErrors.enumerated() {
            list += errors.order.map { field in
                // Radio groups are linked by their first choice.
                let id = field == "relationship" ? "p\(index)-relationship-\(Relationship.allCases[0].rawValue)" : "p\(index)-\(field)"
                return (id: id, message: errors[field]!)
            }
        }
        return list
    }
}

/// «Angaben prüfen»: the whole registration on one page before it is stored; each part can be
/// changed (back to the form with everything kept), and «Anmeldung speichern» stores it.
struct RegistrationReviewView {
    let input: Registration.Input
    let values: [PersonValues]
    let municipality: String
    let address: String
    let reference: ReferenceData
    let today: CalendarDate

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        return WebPage(title: t("registration.reviewTitle")) {
            h1 { t("registration.reviewTitle") }
            paragraph { t("registration.reviewIntro") }
            postForm(Link(.registration), csrf: c.csrf, .class("form wide")) {
                forEach(Self.hiddenFields(input)) { field in hiddenField(field.0, field.1) }
                h2 { t("registration.household") }
                dl(.class("summary-list")) {
                    row(t("persons.field.municipality"), municipality)
                    row(t("persons.field.address"), address)
                }
                for (index, value) in values.enumerated() {
                    h2 { "\(t("registration.person")) \(index + 1) – \(value.givenName) \(value.familyName)" }
                    dl(.class("summary-list")) {
                        for (label, text) in lines(value, t) { row(label, text) }
                    }
                }
                div(.class("actions")) {
                    button(.type(.submit), .name("action"), .value("save"), .class("button primary"), .autofocus) { t("registration.save") }
                    button(.type(.submit), .name("action"), .value("edit"), .class("button")) { t("registration.change") }
                }
            }
        }
    }

    func row(_ label: String, _ text: String) -> Node {
        div {
            dt { label }
            dd { text }
        }
    }

    func lines(_ value: PersonValues, _ t: Localizer) -> [(String, String)] {
        let languages = reference.languages
        var lines: [(String, String)] = [
            (t("persons.field.sex"), t.label("sex", value.sex)),
            (t("persons.field.birthDate"), "\(value.birthDate.swissFormat) (\(Format.age(value.birthDate, today: today, texts: t)))"),
        ]
        if let relationship = value.relationship { lines.append((t("persons.field.relationship"), t.label("relationship", relationship))) }
        lines += [
            (t("persons.field.nationality"), reference.countries.name(value.nationality)),
            (t("persons.field.motherTongue"), value.motherTongue.map(languages.name) ?? "–"),
            (t("persons.field.status"), ResidenceStatus(permit: value.permit, asylumStatus: value.asylumStatus).map { t.label("status", $0) }
                ?? value.permit.map { t.label("permit", $0) } ?? "–"),
            (t("persons.field.moveInDate"), Format.date(value.moveInDate)),
            (t("persons.field.entryDate"), Format.date(value.entryDate)),
        ]
        if let level = value.germanLevel { lines.append((t("persons.field.germanLevel"), t.label("german", level))) }
        if !value.otherLanguages.isEmpty {
            lines.append((t("persons.field.otherLanguages"), value.otherLanguages.map(languages.name).joined(separator: ", ")))
        }
        if let phone = value.phone { lines.append((t("persons.field.phone"), phone)) }
        if let email = value.email { lines.append((t("persons.field.email"), email)) }
        if value.socialAssistance { lines.append((t("persons.field.socialAssistance"), t("common.yes"))) }
        if let focus = value.focusNote { lines.append((t("persons.field.focusNote"), focus)) }
        var group = t.label("targetGroup", value.targetGroup)
        if let reason = value.overrideReason {
            group += " (\(t("persons.overridden")): \(reason))"
        } else {
            group += " – \(t.label("targetGroup.reason", value.targetGroupReason))"
        }
        lines.append((t("persons.field.targetGroup"), group))
        return lines
    }

    /// The form as hidden fields, so that saving or changing sends exactly what was checked.
    static func hiddenFields(_ input: Registration.Input) -> [(String, String)] {
        var fields: [(String, String)] = [("municipalityID", input.municipalityID ?? ""), ("street", input.street ?? ""),
                                          ("postalCode", input.postalCode ?? ""), ("place", input.place ?? "")]
        if input.confirmDuplicates != nil { fields.append(("confirmDuplicates", "on")) }
        for (index, person) in (input.persons ?? []).enumerated() {
            let prefix = "persons[\(index)]"
            let single: [(String, String?)] = [
                ("familyName", person.familyName), ("givenName", person.givenName), ("sex", person.sex), ("birthDate", person.birthDate),
                ("nationality", person.nationality), ("motherTongue", person.motherTongue), ("germanLevel", person.germanLevel),
                ("entryDate", person.entryDate), ("moveInDate", person.moveInDate), ("status", person.status), ("permit", person.permit),
                ("asylumStatus", person.asylumStatus), ("relationship", person.relationship), ("phone", person.phone),
                ("email", person.email), ("socialAssistance", person.socialAssistance), ("focusNote", person.focusNote),
                ("targetGroupOverride", person.targetGroupOverride), ("targetGroupOverrideReason", person.targetGroupOverrideReason),
                ("otherLanguagesMore", person.otherLanguagesMore),
            ]
            for (name, value) in single {
                if let value { fields.append(("\(prefix)[\(name)]", value)) }
            }
            for language in person.otherLanguages ?? [] { fields.append(("\(prefix)[otherLanguages][]", language)) }
        }
        return fields
    }
}
