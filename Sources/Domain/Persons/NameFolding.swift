import Foundation

/// Folds a name into the key used for duplicate checks and search, so that
/// Müller = Mueller = Muller and Al-Rina = Alrina = Al Rina.
public enum NameFolding {
    public static func key(_ name: String) -> String {
        var folded = name
            .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: Locale(identifier: "de_CH"))
            .lowercased()
        // German transliterations of umlauts, applied after diacritics are gone so both spellings meet.
        for (long, short) in [("ae", "a"), ("oe", "o"), ("ue", "u"), ("ß", "ss")] {
            folded = folded.replacingOccurrences(of: long, with: short)
        }
        return String(folded.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }
}
