import Fluent
import Foundation
import NIOConcurrencyHelpers
import Persistence
import SQLKit

/// Municipality names by id, kept for a minute: pages name municipalities on every row, and the 107
/// names change only with a merger. An edit in this instance clears it at once; other instances
/// see the new name within a minute.
package enum MunicipalityNames {
    private struct Cache {
        var names: [UUID: String] = [:]
        var loadedAt: Date = .distantPast
    }

    private static let cache = NIOLockedValueBox(Cache())
    static let lifetime: TimeInterval = 60

    package static func names(_ ids: [UUID], on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let now = Date()
        let cached = cache.withLockedValue { $0 }
        if now.timeIntervalSince(cached.loadedAt) < lifetime, ids.allSatisfy({ cached.names[$0] != nil }) {
            return cached.names.filter { ids.contains($0.key) }
        }
        guard let sql = db as? any SQLDatabase else { throw AppError.internalError("names need an SQL database") }
        struct Row: Decodable { let id: UUID; let name: String }
        let rows = try await sql.select().column("id").column("name").from(Municipality.schema).all(decoding: Row.self)
        let all = Dictionary(rows.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        cache.withLockedValue { $0 = Cache(names: all, loadedAt: now) }
        return all.filter { ids.contains($0.key) }
    }

    /// After a municipality was created, renamed or merged.
    package static func invalidate() {
        cache.withLockedValue { $0 = Cache() }
    }
}
