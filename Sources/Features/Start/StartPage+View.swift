import Domain
import Platform

struct StartPageView {
    let model: StartPageModel

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        return WebPage(title: t("start.title")) {
            h1 { t("start.greeting", ["name": model.displayName]) }
            paragraph(.class("lead")) {
                "\(t.label("role", model.role)) · \(model.unitName)"
                if model.municipalities.count > 1 {
                    " (\(t("start.municipalitiesLabel")) \(model.municipalities.joined(separator: ", ")))"
                }
            }
            if !model.figures.isEmpty {
                section(.ariaLabelledBy("figures-heading")) {
                    h2(.id("figures-heading")) { t("start.figures") }
                    dl(.class("figures")) {
                        for figure in model.figures {
                            div {
                                dt { figure.label }
                                dd { figure.value }
                            }
                        }
                    }
                }
            }
            if !model.nextActions.isEmpty { nextActions(t) }
            if model.showsPersons { arrivals(t) }
            if !model.workLists.isEmpty {
                section(.ariaLabelledBy("worklists-heading")) {
                    h2(.id("worklists-heading")) { t("start.worklists") }
                    ul(.class("worklists")) {
                        for list in model.workLists {
                            li {
                                anchor(.href(list.link)) { list.label }
                                " "
                                span(.class(list.count > 0 ? "count has-items" : "count")) { list.capped ? "\(list.count)+" : String(list.count) }
                            }
                        }
                    }
                    if model.canRegister {
                        paragraph { anchor(.class("button primary"), .href(Link(.registration))) { t("registration.title") } }
                    }
                }
            }
        }
    }

    /// The first households waiting for this user, each with the link that does the work.
    func nextActions(_ t: Localizer) -> Node {
        section(.ariaLabelledBy("next-heading")) {
            h2(.id("next-heading")) { t("start.nextActions") }
            div(.class("table-wrap")) {
                table {
                    caption(.class("visually-hidden")) { t("start.nextActions") }
                    thead {
                        tr {
                            th(.scope("col")) { t("worklist.entry") }
                            th(.scope("col")) { t("worklist.detail") }
                            th(.scope("col")) { t("worklist.action") }
                        }
                    }
                    tbody {
                        for action in model.nextActions {
                            tr {
                                th(.scope("row")) { action.title }
                                td { action.detail }
                                td { anchor(.class("button small"), .href(action.link)) { action.actionLabel } }
                            }
                        }
                    }
                }
            }
        }
    }

    func arrivals(_ t: Localizer) -> Node {
        section(.ariaLabelledBy("arrivals-heading")) {
            h2(.id("arrivals-heading")) { t("start.arrivals") }
            if model.recentArrivals.isEmpty {
                paragraph(.class("empty")) { t("start.noArrivals") }
            } else {
                div(.class("table-wrap")) {
                    table {
                        caption(.class("visually-hidden")) { t("start.arrivals") }
                        thead {
                            tr {
                                th(.scope("col")) { t("persons.field.name") }
                                th(.scope("col")) { t("persons.field.birthDate") }
                                th(.scope("col")) { t("persons.field.moveInDate") }
                                th(.scope("col")) { t("persons.field.municipality") }
                            }
                        }
                        tbody {
                            for row in model.recentArrivals {
                                tr {
                                    td { anchor(.href(Link(.person(.value(row.id))))) { row.name.sortable } }
                                    td { Format.date(row.birthDate) }
                                    td { Format.date(row.moveInDate) }
                                    td { row.municipality }
                                }
                            }
                        }
                    }
                }
            }
            paragraph { anchor(.href(Link(.persons))) { t("start.allPersons") } }
        }
    }
}
