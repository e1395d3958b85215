/// The one form field component: label, hint, message and control with `aria-invalid` and
/// `aria-describedby`, used by every form.
package struct FieldSpec: Sendable {
    package let id: String
    package let name: String
    package let label: String
    package var hint: String?
    package var error: String?
    /// Marks the control `required` (with an asterisk for sighted users).
    package var required: Bool
    /// A note after the label, e.g. "(optional)".
    package var note: String?

    package init(id: String, name: String? = nil, label: String, hint: String? = nil, error: String? = nil, required: Bool = false,
                 note: String? = nil) {
        self.id = id
        self.name = name ?? id
        self.label = label
        self.hint = hint
        self.error = error
        self.required = required
        self.note = note
    }

    var hintID: String { id + "-hint" }
    var errorID: String { id + "-error" }

    /// The ids that describe the control: hint and message.
    var describedBy: Attribute? {
        let ids = [hint == nil ? nil : hintID, error == nil ? nil : errorID].compactMap { $0 }
        return ids.isEmpty ? nil : .ariaDescribedBy(ids.joined(separator: " "))
    }

    var invalid: Attribute? { error == nil ? nil : .ariaInvalid }
}

private func fieldBox(_ spec: FieldSpec, extraClass: String? = nil, @NodeBuilder control: () -> Node) -> Node {
    let classes = ["field", extraClass, spec.error == nil ? nil : "has-error"].compactMap { $0 }.joined(separator: " ")
    return div(.class(classes)) {
        label(.for(spec.id)) {
            spec.label
            if spec.required { span(.class("required-mark"), .ariaHidden) { " *" } }
            if let note = spec.note { span(.class("label-note")) { " \(note)" } }
        }
        if let hint = spec.hint { paragraph(.class("hint"), .id(spec.hintID)) { hint } }
        if let error = spec.error { paragraph(.class("field-error"), .id(spec.errorID)) { error } }
        control()
    }
}

/// A one-line input (text, date, time, e-mail, phone, number, password).
package func textField(_ spec: FieldSpec, value: String, type: InputType = .text, _ extra: Attribute?...) -> Node {
    fieldBox(spec) {
        Node.void("input", ([.id(spec.id), .name(spec.name), type == .text ? nil : .type(type), .value(value),
                             Attribute.when(spec.required, .required), spec.invalid, spec.describedBy] + extra))
    }
}

package func textAreaField(_ spec: FieldSpec, value: String, rows: Int = 3, maxLength: Int? = nil) -> Node {
    fieldBox(spec) {
        textarea(.id(spec.id), .name(spec.name), .rows(rows), maxLength.map { .maxlength($0) }, spec.invalid, spec.describedBy,
                 value: value)
    }
}

/// A select; `placeholder` is the empty first choice ("Bitte wählen", "unbekannt").
package func selectField(_ spec: FieldSpec, options: [SelectOption], placeholder: String? = nil) -> Node {
    fieldBox(spec) {
        select(.id(spec.id), .name(spec.name), spec.invalid, spec.describedBy) {
            if let placeholder { option(.value("")) { placeholder } }
            optionList(options)
        }
    }
}

package func optionList(_ options: [SelectOption]) -> Node {
    forEach(options) { choice in
        option(.value(choice.value), .when(choice.selected, .selected)) { choice.label }
    }
}

/// One checkbox with its label after it.
package func checkboxField(_ spec: FieldSpec, checked: Bool, value: String? = nil) -> Node {
    let classes = ["field", "checkbox", spec.error == nil ? nil : "has-error"].compactMap { $0 }.joined(separator: " ")
    return div(.class(classes)) {
        inputTag(.id(spec.id), .name(spec.name), .type(.checkbox), value.map { .value($0) }, .when(checked, .checked),
              spec.invalid, spec.describedBy)
        label(.for(spec.id)) { spec.label }
        if let hint = spec.hint { paragraph(.class("hint"), .id(spec.hintID)) { hint } }
        if let error = spec.error { paragraph(.class("field-error"), .id(spec.errorID)) { error } }
    }
}

/// Radio buttons or checkboxes in a fieldset with a legend; `multiple` makes checkboxes (`name` repeated).
package func choiceGroup(id: String, name: String, legend legendText: String, options: [SelectOption], multiple: Bool = false,
                         error: String? = nil, hint: String? = nil, columns: Bool = false, inline: Bool = false) -> Node {
    let classes = ["field", "choices", columns ? "checkbox-grid" : nil, inline ? "inline" : nil, error == nil ? nil : "has-error"]
        .compactMap { $0 }.joined(separator: " ")
    let described = [hint == nil ? nil : id + "-hint", error == nil ? nil : id + "-error"].compactMap { $0 }
    return fieldset(.class(classes), .id(id), described.isEmpty ? nil : .ariaDescribedBy(described.joined(separator: " "))) {
        legend { legendText }
        if let hint { paragraph(.class("hint"), .id(id + "-hint")) { hint } }
        if let error { paragraph(.class("field-error"), .id(id + "-error")) { error } }
        forEach(options) { choice in
            div(.class(multiple ? "choice checkbox" : "choice radio")) {
                inputTag(.id("\(id)-\(choice.value)"), .name(name), .type(multiple ? .checkbox : .radio), .value(choice.value),
                      .when(choice.selected, .checked))
                label(.for("\(id)-\(choice.value)")) { choice.label }
            }
        }
    }
}

/// The anti-forgery token every POST form carries.
package func csrfField(_ token: String) -> Node {
    inputTag(.type(.hidden), .name("_csrf"), .value(token))
}

/// A hidden value.
package func hiddenField(_ name: String, _ value: String) -> Node {
    inputTag(.type(.hidden), .name(name), .value(value))
}

/// The list of problems at the top of a form, each linking to its field (GOV.UK error summary).
package func errorSummary(_ title: String, _ problems: [(id: String, message: String)]) -> Node {
    guard !problems.isEmpty else { return .empty }
    return div(.class("alert error-summary"), .role("alert"), .tabindex(-1), .id("fehler")) {
        paragraph { strong { title } }
        ul {
            forEach(problems) { problem in
                li { anchor(.href(.fragment(problem.id))) { problem.message } }
            }
        }
    }
}

/// A POST form with its token and a one-time key (a double submit stores once: `req.submitOnce`).
package func postForm(_ action: Link, csrf: String, _ extra: Attribute?..., @NodeBuilder content: () -> Node) -> Node {
    .element("form", [.methodPost, .action(action), .novalidate] + extra,
             [csrfField(csrf), hiddenField(FormKey.fieldName, FormKey.make()), content()])
}

/// A one-button POST form (cancel, lock, print): state changes never by a link (ASVS 3.5.3).
package func actionButton(_ action: Link, csrf: String, label labelText: String, classes: String = "button",
                          _ hidden: [(String, String)] = []) -> Node {
    .element("form", [.methodPost, .action(action), .class("inline-form")], [
        csrfField(csrf),
        hiddenField(FormKey.fieldName, FormKey.make()),
        .fragment(hidden.map { hiddenField($0.0, $0.1) }),
        button(.type(.submit), .class(classes)) { labelText },
    ])
}
