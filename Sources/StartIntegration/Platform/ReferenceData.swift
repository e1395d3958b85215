import Foundation
import Vapor

extension Application {
    private struct CountriesKey: StorageKey { typealias Value = Countries }
    private struct LanguagesKey: StorageKey { typealias Value = Languages }

    /// The ISO 639-3 list with German names, read once from Resources/Data.
    var languages: Languages {
        if let languages = storage[LanguagesKey.self] { return languages }
        let path = directory.resourcesDirectory + "Data/languages.csv"
        let languages = Languages.parse(csv: (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
        storage[LanguagesKey.self] = languages
        return languages
    }

    /// The BFS country list, read once from Resources/Data.
    var countries: Countries {
        if let countries = storage[CountriesKey.self] { return countries }
        let path = directory.resourcesDirectory + "Data/bfs-countries.csv"
        let countries = Countries.parse(csv: (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
        storage[CountriesKey.self] = countries
        return countries
    }
}
