import Foundation
/// The BFS list of states and territories (Resources/Data/bfs-countries.csv): ISO code, BFS code
/// and German name, for nationality lists and register imports.
public struct Countries: Sendable {
    public struct Country: Sendable, Equatable {
        public let bfsCode: Int
        public let iso2: String
        public let nameGerman: String
        public let isState: Bool
    }

    public let all: [Country]
    private let byISO: [String: Country]

    public init(all: [Country]) {
        var seen = Set<String>()
        // One entry per code (the BFS list keeps former names of some states), sorted the German way.
        self.all = GermanCollation.sorted(all.filter { seen.insert($0.iso2).inserted }, by: \.nameGerman)
        self.byISO = Dictionary(all.map { ($0.iso2, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Parses bfs_code,iso2,iso3,name_de,name_fr,name_it,name_en,is_state,valid.
    public static func parse(csv: String) -> Countries {
        var countries: [Country] = []
        for (index, line) in csv.split(whereSeparator: \.isNewline).enumerated() where index > 0 {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count >= 9, let code = Int(cells[0]), cells[1].count == 2, cells[8] == "J" else { continue }
            countries.append(Country(bfsCode: code, iso2: cells[1], nameGerman: cells[3], isState: cells[7] == "J"))
        }
        return Countries(all: countries)
    }

    public func country(_ iso2: String) -> Country? { byISO[iso2.uppercased()] }

    /// The German name, or the code itself when unknown (never an empty gap).
    public func name(_ iso2: String) -> String { country(iso2)?.nameGerman ?? iso2 }
}
