import Foundation
import Vapor

extension Application {
    private struct CountriesKey: StorageKey { typealias Value = Countries }

    /// The BFS country list, read once from Resources/Data.
    var countries: Countries {
        if let countries = storage[CountriesKey.self] { return countries }
        let path = directory.resourcesDirectory + "Data/bfs-countries.csv"
        let countries = Countries.parse(csv: (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
        storage[CountriesKey.self] = countries
        return countries
    }
}
