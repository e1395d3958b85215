/// The keys under which a person is found by name: every word of the names folded (Müller, Mueller
/// and Muller meet), and each whole name without its separators (Al-Rina = Alrina = Al Rina).
/// A search word matches a key it begins, so the lookup is an index range, never a scan.
public enum SearchKeys {
    public static func keys(given: String, family: String) -> Set<String> {
        var keys: Set<String> = []
        for name in [given, family] {
            let whole = NameFolding.key(name)
            if !whole.isEmpty { keys.insert(whole) }
            for word in words(name) { keys.insert(word) }
        }
        return keys
    }

    /// The folded words of a search text; each must begin a key of the person.
    public static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { $0.isWhitespace || $0 == "-" || $0 == "," || $0 == "'" || $0 == "’" || $0 == "." })
            .map { NameFolding.key(String($0)) }.filter { !$0.isEmpty }
    }

    /// The first string after every key that begins with `prefix`: the range [prefix, upperBound(prefix)).
    public static func upperBound(_ prefix: String) -> String { prefix + "\u{10FFFF}" }
}
