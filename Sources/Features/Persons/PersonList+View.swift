import Domain
import Platform

struct PersonListView {
    let model: PersonListModel
    let search: PersonSearch.Input
    let errors: FieldMessages
    let canRegister: Bool

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let title = t(model.isSearch ? "persons.searchTitle" : "persons.title")
        return WebPage(title: title, hasErrors: !errors.isEmpty) {
            h1 { title }
            if canRegister { paragraph { anchor(.class("button primary"), .href(Link(.registration))) { t("registration.title") } } }
            postForm(Link(.personSearch), csrf: c.csrf, .class("filter-form"), .role("search")) {
                textField(FieldSpec(id: "search-name", name: "name", label: t("persons.searchName"), error: errors["name"]),
                          value: search.name ?? "", .autocomplete("off"), .maxlength(200))
                textField(FieldSpec(id: "search-birthDate", name: "birthDate", label: t("persons.field.birthDate"), error: errors["birthDate"]),
                          value: search.birthDate ?? "", type: .date)
                button(.type(.submit), .class("button")) { t("persons.search") }
                if model.isSearch { anchor(.class("button"), .href(Link(.persons))) { t("persons.showAll") } }
            }
            paragraph(.class("lead"), .role("status")) {
                if model.isSearch {
                    // At the limit only the first matches by name were ranked, not all of them.
                    let atLimit = model.total >= PersonSearch.limit
                    "\(t(atLimit ? "persons.hitsAtLeast" : "persons.hits")) \(model.total)"
                    if model.total > model.rows.count {
                        ". " + t(atLimit ? "persons.narrowMany" : "persons.narrow", ["shown": String(model.rows.count)])
                    }
                } else {
                    "\(t("persons.count")) \(model.total)"
                }
            }
            if model.rows.isEmpty {
                paragraph(.class("empty")) { t(model.isSearch ? "persons.noHits" : "persons.none") }
            } else {
                div(.class("table-wrap")) {
                    table {
                        caption(.class("visually-hidden")) { title }
                        thead {
                            tr {
                                th(.scope("col")) { t("persons.field.name") }
                                th(.scope("col")) { t("persons.field.birthDate") }
                                th(.scope("col")) { t("persons.field.nationality") }
                                th(.scope("col")) { t("persons.field.permit") }
                                th(.scope("col")) { t("persons.field.municipality") }
                            }
                        }
                        tbody {
                            for row in model.rows {
                                tr {
                                    td { anchor(.href(Link(.person(.value(row.id))))) { row.name.sortable } }
                                    td { row.birthDate.swissFormat }
                                    td { row.nationality }
                                    td { row.permit }
                                    td { row.municipality }
                                }
                            }
                        }
                    }
                }
                if !model.isSearch {
                    Pager(page: model.page, pageCount: model.pageCount, hasPrevious: model.hasPrevious, hasNext: model.hasNext) { number in
                        Link(.persons, query: [("seite", String(number))])
                    }.render(t)
                }
            }
        }
    }
}
