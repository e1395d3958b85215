import Foundation

/// A piece of HTML built in Swift. Tag and attribute names are compiled into the program; every value
/// (text, attribute, URL) is escaped for its context when rendered, so data can never become markup.
/// Text that could change the direction of its neighbours (right-to-left scripts, bidi controls) is
/// isolated in `<bdi>`, so a name cannot reorder the date printed beside it.
package indirect enum Node: Sendable {
    case element(StaticString, [Attribute], [Node])
    case void(StaticString, [Attribute])
    case text(String)
    case fragment([Node])
    case empty

    package static let doctype = "<!DOCTYPE html>"

    package func render() -> String {
        var output = ""
        output.reserveCapacity(8192)
        render(into: &output)
        return output
    }

    package func render(into output: inout String) {
        switch self {
        case .element(let name, let attributes, let children):
            output += "<"
            output += name.description
            for attribute in attributes { attribute.render(into: &output) }
            output += ">"
            for child in children { child.render(into: &output) }
            output += "</"
            output += name.description
            output += ">"
        case .void(let name, let attributes):
            output += "<"
            output += name.description
            for attribute in attributes { attribute.render(into: &output) }
            output += ">"
        case .text(let text):
            if Bidi.needsIsolation(text) {
                output += "<bdi>"
                Escape.text(text, into: &output)
                output += "</bdi>"
            } else {
                Escape.text(text, into: &output)
            }
        case .fragment(let nodes):
            for node in nodes { node.render(into: &output) }
        case .empty:
            break
        }
    }
}

/// One attribute: a fixed name and an escaped value (or a flag such as `checked`).
package struct Attribute: Sendable {
    let name: StaticString
    let value: String?

    package init(_ name: StaticString, _ value: String?) {
        self.name = name
        self.value = value
    }

    func render(into output: inout String) {
        output += " "
        output += name.description
        if let value {
            output += "=\""
            Escape.attribute(value, into: &output)
            output += "\""
        }
    }
}

/// Escaping for HTML text and attribute values.
package enum Escape {
    package static func text(_ text: String, into output: inout String) {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E }) else {
            output += text
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            default: output.unicodeScalars.append(scalar)
            }
        }
    }

    package static func attribute(_ text: String, into output: inout String) {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            output += text
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.unicodeScalars.append(scalar)
            }
        }
    }

    package static func text(_ text: String) -> String {
        var output = ""
        Escape.text(text, into: &output)
        return output
    }

    package static func attribute(_ text: String) -> String {
        var output = ""
        Escape.attribute(text, into: &output)
        return output
    }
}

/// Which text must be isolated from its neighbours' direction.
package enum Bidi {
    /// True for text with a right-to-left letter or a direction control character; plain Latin text
    /// (the German pages' own words, most names) renders as it is.
    package static func needsIsolation(_ text: String) -> Bool {
        for scalar in text.unicodeScalars where scalar.value >= 0x0590 {
            switch scalar.value {
            case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF, 0x10800...0x10FFF, 0x1E800...0x1EFFF: return true
            case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x061C: return true
            default: continue
            }
        }
        return false
    }

    /// Text wrapped in first-strong isolates (FSI … PDI) where it needs it: for plain-text outputs
    /// (letter texts, PDF, DOCX) where no `<bdi>` exists.
    package static func isolated(_ text: String) -> String {
        needsIsolation(text) ? "\u{2068}\(text)\u{2069}" : text
    }
}

// MARK: Building

@resultBuilder
package enum NodeBuilder {
    package static func buildExpression(_ node: Node) -> Node { node }
    package static func buildExpression(_ text: String) -> Node { .text(text) }
    package static func buildExpression(_ nodes: [Node]) -> Node { .fragment(nodes) }
    package static func buildPartialBlock(first: Node) -> Node { first }
    package static func buildPartialBlock(accumulated: Node, next: Node) -> Node {
        if case .fragment(var nodes) = accumulated {
            nodes.append(next)
            return .fragment(nodes)
        }
        return .fragment([accumulated, next])
    }
    package static func buildBlock() -> Node { .empty }
    package static func buildOptional(_ node: Node?) -> Node { node ?? .empty }
    package static func buildEither(first: Node) -> Node { first }
    package static func buildEither(second: Node) -> Node { second }
    package static func buildArray(_ nodes: [Node]) -> Node { .fragment(nodes) }
    package static func buildLimitedAvailability(_ node: Node) -> Node { node }
}

/// `for` over a collection inside a builder, as an expression.
package func forEach<S: Sequence>(_ items: S, @NodeBuilder _ content: (S.Element) -> Node) -> Node {
    .fragment(items.map(content))
}
