import Foundation
import Vapor

/// All user-facing text, by key, from Resources/Locales/<lang>.json. German now; a second
/// language is a second file.
package struct Localizer: Sendable {
    package let language: String
    private let texts: [String: String]

    package init(language: String, texts: [String: String]) {
        self.language = language
        self.texts = texts
    }

    package static func load(language: String, from directory: String) throws -> Localizer {
        let url = URL(fileURLWithPath: directory).appendingPathComponent("\(language).json")
        let data = try Data(contentsOf: url)
        return Localizer(language: language, texts: try JSONDecoder().decode([String: String].self, from: data))
    }

    package func has(_ key: String) -> Bool { texts[key] != nil }

    /// The text for `key`; a missing key shows itself in brackets so it is found, never an empty gap.
    package func text(_ key: String, fallback: String? = nil) -> String {
        texts[key] ?? fallback.flatMap { texts[$0] } ?? "[\(key)]"
    }

    /// Replaces {name} placeholders in one pass (an inserted value is never read as a placeholder).
    package func text(_ key: String, _ values: [String: String]) -> String {
        Self.fill(text(key), values)
    }

    package static func fill(_ template: String, _ values: [String: String]) -> String {
        var result = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "}"), let value = values[String(rest[afterOpen..<close])] else {
                result += "{"
                rest = rest[afterOpen...]
                continue
            }
            result += value
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }

    /// `t("key")`, `t("key", ["name": …])` in views.
    package func callAsFunction(_ key: String) -> String { text(key) }
    package func callAsFunction(_ key: String, _ values: [String: String]) -> String { text(key, values) }

    /// The label of a stored code: `t.label("permit", .b)` reads "permit.B".
    package func label<Code: RawRepresentable>(_ prefix: String, _ code: Code) -> String where Code.RawValue == String {
        text("\(prefix).\(code.rawValue)")
    }
}

extension Application {
    private struct LocalizerKey: StorageKey { typealias Value = Localizer }
    package var localizer: Localizer {
        get { storage[LocalizerKey.self] ?? Localizer(language: "de", texts: [:]) }
        set { storage[LocalizerKey.self] = newValue }
    }
}

extension Request {
    package var texts: Localizer { application.localizer }
}
