import Foundation

/// Folds a name into the key used for duplicate checks and search, so that
/// Müller = Mueller = Muller and Al-Rina = Alrina = Al Rina.
public enum NameFolding {
    /// Made once: a locale per call cost more than the folding.
    private static let swissGerman = Locale(identifier: "de_CH")

    public static func key(_ name: String) -> String {
        // Most names are plain ASCII: the same key without Foundation's folding (which creates a locale
        // per call and made ranking a search's 170 candidates take 20 ms).
        if name.utf8.allSatisfy({ $0 < 0x80 }) { return asciiKey(name) }
        return foldedKey(name)
    }

    /// `foldedKey` for ASCII text: lower case, the transliterations in the same order, letters and digits kept.
    static func asciiKey(_ name: String) -> String {
        var bytes = Array(name.utf8).map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }
        for (first, second) in [(UInt8(ascii: "a"), UInt8(ascii: "e")), (UInt8(ascii: "o"), UInt8(ascii: "e")), (UInt8(ascii: "u"), UInt8(ascii: "e"))] {
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var i = 0
            while i < bytes.count {
                if bytes[i] == first, i + 1 < bytes.count, bytes[i + 1] == second {
                    out.append(first)
                    i += 2
                } else {
                    out.append(bytes[i])
                    i += 1
                }
            }
            bytes = out
        }
        return String(decoding: bytes.filter { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) },
                      as: UTF8.self)
    }

    /// Names with accents (é, ë, ç, ş…) go through Foundation, about 10 µs each; ranking a search's
    /// candidates folds their names again and again (a ninth of a search's time at 1,000,000 persons),
    /// so keys are kept. Only the fold of a name, nothing about whose it is; emptied when full.
    private static let folds = KeptFolds()
    static let keptFolds = 20_000

    static func foldedKey(_ name: String) -> String {
        if let kept = folds.lock.withLock({ folds.keys[name] }) { return kept }
        let key = fold(name)
        folds.lock.withLock {
            if folds.keys.count >= keptFolds { folds.keys.removeAll(keepingCapacity: true) }
            folds.keys[name] = key
        }
        return key
    }

    /// NSLock rather than Mutex: Mutex needs macOS 15, the package supports 13.
    private final class KeptFolds: @unchecked Sendable {
        let lock = NSLock()
        var keys: [String: String] = [:]
    }

    static func fold(_ name: String) -> String {
        var folded = name
            .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: swissGerman)
            .lowercased()
        // German transliterations of umlauts, applied after diacritics are gone so both spellings meet.
        for (long, short) in [("ae", "a"), ("oe", "o"), ("ue", "u"), ("ß", "ss")] {
            folded = folded.replacingOccurrences(of: long, with: short)
        }
        return String(folded.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }
}
