import Vapor

/// What every page shows around its content: who is logged in, the navigation, the form token, a flash.
package struct PageChrome: Sendable {
    package struct UserInfo: Sendable {
        let displayName: String
        let roleLabel: String
        let unitName: String
    }
    package struct NavItem: Sendable {
        let label: String
        let link: Link
        let current: Bool
    }

    let user: UserInfo?
    let nav: [NavItem]
    package let csrf: String
    let flash: String?
    let language: String
}

/// A page: its title (the tab title, so it names the kind of page, never a person), its content,
/// the HTTP status.
package struct WebPage: Sendable {
    package let title: String
    package let content: Node
    package var status: HTTPResponseStatus
    /// The title shown when the form on the page has errors starts with "Fehler:".
    package var hasErrors: Bool
    /// Scripts of this page (progressive enhancement: the page works without them).
    package var scripts: [Link]

    package init(title: String, status: HTTPResponseStatus = .ok, hasErrors: Bool = false, scripts: [Link] = [],
                 @NodeBuilder content: () -> Node) {
        self.title = title
        self.content = content()
        self.status = status
        self.hasErrors = hasErrors
        self.scripts = scripts
    }
}

/// The one layout of the app's pages.
package enum Layout {
    package static func document(_ page: WebPage, chrome: PageChrome, texts t: Localizer) -> Node {
        let title = (page.hasErrors ? t("form.errorTitlePrefix") + " " : "") + page.title + " – start.integration"
        return .fragment([
            .element("html", [.lang(chrome.language)], [
                head {
                    meta(.charset("utf-8"))
                    meta(Attribute("name", "viewport"), .content("width=device-width, initial-scale=1"))
                    Node.element("title", [], [.text(title)])
                    linkElement(.rel("stylesheet"), .href(.asset("css/app.css")))
                    linkElement(.rel("icon"), .href(.asset("img/favicon.svg")), Attribute("type", "image/svg+xml"))
                },
                body {
                    anchor(.class("skip-link"), .href(.fragment("inhalt"))) { t("layout.skip") }
                    siteHeader(chrome, t)
                    if chrome.user != nil { navigation(chrome, t) }
                    mainElement(.id("inhalt"), .tabindex(-1)) {
                        if let flash = chrome.flash { div(.class("flash"), .role("status")) { flash } }
                        page.content
                    }
                    footer(.class("site-footer")) { paragraph { t("layout.footer") } }
                    forEach(page.scripts) { script in Node.element("script", [.src(script), .defer_], []) }
                },
            ]),
        ])
    }

    static func siteHeader(_ chrome: PageChrome, _ t: Localizer) -> Node {
        header(.class("site-header")) {
            div(.class("brand")) {
                anchor(.href(Link(.start)), .class("brand-name")) { "start.integration" }
                span(.class("brand-sub")) { t("layout.canton") }
            }
            if let user = chrome.user {
                div(.class("user-box")) {
                    paragraph(.class("user-who")) {
                        span(.class("user-name")) { user.displayName }
                        " "
                        span(.class("user-role")) { "\(user.roleLabel) · \(user.unitName)" }
                    }
                    div(.class("user-actions")) {
                        anchor(.href(Link(.changePassword))) { t("nav.password") }
                        actionButton(Link(.logout), csrf: chrome.csrf, label: t("nav.logout"), classes: "link-button")
                    }
                }
            }
        }
    }

    static func navigation(_ chrome: PageChrome, _ t: Localizer) -> Node {
        nav(.class("main-nav"), .ariaLabel(t("nav.label"))) {
            ul {
                forEach(chrome.nav) { item in
                    li { anchor(.href(item.link), .when(item.current, .ariaCurrent("page"))) { item.label } }
                }
            }
        }
    }
}
