import Platform

struct PasswordChangeView {
    let mustChange: Bool
    let errors: FieldMessages

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        return WebPage(title: t("password.title"), hasErrors: !errors.isEmpty) {
            h1 { t("password.title") }
            if mustChange { div(.class("alert"), .role("alert")) { t("password.mustChange") } }
            errorSummary(t("form.hasErrors"), errors.order.map { ($0, errors[$0]!) })
            paragraph { t("password.rules") }
            postForm(Link(.changePassword), csrf: c.csrf, .class("form")) {
                textField(FieldSpec(id: "currentPassword", label: t("password.current"), error: errors["currentPassword"]),
                          value: "", type: .password, .autocomplete("current-password"))
                textField(FieldSpec(id: "newPassword", label: t("password.new"), error: errors["newPassword"]),
                          value: "", type: .password, .autocomplete("new-password"), .maxlength(256))
                textField(FieldSpec(id: "confirmation", label: t("password.confirmation"), error: errors["confirmation"]),
                          value: "", type: .password, .autocomplete("new-password"))
                button(.type(.submit), .class("button primary")) { t("password.submit") }
            }
        }
    }
}
