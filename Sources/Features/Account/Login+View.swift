import Platform

struct LoginView {
    let username: String
    let message: String?

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        return WebPage(title: t("login.title")) {
            div(.class("login-panel")) {
                h1 { t("login.heading") }
                paragraph { t("login.intro") }
                if let message { div(.class("alert"), .role("alert"), .id("login-error")) { message } }
                postForm(Link(.login), csrf: c.csrf, .class("form")) {
                    div(.class("field")) {
                        label(.for("username")) { t("login.username") }
                        inputTag(.id("username"), .name("username"), .type(.text), .autocomplete("username"), .autocapitalize("none"),
                              .spellcheck(false), .required, .value(username),
                              message == nil ? nil : .ariaDescribedBy("login-error"))
                    }
                    div(.class("field")) {
                        label(.for("password")) { t("login.password") }
                        inputTag(.id("password"), .name("password"), .type(.password), .autocomplete("current-password"), .required)
                    }
                    button(.type(.submit), .class("button primary")) { t("login.submit") }
                }
                paragraph(.class("muted")) { t("login.help") }
            }
        }
    }
}
