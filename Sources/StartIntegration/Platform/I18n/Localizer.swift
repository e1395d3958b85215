import Foundation
import LeafKit
import Vapor

/// All user-facing text, by key, from Resources/Locales/<lang>.json. German now; a second
/// language is a second file.
public struct Localizer: Sendable {
    public let language: String
    private let texts: [String: String]

    public init(language: String, texts: [String: String]) { self.language = language; self.texts = texts }

    public static func load(language: String, from directory: String) throws -> Localizer {
        let url = URL(fileURLWithPath: directory).appendingPathComponent("\(language).json")
        let data = try Data(contentsOf: url)
        return Localizer(language: language, texts: try JSONDecoder().decode([String: String].self, from: data))
    }

    public func has(_ key: String) -> Bool { texts[key] != nil }

    /// The text for `key`; a missing key shows itself in brackets so it is found, never an empty gap.
    public func text(_ key: String, fallback: String? = nil) -> String {
        texts[key] ?? fallback.flatMap { texts[$0] } ?? "[\(key)]"
    }

    /// Replaces {name} placeholders.
    public func text(_ key: String, _ values: [String: String]) -> String {
        values.reduce(text(key)) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
    }
}

extension Application {
    private struct LocalizerKey: StorageKey { typealias Value = Localizer }
    public var localizer: Localizer {
        get { storage[LocalizerKey.self] ?? Localizer(language: "de", texts: [:]) }
        set { storage[LocalizerKey.self] = newValue }
    }
}

extension Request {
    var texts: Localizer { application.localizer }
}

/// `#t("key")` in templates.
struct TranslateTag: LeafTag {
    let localizer: Localizer
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let key = ctx.parameters.first?.string else { throw "#t needs a text key" }
        return .string(localizer.text(key))
    }
}
