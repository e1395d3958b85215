import Domain
import Platform
import Vapor

enum WorkListRoutes {
    static func show(_ req: Request) async throws -> Response {
        guard let list = WorkList(rawValue: req.parameters.get("list") ?? "") else { throw AppError.notFound }
        let user = try req.requireUser()
        guard user.has(list.permission) else {
            try await req.audit(.accessDenied, .page, detail: "GET \(req.url.path) ohne \(list.permission.rawValue)")
            throw AppError.forbidden
        }
        let byName = (try? req.query.get(String.self, at: "sortierung")) == "name"
        let model = try await WorkListModel.query(list, page: req.pageNumber(), byName: byName, user: user, database: req.db,
                                                  texts: req.texts, reference: req.reference, today: req.today)
        let shown = model.rows.flatMap(\.personIDs)
        if !shown.isEmpty {
            try await req.audit(.personListed, .persons(shown), detail: "Arbeitsliste \(list.rawValue)")
        }
        return req.render(WorkListView(model: model).page(req.viewContext))
    }
}

struct WorkListView {
    let model: WorkListModel

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let list = model.list
        let title = t("worklist.\(list.key)")
        let pageCount = max(1, (model.total + WorkListModel.pageSize - 1) / WorkListModel.pageSize)
        return WebPage(title: title) {
            h1 { title }
            paragraph { t("worklist.\(list.key).intro") }
            filterTabs(t("worklist.label"), model.lists.map { FilterTab(t("worklist.\($0.key)"), $0.link, current: $0 == list) })
            if ![.upcoming, .missingSignatures, .dueSteps].contains(list) {
                paragraph(.class("sorts")) {
                    "\(t("worklist.sort")) "
                    if model.byName { anchor(.href(list.link)) { t("worklist.sortByDate") } } else { strong { t("worklist.sortByDate") } }
                    " "
                    if model.byName {
                        strong { t("worklist.sortByName") }
                    } else {
                        anchor(.href(Link(.workList(.value(list.rawValue)), query: [("sortierung", "name")]))) { t("worklist.sortByName") }
                    }
                }
            }
            paragraph(.class("lead")) { "\(t("worklist.total")) \(model.total)" }
            if model.rows.isEmpty {
                paragraph(.class("empty")) { t("worklist.empty") }
            } else {
                div(.class("table-wrap")) {
                    table {
                        caption(.class("visually-hidden")) { title }
                        thead {
                            tr {
                                th(.scope("col")) { t(list == .dueSteps ? "nextStep.due" : "worklist.date") }
                                th(.scope("col")) { t("worklist.entry") }
                                th(.scope("col")) { t(list == .dueSteps ? "nextStep.legend" : "worklist.persons") }
                                th(.scope("col")) { t("worklist.detail") }
                                th(.scope("col")) { t("worklist.action") }
                            }
                        }
                        tbody {
                            for row in model.rows {
                                tr {
                                    td { Format.date(row.date) }
                                    td { anchor(.href(row.link)) { row.title } }
                                    td { row.names.joined(separator: ", ") }
                                    td { row.detail }
                                    td {
                                        if let action = row.action {
                                            anchor(.class("button small"), .href(action.link)) { action.label }
                                        }
                                        if let task = row.doneTask {
                                            actionButton(Link(.nextStepDone(.value(task))), csrf: c.csrf, label: t("nextStep.done"),
                                                         classes: "button small")
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                Pager(page: model.page, pageCount: pageCount, hasPrevious: model.page > 1, hasNext: model.page < pageCount) { number in
                    Link(.workList(.value(list.rawValue)), query: [("seite", String(number))] + (model.byName ? [("sortierung", "name")] : []))
                }.render(t)
            }
        }
    }
}
