import Foundation

/// The one shape of form handling: a form yields either the cleaned value or field messages;
/// the page shows the messages at the fields and keeps what was typed.
struct FieldMessages: Encodable, Sendable {
    private(set) var messages: [String: String] = [:]

    var isEmpty: Bool { messages.isEmpty }

    mutating func add(_ field: String, _ message: String) {
        if messages[field] == nil { messages[field] = message }
    }

    func encode(to encoder: any Encoder) throws { try messages.encode(to: encoder) }
}

enum Validated<Value> {
    case valid(Value)
    case invalid(FieldMessages)
}

/// Small checks every form uses.
enum FieldCheck {
    static func trimmed(_ value: String?) -> String { (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              text.count <= 254, !text.contains(where: { $0.isWhitespace }) else { return false }
        return true
    }

    static func isPhone(_ text: String) -> Bool {
        let digits = text.filter(\.isNumber)
        return digits.count >= 7 && digits.count <= 15 && text.allSatisfy { $0.isNumber || " +-()/.".contains($0) }
    }

    static func isSwissPostalCode(_ text: String) -> Bool { text.count == 4 && text.allSatisfy(\.isNumber) }
}

/// One choice of a select, radio group or checkbox list, and whether it is chosen: every form's options.
struct SelectOption: Encodable {
    let value: String
    let label: String
    let selected: Bool
}
