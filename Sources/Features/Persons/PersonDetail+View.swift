import Domain
import Platform

struct PersonDetailView {
    let model: PersonDetailModel

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        return WebPage(title: t("persons.pageTitle")) {
            paragraph(.class("breadcrumb")) {
                anchor(.href(Link(.persons))) { t("persons.title") }
                " › "
                anchor(.href(Link(.household(.value(model.householdID))))) { t("persons.household") }
            }
            h1 { model.name.full }
            if !model.actions.isEmpty {
                ul(.class("action-bar no-print")) {
                    for action in model.actions { li { anchor(.class("button"), .href(action.link)) { action.label } } }
                    li { anchor(.class("button"), .href(Link(.personSheet(.value(model.id))))) { t("persons.action.sheet") } }
                }
            }
            TaskListView(tasks: model.tasks).render(t)
            div(.class("two-columns")) {
                section(.ariaLabelledBy("sheet-heading")) {
                    h2(.id("sheet-heading")) { t("persons.sheet") }
                    dl(.class("sheet")) {
                        for field in model.fields {
                            div {
                                dt { field.label }
                                dd { field.value }
                            }
                        }
                        div {
                            dt { t("persons.field.address") }
                            dd { model.address }
                        }
                        div {
                            dt { t("persons.field.municipality") }
                            dd { model.municipality }
                        }
                    }
                    h2(.id("household-heading")) { t("persons.household") }
                    ul(.class("household")) {
                        for member in model.members {
                            li {
                                if member.isSelf {
                                    strong { member.name.full }
                                } else {
                                    anchor(.href(Link(.person(.value(member.id))))) { member.name.full }
                                }
                                " (\(member.age))"
                            }
                        }
                    }
                }
                section(.ariaLabelledBy("timeline-heading")) {
                    h2(.id("timeline-heading")) { t("timeline.title") }
                    TimelineView(entries: model.timeline).render(t)
                }
            }
        }
    }
}
