/// The keys under which a person is found by name: every word of the names folded (Müller, Mueller
/// and Muller meet), each whole name without its separators (Al-Rina = Alrina = Al Rina), and the
/// sound key of each (Müler = Müller, Achmadi = Ahmadi; marked with `~`). A search word matches a key
/// it begins, or the sound key it has, so the lookup is an index range, never a scan.
public enum SearchKeys {
    public static let soundMark = "~"

    public static func keys(given: String, family: String) -> Set<String> {
        var keys: Set<String> = []
        for name in [given, family] {
            let whole = NameFolding.key(name)
            for word in Set(words(name) + [whole]) where !word.isEmpty {
                keys.insert(word)
                if let sound = soundKey(word) { keys.insert(sound) }
            }
        }
        return keys
    }

    /// The sound key of a folded word, marked; nil for words too short to sound alike by chance.
    public static func soundKey(_ word: String) -> String? {
        guard word.count >= 3 else { return nil }
        let key = Phonetics.key(word)
        return key.count >= 2 ? soundMark + key : nil
    }

    /// The folded words of a search text; each must begin a key of the person.
    public static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { $0.isWhitespace || $0 == "-" || $0 == "," || $0 == "'" || $0 == "’" || $0 == "." })
            .map { NameFolding.key(String($0)) }.filter { !$0.isEmpty }
    }

    /// The first string after every key that begins with `prefix`: the range [prefix, upperBound(prefix)).
    public static func upperBound(_ prefix: String) -> String { prefix + "\u{10FFFF}" }
}
