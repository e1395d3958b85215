/// ISO 639-3 languages with German names (Resources/Data/languages.csv, from Debian's iso-codes).
public struct Languages: Sendable {
    public struct Language: Sendable, Equatable {
        public let code: String
        public let nameGerman: String
    }

    public let all: [Language]
    private let byCode: [String: Language]

    public init(all: [Language]) {
        self.all = all
        self.byCode = Dictionary(all.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
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
}
