import Foundation
import NIOCore

/// A piece of HTML built in Swift. Tag and attribute names are compiled into the program; every value
/// (text, attribute, URL) is escaped for its context when the piece is made, so data can never become markup.
/// Text that could change the direction of its neighbours (right-to-left scripts, bidi controls) is
/// isolated in `<bdi>`, so a name cannot reorder the date printed beside it.
///
/// A piece holds its finished HTML: an element is written when it is made, around its content's bytes.
/// A tree of elements, each with its attribute list and child array, kept until the page was complete
/// and then walked to write it, cost more than the bytes themselves (BENCHMARKS.md, sixth round).
package struct Node: Sendable {
    fileprivate var html: [UInt8]

    private init(html: [UInt8]) { self.html = html }

    package static let empty = Node(html: [])

    /// Text, escaped (and isolated when its direction could leak).
    package static func text(_ text: String) -> Node {
        var html: [UInt8] = []
        html.reserveCapacity(text.utf8.count)
        if Bidi.needsIsolation(text) {
            html.append("<bdi>")
            Escape.text(text, into: &html)
            html.append("</bdi>")
        } else {
            Escape.text(text, into: &html)
        }
        return Node(html: html)
    }

    /// Pieces one after another.
    package static func fragment(_ nodes: [Node]) -> Node {
        if nodes.count == 1 { return nodes[0] }
        var html: [UInt8] = []
        html.reserveCapacity(nodes.reduce(0) { $0 + $1.html.count })
        for node in nodes { html.append(contentsOf: node.html) }
        return Node(html: html)
    }

    /// An element around its content; nil attributes are left out.
    package static func tag(_ name: StaticString, _ attributes: [Attribute?], _ content: Node) -> Node {
        var html: [UInt8] = []
        html.reserveCapacity(content.html.count + 2 * name.utf8CodeUnitCount + 5 + 48 * attributes.count)
        html.append(UInt8(ascii: "<"))
        html.append(name)
        for case let attribute? in attributes { attribute.render(into: &html) }
        html.append(UInt8(ascii: ">"))
        html.append(contentsOf: content.html)
        html.append("</")
        html.append(name)
        html.append(UInt8(ascii: ">"))
        return Node(html: html)
    }

    /// An element without content or end tag (`input`, `meta`, `br`).
    package static func void(_ name: StaticString, _ attributes: [Attribute?]) -> Node {
        var html: [UInt8] = []
        html.reserveCapacity(name.utf8CodeUnitCount + 2 + 48 * attributes.count)
        html.append(UInt8(ascii: "<"))
        html.append(name)
        for case let attribute? in attributes { attribute.render(into: &html) }
        html.append(UInt8(ascii: ">"))
        return Node(html: html)
    }

    /// An element with a list of children (for views that build one outside a `NodeBuilder`).
    package static func element(_ name: StaticString, _ attributes: [Attribute?], _ children: [Node]) -> Node {
        tag(name, attributes, fragment(children))
    }

    package static let doctype = "<!DOCTYPE html>"

    package func render() -> String {
        String(decoding: html, as: UTF8.self)
    }

    /// The HTML document (with its doctype) as bytes, for a response body.
    package func renderDocumentBytes() -> ByteBuffer {
        var output = ByteBufferAllocator().buffer(capacity: html.count + 15)
        output.writeStaticString("<!DOCTYPE html>")
        output.writeBytes(html)
        return output
    }
}

extension [UInt8] {
    fileprivate mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
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

    fileprivate func render(into html: inout [UInt8]) {
        html.append(UInt8(ascii: " "))
        html.append(name)
        if let value {
            html.append("=\"")
            Escape.attribute(value, into: &html)
            html.append(UInt8(ascii: "\""))
        }
    }
}

/// Escaping for HTML text and attribute values. The characters escaped are ASCII, so the UTF-8 bytes are
/// escaped one by one (a byte of a longer character is never one of them).
package enum Escape {
    package static func text(_ text: String, into html: inout [UInt8]) {
        escape(text, attribute: false, into: &html)
    }

    package static func attribute(_ text: String, into html: inout [UInt8]) {
        escape(text, attribute: true, into: &html)
    }

    private static func escape(_ text: String, attribute: Bool, into html: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for index in bytes.indices {
                let replacement: StaticString
                switch bytes[index] {
                case 0x26: replacement = "&amp;"
                case 0x3C: replacement = "&lt;"
                case 0x3E: replacement = "&gt;"
                case 0x22 where attribute: replacement = "&quot;"
                case 0x27 where attribute: replacement = "&#39;"
                default: continue
                }
                html.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                html.append(replacement)
                start = index + 1
            }
            html.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
    }

    package static func text(_ text: String) -> String {
        var html: [UInt8] = []
        Escape.text(text, into: &html)
        return String(decoding: html, as: UTF8.self)
    }

    package static func attribute(_ text: String) -> String {
        var html: [UInt8] = []
        Escape.attribute(text, into: &html)
        return String(decoding: html, as: UTF8.self)
    }
}

/// Which text must be isolated from its neighbours' direction.
package enum Bidi {
    /// True for text with a right-to-left letter or a direction control character; plain Latin text
    /// (the German pages' own words, most names) renders as it is.
    package static func needsIsolation(_ text: String) -> Bool {
        // Below U+0590 nothing needs it: most text is checked by its bytes (UTF-8 lead bytes below 0xD6).
        guard text.utf8.contains(where: { $0 >= 0xD6 }) else { return false }
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
    /// All of a block's nodes in one array (adding them one by one copied the array for each).
    package static func buildBlock(_ nodes: Node...) -> Node { nodes.count == 1 ? nodes[0] : .fragment(nodes) }
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
