import Platform

struct LoginView {
    let username: String
    let message: String?
    let back: Login.Return

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        return WebPage(title: t("login.title")) {
            div(.class("login-panel")) {
                h1 { t("login.heading") }
                paragraph { t("login.intro") }
                if back.expired {
                    div(.class("alert"), .role("status"), .id("session-expired")) {
                        strong { t("login.expired") }
                        " "
                        t(back.draftID == nil ? "login.expiredHint" : "login.expiredDraft")
                    }
                }
                if let message { div(.class("alert"), .role("alert"), .id("login-error")) { message } }
                postForm(Link(.login), csrf: c.csrf, .class("form")) {
                    if let draftID = back.draftID { hiddenField("entwurf", draftID.uuidString) }
                    if let path = back.continuePath { hiddenField("weiter", path) }
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

/// The form kept over an ended session: its fields travel hidden and are sent to where they were going.
struct FormDraftView {
    let target: Link
    let fields: [(String, String)]

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        return WebPage(title: t("draft.title")) {
            h1 { t("draft.title") }
            paragraph { t("draft.intro") }
            postForm(target, csrf: c.csrf, .class("form")) {
                forEach(fields) { field in hiddenField(field.0, field.1) }
                div(.class("actions")) {
                    button(.type(.submit), .class("button primary"), .autofocus) { t("draft.send") }
                    anchor(.class("button"), .href(Link(.start))) { t("draft.discard") }
                }
            }
        }
    }
}
