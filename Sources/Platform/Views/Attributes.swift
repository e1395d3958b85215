/// The attributes the views use. Names are fixed here; values are escaped when rendered; URLs come
/// only from `Link` (made from `SiteURL`, an asset, an anchor or a data URL), never from a string.
extension Attribute {
    package static func `class`(_ value: String) -> Attribute { Attribute("class", value) }
    package static func id(_ value: String) -> Attribute { Attribute("id", value) }
    package static func href(_ link: Link) -> Attribute { Attribute("href", link.value) }
    package static func src(_ link: Link) -> Attribute { Attribute("src", link.value) }
    package static func action(_ link: Link) -> Attribute { Attribute("action", link.value) }
    package static func formAction(_ link: Link) -> Attribute { Attribute("formaction", link.value) }
    package static func name(_ value: String) -> Attribute { Attribute("name", value) }
    package static func value(_ value: String) -> Attribute { Attribute("value", value) }
    package static func type(_ value: InputType) -> Attribute { Attribute("type", value.rawValue) }
    package static func `for`(_ id: String) -> Attribute { Attribute("for", id) }
    package static func lang(_ value: String) -> Attribute { Attribute("lang", value) }
    package static func dir(_ value: String) -> Attribute { Attribute("dir", value) }
    package static func charset(_ value: String) -> Attribute { Attribute("charset", value) }
    package static func content(_ value: String) -> Attribute { Attribute("content", value) }
    package static func rel(_ value: String) -> Attribute { Attribute("rel", value) }
    package static func role(_ value: String) -> Attribute { Attribute("role", value) }
    package static func title(_ value: String) -> Attribute { Attribute("title", value) }
    package static func alt(_ value: String) -> Attribute { Attribute("alt", value) }
    package static func scope(_ value: String) -> Attribute { Attribute("scope", value) }
    package static func colspan(_ value: Int) -> Attribute { Attribute("colspan", String(value)) }
    package static func rows(_ value: Int) -> Attribute { Attribute("rows", String(value)) }
    package static func size(_ value: Int) -> Attribute { Attribute("size", String(value)) }
    package static func min(_ value: String) -> Attribute { Attribute("min", value) }
    package static func max(_ value: String) -> Attribute { Attribute("max", value) }
    package static func maxlength(_ value: Int) -> Attribute { Attribute("maxlength", String(value)) }
    package static func tabindex(_ value: Int) -> Attribute { Attribute("tabindex", String(value)) }
    package static func inputmode(_ value: String) -> Attribute { Attribute("inputmode", value) }
    package static func autocomplete(_ value: String) -> Attribute { Attribute("autocomplete", value) }
    package static func autocapitalize(_ value: String) -> Attribute { Attribute("autocapitalize", value) }
    package static func spellcheck(_ value: Bool) -> Attribute { Attribute("spellcheck", value ? "true" : "false") }
    package static func placeholder(_ value: String) -> Attribute { Attribute("placeholder", value) }
    package static func accept(_ value: String) -> Attribute { Attribute("accept", value) }
    package static func enctype(_ value: String) -> Attribute { Attribute("enctype", value) }
    package static func list(_ id: String) -> Attribute { Attribute("list", id) }
    package static func datetime(_ value: String) -> Attribute { Attribute("datetime", value) }
    package static func width(_ value: Int) -> Attribute { Attribute("width", String(value)) }
    package static func height(_ value: Int) -> Attribute { Attribute("height", String(value)) }
    package static func dataKind(_ value: String) -> Attribute { Attribute("data-kind", value) }
    package static func media(_ value: String) -> Attribute { Attribute("media", value) }

    package static func ariaLabel(_ value: String) -> Attribute { Attribute("aria-label", value) }
    package static func ariaLabelledBy(_ id: String) -> Attribute { Attribute("aria-labelledby", id) }
    package static func ariaDescribedBy(_ ids: String) -> Attribute { Attribute("aria-describedby", ids) }
    package static func ariaCurrent(_ value: String) -> Attribute { Attribute("aria-current", value) }
    package static func ariaLive(_ value: String) -> Attribute { Attribute("aria-live", value) }
    package static var ariaInvalid: Attribute { Attribute("aria-invalid", "true") }
    package static var ariaHidden: Attribute { Attribute("aria-hidden", "true") }

    package static var methodPost: Attribute { Attribute("method", "post") }
    package static var methodGet: Attribute { Attribute("method", "get") }
    package static var selected: Attribute { Attribute("selected", nil) }
    package static var checked: Attribute { Attribute("checked", nil) }
    package static var disabled: Attribute { Attribute("disabled", nil) }
    package static var required: Attribute { Attribute("required", nil) }
    package static var multiple: Attribute { Attribute("multiple", nil) }
    package static var open: Attribute { Attribute("open", nil) }
    package static var novalidate: Attribute { Attribute("novalidate", nil) }
    package static var autofocus: Attribute { Attribute("autofocus", nil) }
    package static var hidden: Attribute { Attribute("hidden", nil) }
    package static var defer_: Attribute { Attribute("defer", nil) }

    /// `attribute` when `condition` holds, else nothing.
    package static func when(_ condition: Bool, _ attribute: Attribute) -> Attribute? { condition ? attribute : nil }
}

package enum InputType: String, Sendable {
    case text, password, email, tel, date, time, month, number, checkbox, radio, hidden, file, submit, search
    case button
}
