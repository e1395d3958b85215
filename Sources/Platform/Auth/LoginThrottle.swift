import Fluent
import Persistence
import Foundation

/// Brute-force protection (ASVS 6.3.1) from the login_attempts table, so every app instance
/// sees the same counts.
package enum LoginThrottle {
    static let window: TimeInterval = 15 * 60
    static let maxFailuresPerAccount = 5
    static let maxFailuresPerAddress = 20

    package static func isBlocked(username: String, address: String, now: Date, on db: any Database) async throws -> Bool {
        let since = now.addingTimeInterval(-window)
        let byAccount = try await LoginAttempt.query(on: db)
            .filter(\.$username == username).filter(\.$succeeded == false).filter(\.$attemptedAt > since).count()
        if byAccount >= maxFailuresPerAccount { return true }
        let byAddress = try await LoginAttempt.query(on: db)
            .filter(\.$address == address).filter(\.$succeeded == false).filter(\.$attemptedAt > since).count()
        return byAddress >= maxFailuresPerAddress
    }

    package static func record(username: String, address: String, succeeded: Bool, now: Date, on db: any Database) async throws {
        try await LoginAttempt(username: username, address: address, succeeded: succeeded, at: now).create(on: db)
        if succeeded {
            // A successful login forgives earlier failures of this account.
            try await LoginAttempt.query(on: db).filter(\.$username == username).filter(\.$succeeded == false).delete()
        }
    }
}
