/// A sound key for names, so that spellings and transliterations of one name meet: Müler/Müller,
/// Gebremedin/Gebremedhin, Achmadi/Ahmadi, Tesfai/Tesfay, Ivanowa/Ivanova. It is the Kölner Phonetik
/// (made for German names) after a few transliteration rules of the names newcomers bring.
public enum Phonetics {
    /// Spellings one transliteration writes one way and another the other way.
    static let transliterations: [(String, String)] = [
        ("sch", "s"), ("tsch", "c"), ("ch", "h"), ("kh", "h"), ("gh", "g"), ("dh", "d"), ("th", "t"), ("ph", "f"),
        ("ou", "u"), ("oo", "u"), ("ee", "i"), ("ie", "i"), ("y", "i"), ("w", "v"), ("j", "i"), ("q", "k"), ("x", "ks"),
    ]

    /// The sound key of one folded name word ("muller" → "657"); empty when the word has no letters.
    public static func key(_ folded: String) -> String {
        var text = folded.lowercased().filter { $0.isLetter && $0.isASCII }
        guard !text.isEmpty else { return "" }
        for (from, to) in transliterations { text = text.replacingOccurrences(of: from, with: to) }
        let letters = Array(text)
        var codes: [Character] = []
        for (index, letter) in letters.enumerated() {
            let previous = index > 0 ? letters[index - 1] : nil
            let next = index + 1 < letters.count ? letters[index + 1] : nil
            codes.append(contentsOf: code(letter, previous: previous, next: next, isFirst: index == 0))
        }
        // H makes no sound; repeated codes count once; vowels (0) only at the start.
        let sounding = codes.filter { $0 != "-" }
        var key = ""
        for (index, code) in sounding.enumerated() where index == 0 || code != sounding[index - 1] {
            if code == "0", !key.isEmpty { continue }
            key.append(code)
        }
        return key
    }

    /// Kölner Phonetik, one letter in its neighbourhood ("-" for letters that make no sound: h).
    static func code(_ c: Character, previous: Character?, next: Character?, isFirst: Bool) -> [Character] {
        switch c {
        case "a", "e", "i", "o", "u", "y", "j": return ["0"]
        case "h": return ["-"]
        case "b": return ["1"]
        case "p": return next == "h" ? ["3"] : ["1"]
        case "d", "t": return ["c", "s", "z"].contains(next) ? ["8"] : ["2"]
        case "f", "v", "w": return ["3"]
        case "g", "k", "q": return ["4"]
        case "c":
            if isFirst { return ["a", "h", "k", "l", "o", "q", "r", "u", "x"].contains(next) ? ["4"] : ["8"] }
            if ["s", "z"].contains(previous) { return ["8"] }
            return ["a", "h", "k", "o", "q", "u", "x"].contains(next) ? ["4"] : ["8"]
        case "x": return ["c", "k", "q"].contains(previous) ? ["8"] : ["4", "8"]
        case "l": return ["5"]
        case "m", "n": return ["6"]
        case "r": return ["7"]
        case "s", "z": return ["8"]
        default: return []
        }
    }

    /// The edit distance of two words (Damerau-Levenshtein, adjacent swaps count once): how close a hit is.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        guard !x.isEmpty else { return y.count }
        guard !y.isEmpty else { return x.count }
        // One buffer, row by row (`width` cells a row): a search ranks up to 200 persons by this.
        let width = y.count + 1
        var d = [Int](repeating: 0, count: (x.count + 1) * width)
        for i in 0...x.count { d[i * width] = i }
        for j in 0...y.count { d[j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var best = min(d[(i - 1) * width + j] + 1, d[i * width + j - 1] + 1, d[(i - 1) * width + j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { best = min(best, d[(i - 2) * width + j - 2] + 1) }
                d[i * width + j] = best
            }
        }
        return d[x.count * width + y.count]
    }
}
