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

/// A translation says what its German master says: the same placeholders and sections in each part,
/// the same number of paragraphs, the same form labels. Shown to the canton on the template pages.
public enum TranslationParity {
    /// The parts of a text that are compared.
    public struct Parts: Sendable {
        public var subject: String
        public var salutations: [String]
        public var body: String
        public var closing: String
        public var labelKeys: Set<String>

        public init(subject: String, salutations: [String], body: String, closing: String, labelKeys: Set<String>) {
            self.subject = subject
            self.salutations = salutations
            self.body = body
            self.closing = closing
            self.labelKeys = labelKeys
        }
    }

    public enum Part: String, Sendable { case subject, salutation, body, closing }

    public enum Problem: Equatable, Sendable {
        case missingPlaceholder(String, Part)
        case extraPlaceholder(String, Part)
        case paragraphCount(master: Int, translation: Int)
        case missingLabel(String)
        case emptyPart(Part)
    }

    /// Tags as "name", "#name", "^name", "/name", counted: a placeholder used twice must stay twice.
    static func tagCounts(_ text: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        for tag in LetterTemplateRules.tags(in: text).tags {
            let prefix: String
            switch tag.kind {
            case .variable: prefix = ""
            case .section: prefix = "#"
            case .invertedSection: prefix = "^"
            case .close: prefix = "/"
            }
            counts[prefix + tag.name, default: 0] += 1
        }
        return counts
    }

    public static func paragraphs(_ body: String) -> Int {
        body.components(separatedBy: "\n\n").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.count
    }

    public static func problems(master: Parts, translation: Parts) -> [Problem] {
        var problems: [Problem] = []
        let pairs: [(Part, String, String)] = [(.subject, master.subject, translation.subject),
                                               (.salutation, master.salutations.joined(separator: "\n"), translation.salutations.joined(separator: "\n")),
                                               (.body, master.body, translation.body), (.closing, master.closing, translation.closing)]
        for (part, masterText, text) in pairs {
            let isBlank = { (s: String) in s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
            if !isBlank(masterText), isBlank(text) { problems.append(.emptyPart(part)) }
            let expected = tagCounts(masterText), found = tagCounts(text)
            for name in Set(expected.keys).union(found.keys).sorted() {
                let want = expected[name] ?? 0, have = found[name] ?? 0
                if have < want { problems.append(.missingPlaceholder(name, part)) }
                if have > want { problems.append(.extraPlaceholder(name, part)) }
            }
        }
        let want = paragraphs(master.body), have = paragraphs(translation.body)
        if want != have { problems.append(.paragraphCount(master: want, translation: have)) }
        for key in master.labelKeys.subtracting(translation.labelKeys).sorted() { problems.append(.missingLabel(key)) }
        return problems
    }
}
