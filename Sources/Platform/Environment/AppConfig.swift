import Foundation
import Vapor

/// Everything the app reads from its environment, in one value (documented in the README).
package struct AppConfig: Sendable {
    /// postgres://user:password@host:port/database; when absent, SQLite in `dataDirectory`.
    package var databaseURL: String?
    /// Folder of the SQLite file and of demo login notes (DATA_DIR, default ./data).
    package var dataDirectory: String
    /// Set cookies Secure with the __Host- prefix (SECURE_COOKIES=1 when served over HTTPS).
    package var secureCookies: Bool
    /// Take the client address from X-Forwarded-For (TRUST_PROXY=1, only behind our own proxy).
    package var trustProxy: Bool
    /// Idle timeout of a login session (SESSION_IDLE_MINUTES, default 30).
    package var sessionIdleTimeout: TimeInterval
    /// Absolute lifetime of a login session (SESSION_MAX_HOURS, default 10).
    package var sessionAbsoluteTimeout: TimeInterval
    /// bcrypt cost (BCRYPT_COST, default 12; the test suite lowers it for speed).
    package var bcryptCost: Int
    /// When set, every demo account gets this password instead of a generated one (DEMO_PASSWORD; tests).
    package var demoPassword: String?
    /// A key for the audit chain given in code (tests); otherwise AUDIT_KEY, AUDIT_KEY_FILE or the data folder's key.
    package var auditKey: AuditKeyring.Key?
    /// PostgreSQL connections per event loop (DATABASE_POOL_SIZE, default 4); SQLite has one per loop.
    package var databasePoolSize: Int = 4

    package var sqlitePath: String { dataDirectory + "/startintegration.sqlite" }

    package init(databaseURL: String? = nil, dataDirectory: String = "./data", secureCookies: Bool = false,
                 trustProxy: Bool = false, sessionIdleTimeout: TimeInterval = 30 * 60,
                 sessionAbsoluteTimeout: TimeInterval = 10 * 3600, bcryptCost: Int = 12, demoPassword: String? = nil) {
        self.databaseURL = databaseURL
        self.dataDirectory = dataDirectory
        self.secureCookies = secureCookies
        self.trustProxy = trustProxy
        self.sessionIdleTimeout = sessionIdleTimeout
        self.sessionAbsoluteTimeout = sessionAbsoluteTimeout
        self.bcryptCost = bcryptCost
        self.demoPassword = demoPassword
    }

    package static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> AppConfig {
        func nonEmpty(_ key: String) -> String? { env[key].flatMap { $0.isEmpty ? nil : $0 } }
        func flag(_ key: String) -> Bool { ["1", "true", "yes"].contains(nonEmpty(key)?.lowercased() ?? "") }
        var config = AppConfig()
        config.databaseURL = nonEmpty("DATABASE_URL")
        config.dataDirectory = nonEmpty("DATA_DIR") ?? "./data"
        config.secureCookies = flag("SECURE_COOKIES")
        config.trustProxy = flag("TRUST_PROXY")
        if let minutes = nonEmpty("SESSION_IDLE_MINUTES").flatMap(Double.init), minutes > 0 { config.sessionIdleTimeout = minutes * 60 }
        if let hours = nonEmpty("SESSION_MAX_HOURS").flatMap(Double.init), hours > 0 { config.sessionAbsoluteTimeout = hours * 3600 }
        if let cost = nonEmpty("BCRYPT_COST").flatMap(Int.init), (4...31).contains(cost) { config.bcryptCost = cost }
        config.demoPassword = nonEmpty("DEMO_PASSWORD")
        if let size = nonEmpty("DATABASE_POOL_SIZE").flatMap(Int.init), (1...64).contains(size) { config.databasePoolSize = size }
        return config
    }
}

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = AppConfig }

    package var config: AppConfig {
        get { storage[ConfigKey.self] ?? AppConfig() }
        set { storage[ConfigKey.self] = newValue }
    }
}

extension Request {
    /// The client's address as seen by the app, for audit and throttling.
    package var clientAddress: String {
        ClientAddress.resolve(forwardedFor: headers.first(name: .xForwardedFor), remote: remoteAddress?.ipAddress,
                              trustProxy: application.config.trustProxy)
    }
}

/// Which address a request comes from.
package enum ClientAddress {
    /// Behind our own proxy the last X-Forwarded-For entry is the one it appended; earlier entries are
    /// whatever the client sent and are never trusted.
    package static func resolve(forwardedFor: String?, remote: String?, trustProxy: Bool) -> String {
        if trustProxy, let last = forwardedFor?.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty {
            return last
        }
        return remote ?? "unbekannt"
    }
}
