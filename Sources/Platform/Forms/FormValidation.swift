import Foundation

/// The one shape of form handling: a form yields either the cleaned value or field messages;
/// the page shows the messages at the fields and keeps what was typed.
package struct FieldMessages: Sendable, Equatable {
    package private(set) var messages: [String: String] = [:]
    /// The fields in the order their messages were added (the error summary lists them so).
    package private(set) var order: [String] = []

    package init() {}

    package var isEmpty: Bool { messages.isEmpty }

    package mutating func add(_ field: String, _ message: String) {
        guard messages[field] == nil else { return }
        messages[field] = message
        order.append(field)
    }

    package subscript(_ field: String) -> String? { messages[field] }

    /// Adds another form part's messages (a repeated row), keeping their order.
    package mutating func merge(_ other: FieldMessages) {
        for field in other.order { add(field, other.messages[field]!) }
    }
}

package enum Validated<Value> {
    case valid(Value)
    case invalid(FieldMessages)
}

/// Small checks every form uses.
package enum FieldCheck {
    package static func trimmed(_ value: String?) -> String { (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    package static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              text.count <= 254, !text.contains(where: { $0.isWhitespace }) else { return false }
        return true
    }

    package static func isPhone(_ text: String) -> Bool {
        let digits = text.filter(\.isNumber)
        return digits.count >= 7 && digits.count <= 15 && text.allSatisfy { $0.isNumber || " +-()/.".contains($0) }
    }

    package static func isSwissPostalCode(_ text: String) -> Bool { text.count == 4 && text.allSatisfy(\.isNumber) }

    /// "14:05".
    package static func isTime(_ text: String) -> Bool {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]) else { return false }
        return (0...23).contains(h) && (0...59).contains(m)
    }
}

/// One choice of a select, radio group or checkbox list, and whether it is chosen: every form's options.
package struct SelectOption: Sendable, Equatable {
    package let value: String
    package let label: String
    package let selected: Bool

    package init(value: String, label: String, selected: Bool) {
        self.value = value
        self.label = label
        self.selected = selected
    }

    /// Options for the cases of a stored code, labelled from the catalogue (`prefix.rawValue`).
    package static func of<Code: CaseIterable & RawRepresentable>(
        _ type: Code.Type, _ prefix: String, chosen: String?, texts: Localizer
    ) -> [SelectOption] where Code.RawValue == String {
        Code.allCases.map { SelectOption(value: $0.rawValue, label: texts.text("\(prefix).\($0.rawValue)"), selected: $0.rawValue == chosen) }
    }
}
