/// The landing page of an area: what it covers (`area.<name>.intro`), its steps (`area.<name>.step1…8`)
/// and the functions the user may open.
package struct AreaOverview {
    let area: String
    let links: [(String, Link)]

    package init(area: String, links: [(String, Link)]) {
        self.area = area
        self.links = links
    }

    package func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let steps = (1...8).map { "area.\(area).step\($0)" }.filter(t.has).map { t($0) }
        let title = t("area.\(area).title")
        return WebPage(title: title) {
            h1 { title }
            paragraph(.class("lead")) { t("area.\(area).intro") }
            if !links.isEmpty {
                section(.ariaLabelledBy("functions-heading")) {
                    h2(.id("functions-heading")) { t("area.functions") }
                    ul(.class("link-list")) {
                        for (label, link) in links { li { anchor(.href(link)) { label } } }
                    }
                }
            }
            if !steps.isEmpty {
                section(.ariaLabelledBy("steps-heading")) {
                    h2(.id("steps-heading")) { t("area.steps") }
                    ol(.class("steps")) {
                        for step in steps { li { step } }
                    }
                }
            }
        }
    }
}
