/// ISO 639-3 languages with German names (Resources/Data/languages.csv, from Debian's iso-codes).
public struct Languages: Sendable {
    public struct Language: Sendable, Equatable {
        public let code: String
        public let nameGerman: String
    }

    /// Sorted the German way; a name that two languages share carries its code ("Mbundu (kmb)").
    public let all: [Language]
    private let byCode: [String: Language]
    private let byName: [String: Language]

    public init(all: [Language]) {
        var seen: [String: Int] = [:]
        for language in all { seen[GermanCollation.key(language.nameGerman), default: 0] += 1 }
        let unique = all.map { language in
            seen[GermanCollation.key(language.nameGerman)]! > 1
                ? Language(code: language.code, nameGerman: "\(language.nameGerman) (\(language.code))") : language
        }
        self.all = GermanCollation.sorted(unique, by: \.nameGerman)
        self.byCode = Dictionary(unique.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        self.byName = Dictionary(unique.map { (GermanCollation.key($0.nameGerman), $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Parses code,name_de,name_en (names contain no commas).
    public static func parse(csv: String) -> Languages {
        var languages: [Language] = []
        for (index, line) in csv.split(whereSeparator: \.isNewline).enumerated() where index > 0 {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count >= 2, cells[0].count == 3 else { continue }
            languages.append(Language(code: cells[0], nameGerman: cells[1]))
        }
        return Languages(all: languages)
    }

    public func contains(_ code: String) -> Bool { byCode[code] != nil }

    /// The German name, or the code itself when unknown (never an empty gap).
    public func name(_ code: String) -> String { byCode[code]?.nameGerman ?? code }

    /// The code for what was typed into a searchable field: a code, or a German name in any case
    /// and with or without umlauts ("dari", "Tuerkisch" does not match, "turkisch" does).
    public func resolve(_ typed: String) -> String? {
        let text = typed.trimmingCharacters(in: .whitespaces)
        if let language = byCode[text.lowercased()] { return language.code }
        return byName[GermanCollation.key(text)]?.code
    }
}
