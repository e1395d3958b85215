import Domain
import Foundation
import Vapor

/// The reference lists (BFS countries, ISO 639 languages), read once at start from Resources/Data.
package struct ReferenceData: Sendable {
    package let countries: Countries
    package let languages: Languages

    package init(countries: Countries, languages: Languages) {
        self.countries = countries
        self.languages = languages
    }

    package static func load(resources: String) -> ReferenceData {
        func read(_ name: String) -> String { (try? String(contentsOfFile: resources + "Data/" + name, encoding: .utf8)) ?? "" }
        return ReferenceData(countries: Countries.parse(csv: read("bfs-countries.csv")), languages: Languages.parse(csv: read("languages.csv")))
    }
}

extension Application {
    private struct ReferenceKey: StorageKey { typealias Value = ReferenceData }
    package var reference: ReferenceData {
        get {
            if let data = storage[ReferenceKey.self] { return data }
            let data = ReferenceData.load(resources: directory.resourcesDirectory)
            storage[ReferenceKey.self] = data
            return data
        }
        set { storage[ReferenceKey.self] = newValue }
    }
}

extension Request {
    package var reference: ReferenceData { application.reference }
}
