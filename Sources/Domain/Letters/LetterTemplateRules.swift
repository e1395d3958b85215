import Foundation

/// What a letter text may contain: logic-less Mustache with the known placeholders only, so an
/// edited text can neither run code nor reach data it was not given.
public enum LetterTemplateRules {
    /// Every placeholder the application fills (Resources/Letters/FORMAT.md).
    public static let placeholders: Set<String> = [
        "person.givenName", "person.familyName", "person.fullName", "person.birthDate",
        "household.members", "givenName", "familyName",
        "appointment.date", "appointment.time", "appointment.place", "appointment.interpreter",
        "municipality.name", "officer.name", "officer.phone", "officer.email",
    ]

    public struct Tag: Equatable, Sendable {
        public enum Kind: Equatable, Sendable { case variable, section, invertedSection, close }
        public let kind: Kind
        public let name: String
    }

    public enum Problem: Equatable, Sendable {
        case unknownPlaceholder(String)
        case forbiddenTag(String)
        case unbalancedSection(String)
    }

    /// The tags of a text, in order. Tags other than variables and sections are reported as forbidden.
    public static func tags(in text: String) -> (tags: [Tag], forbidden: [String]) {
        var tags: [Tag] = []
        var forbidden: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { forbidden.append("{{"); break }
            var inner = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            rest = rest[close.upperBound...]
            let kind: Tag.Kind
            switch inner.first {
            case "#": kind = .section; inner.removeFirst()
            case "^": kind = .invertedSection; inner.removeFirst()
            case "/": kind = .close; inner.removeFirst()
            case "{", "&", ">", "<", "%", "!", "=", "$": forbidden.append("{{\(inner)}}"); continue
            default: kind = .variable
            }
            tags.append(Tag(kind: kind, name: inner.trimmingCharacters(in: .whitespaces)))
        }
        return (tags, forbidden)
    }

    public static func problems(in text: String) -> [Problem] {
        let (tags, forbidden) = tags(in: text)
        var problems = forbidden.map(Problem.forbiddenTag)
        var open: [String] = []
        for tag in tags {
            if !placeholders.contains(tag.name) { problems.append(.unknownPlaceholder(tag.name)) }
            switch tag.kind {
            case .section, .invertedSection: open.append(tag.name)
            case .close:
                if open.last == tag.name { open.removeLast() } else { problems.append(.unbalancedSection(tag.name)) }
            case .variable: break
            }
        }
        problems += open.map(Problem.unbalancedSection)
        return problems
    }

    /// Placeholders a text needs filled: its variables outside inverted sections, with the section
    /// names themselves excluded (an empty section simply shows nothing).
    public static func requiredPlaceholders(in text: String) -> Set<String> {
        var required: Set<String> = []
        var inSection: [String] = []
        for tag in tags(in: text).tags {
            switch tag.kind {
            case .section, .invertedSection: inSection.append(tag.name)
            case .close: _ = inSection.popLast()
            case .variable:
                // Inside household.members the names belong to each member, always present.
                if inSection.last != "household.members" { required.insert(tag.name) }
            }
        }
        return required
    }
}
