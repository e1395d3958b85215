import Foundation
import Domain

/// A URL a page may put into `href`, `src` or `action`: made from a declared `SiteURL`, a static
/// asset, a fragment on the same page or a data URL, never from free text.
package struct Link: Sendable, Equatable {
    package let value: String

    private init(_ value: String) { self.value = value }

    /// A declared app URL with optional query items (values percent-encoded).
    package init(_ url: SiteURL, query: [(String, String)] = []) {
        guard !query.isEmpty else {
            self.value = url.path
            return
        }
        let items = query.map { "\(Link.encode($0.0))=\(Link.encode($0.1))" }.joined(separator: "&")
        self.value = url.path + "?" + items
    }

    /// A path this app stored itself (the result of a form): only an own path, never another host.
    package init?(storedPath: String) {
        guard storedPath.hasPrefix("/"), !storedPath.hasPrefix("//"), !storedPath.contains("\\"),
              storedPath.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else { return nil }
        self.value = storedPath
    }

    /// A file under Public/ (stylesheets, scripts, images).
    package static func asset(_ path: StaticString) -> Link { Link("/" + path.description) }

    /// The folders of Public/ that hold assets (they may be cached; pages may not).
    static let assetFolders = ["css", "js", "img"]

    package static func isAsset(path: String) -> Bool {
        assetFolders.contains { path.hasPrefix("/\($0)/") }
    }

    /// An element on the same page.
    package static func fragment(_ id: String) -> Link { Link("#" + id) }

    /// An embedded image (a checked logo).
    package static func data(mimeType: String, _ data: Data) -> Link {
        Link("data:\(mimeType);base64,\(data.base64EncodedString())")
    }

    static let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))

    package static func encode(_ text: String) -> String {
        // Ids, kinds and dates need no encoding: skip Foundation's (slow) encoder for them.
        if text.utf8.allSatisfy(isUnreservedASCII) { return text }
        return text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static func isUnreservedASCII(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"): true
        default: false
        }
    }
}

extension Link {
    /// The same link to an element of the target page ("…#unterschriften").
    package func fragment(_ id: String) -> Link { Link(value + "#" + id) }
}

/// How a letter is asked for in the query of the letter pages: the kind, the language, both
/// languages, the appointment. Any area may link to a letter; only Letters reads the query.
package enum LetterQuery {
    package static let kind = "art"
    package static let language = "sprache"
    package static let bilingual = "zweisprachig"
    package static let appointment = "termin"
    /// An integration conversation (its form) and a Fordern case (its summons and report).
    package static let conversation = "gespraech"
    package static let fordernCase = "fall"

    package static func items(kind: LetterKind, language: LetterLanguage?, bilingual: Bool, appointment: UUID?) -> [(String, String)] {
        [(Self.kind, kind.rawValue)] + (language.map { [(Self.language, $0.rawValue)] } ?? [])
            + (bilingual ? [(Self.bilingual, "on")] : []) + (appointment.map { [(Self.appointment, $0.uuidString)] } ?? [])
    }
}

extension Link {
    /// A person's letter in the print view; the language defaults to the person's.
    package static func letter(person: UUID, kind: LetterKind, language: LetterLanguage? = nil, bilingual: Bool = true,
                               appointment: UUID? = nil, conversation: UUID? = nil, fordernCase: UUID? = nil) -> Link {
        Link(.personLetterView(.value(person)),
             query: LetterQuery.items(kind: kind, language: language, bilingual: bilingual && language != .de, appointment: appointment)
                + (conversation.map { [(LetterQuery.conversation, $0.uuidString)] } ?? [])
                + (fordernCase.map { [(LetterQuery.fordernCase, $0.uuidString)] } ?? []))
    }
}
