/// A destructive action asks first: what will happen, and why (the reason is required and kept in
/// the audit trail or on the record). Used by cancelling an appointment and deleting a contact.
package struct ReasonConfirmation {
    package let title: String
    /// The breadcrumb back to the record.
    package let back: (label: String, link: Link)
    package let question: String
    /// What is affected, shown as a quote (e.g. the contact's note).
    package var quote: String?
    package let action: Link
    package let reasonLabel: String
    package let reasonHint: String
    package let reason: String
    package let error: String?
    package let maxLength: Int
    package let confirmLabel: String
    package let keep: (label: String, link: Link)

    package init(title: String, back: (label: String, link: Link), question: String, quote: String? = nil, action: Link,
                 reasonLabel: String, reasonHint: String, reason: String, error: String?, maxLength: Int, confirmLabel: String,
                 keep: (label: String, link: Link)) {
        self.title = title
        self.back = back
        self.question = question
        self.quote = quote
        self.action = action
        self.reasonLabel = reasonLabel
        self.reasonHint = reasonHint
        self.reason = reason
        self.error = error
        self.maxLength = maxLength
        self.confirmLabel = confirmLabel
        self.keep = keep
    }

    package func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        return WebPage(title: title, hasErrors: error != nil) {
            paragraph(.class("breadcrumb")) { anchor(.href(back.link)) { back.label } }
            h1 { title }
            errorSummary(t("form.hasErrors"), error.map { [("reason", $0)] } ?? [])
            paragraph { question }
            if let quote { blockquote { quote } }
            postForm(action, csrf: c.csrf, .class("form")) {
                textField(FieldSpec(id: "reason", label: reasonLabel, hint: reasonHint, error: error), value: reason, .maxlength(maxLength))
                div(.class("actions")) {
                    button(.type(.submit), .class("button danger")) { confirmLabel }
                    anchor(.class("button"), .href(keep.link)) { keep.label }
                }
            }
        }
    }
}
