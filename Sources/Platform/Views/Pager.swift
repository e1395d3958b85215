/// "Zurück · Seite 3 · Weiter" under a paginated list.
package struct Pager {
    let page: Int
    let pageCount: Int?
    let hasPrevious: Bool
    let hasNext: Bool
    let link: (Int) -> Link

    package init(page: Int, pageCount: Int? = nil, hasPrevious: Bool, hasNext: Bool, link: @escaping (Int) -> Link) {
        self.page = page
        self.pageCount = pageCount
        self.hasPrevious = hasPrevious
        self.hasNext = hasNext
        self.link = link
    }

    package func render(_ t: Localizer) -> Node {
        nav(.class("pager"), .ariaLabel(t("pager.label"))) {
            if hasPrevious { anchor(.href(link(page - 1)), .rel("prev")) { t("pager.previous") } }
            span { pageCount.map { "\(t("pager.page")) \(page) / \($0)" } ?? "\(t("pager.page")) \(page)" }
            if hasNext { anchor(.href(link(page + 1)), .rel("next")) { t("pager.next") } }
        }
    }
}
