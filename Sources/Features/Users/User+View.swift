import Domain
import Persistence
import Platform

struct UserListView {
    let users: [User]

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        return WebPage(title: t("users.title")) {
            h1 { t("users.title") }
            paragraph { anchor(.class("button"), .href(Link(.newUser))) { t("users.new") } }
            div(.class("table-wrap")) {
                table {
                    caption(.class("visually-hidden")) { t("users.title") }
                    thead {
                        tr {
                            th(.scope("col")) { t("users.username") }
                            th(.scope("col")) { t("users.displayName") }
                            th(.scope("col")) { t("users.role") }
                            th(.scope("col")) { t("users.unit") }
                            th(.scope("col")) { t("users.status") }
                            th(.scope("col")) { t("users.lastLogin") }
                        }
                    }
                    tbody {
                        for user in users {
                            tr {
                                td { anchor(.href(Link(.user(.value(user.id!))))) { user.username } }
                                td { user.displayName }
                                td { t.label("role", user.role) }
                                td { user.unit.name }
                                td { if user.locked { span(.class("badge warn")) { t("users.locked") } } else { t("users.active") } }
                                td { Format.instant(user.lastLoginAt) }
                            }
                        }
                    }
                }
            }
        }
    }
}

struct UserFormView {
    let user: User?
    let input: UserInput
    let errors: FieldMessages
    let units: [OrganisationalUnit]

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let title = user.map { t("users.edit", ["name": $0.username]) } ?? t("users.new")
        let action = user.map { Link(.user(.value($0.id!))) } ?? Link(.newUser)
        return WebPage(title: title, hasErrors: !errors.isEmpty) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.users))) { t("users.title") } }
            h1 { title }
            errorSummary(t("form.hasErrors"), errors.order.map { ($0, errors[$0]!) })
            postForm(action, csrf: c.csrf, .class("form")) {
                if user == nil {
                    textField(FieldSpec(id: "username", label: t("users.username"), hint: t("users.usernameHint"), error: errors["username"]),
                              value: input.username ?? "", .autocomplete("off"), .autocapitalize("none"), .spellcheck(false), .maxlength(50))
                } else {
                    div(.class("field")) {
                        label(.for("username")) { t("users.username") }
                        inputTag(.id("username"), .value(input.username ?? ""), Attribute("readonly", nil))
                    }
                }
                textField(FieldSpec(id: "displayName", label: t("users.displayName"), error: errors["displayName"]),
                          value: input.displayName ?? "", .autocomplete("off"), .maxlength(100))
                textField(FieldSpec(id: "email", label: t("users.email"), error: errors["email"]), value: input.email ?? "", type: .email,
                          .autocomplete("off"), .maxlength(254))
                textField(FieldSpec(id: "phone", label: t("users.phone"), error: errors["phone"]), value: input.phone ?? "", type: .tel,
                          .autocomplete("off"), .maxlength(30))
                selectField(FieldSpec(id: "role", label: t("users.role"), error: errors["role"]),
                            options: SelectOption.of(Role.self, "role", chosen: input.role, texts: t), placeholder: t("form.pleaseChoose"))
                selectField(FieldSpec(id: "unitID", label: t("users.unit"), error: errors["unitID"]),
                            options: units.map {
                                SelectOption(value: $0.id!.uuidString, label: "\($0.name) (\(t.label("unitKind", $0.kind)))",
                                             selected: $0.id!.uuidString == input.unitID)
                            },
                            placeholder: t("form.pleaseChoose"))
                div(.class("actions")) {
                    button(.type(.submit), .class("button primary")) { t("form.save") }
                    anchor(.href(Link(.users)), .class("button")) { t("form.cancel") }
                }
            }
            if let user {
                section(.ariaLabelledBy("account-actions"), .class("account-actions")) {
                    h2(.id("account-actions")) { t("users.accountActions") }
                    paragraph {
                        "\(t("users.statusLabel")) "
                        if user.locked { span(.class("badge warn")) { t("users.locked") } } else { t("users.active") }
                    }
                    div(.class("actions")) {
                        if user.locked {
                            actionButton(Link(.userUnlock(.value(user.id!))), csrf: c.csrf, label: t("users.unlock"))
                        } else {
                            actionButton(Link(.userLock(.value(user.id!))), csrf: c.csrf, label: t("users.lock"), classes: "button danger")
                        }
                        actionButton(Link(.userPasswordReset(.value(user.id!))), csrf: c.csrf, label: t("users.resetPassword"))
                    }
                }
            }
        }
    }
}

/// Shown once; the user must change it at the first login.
struct OneTimePasswordView {
    let user: User
    let password: String

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        return WebPage(title: t("users.oneTimePassword")) {
            h1 { t("users.oneTimePassword") }
            paragraph { t("users.oneTimePasswordIntro") }
            dl(.class("sheet")) {
                div {
                    dt { t("users.username") }
                    dd { user.username }
                }
                div {
                    dt { t("users.displayName") }
                    dd { user.displayName }
                }
                div {
                    dt { t("users.password") }
                    dd { code(.class("secret"), .id("one-time-password")) { password } }
                }
            }
            paragraph { anchor(.class("button"), .href(Link(.user(.value(user.id!))))) { t("common.back") } }
        }
    }
}
