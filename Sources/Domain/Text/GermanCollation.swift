import Foundation

/// Sorting the German way (DIN 5007 variant 1): Ä with A, Ö with O, Ü with U, ß as ss, case and
/// accents ignored, so that «Ägypten» comes before «Albanien» and «Österreich» after «Oman».
public enum GermanCollation {
    private static let swissGerman = Locale(identifier: "de_CH")

    public static func key(_ text: String) -> String {
        // Plain ASCII has no umlaut, accent or ß to fold: lower case is its key.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        return text.replacingOccurrences(of: "ß", with: "ss")
            .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: swissGerman)
    }

    public static func sorted<T>(_ items: [T], by label: (T) -> String) -> [T] {
        items.map { (key(label($0)), label($0), $0) }
            .sorted { ($0.0, $0.1) < ($1.0, $1.1) }
            .map(\.2)
    }
}
