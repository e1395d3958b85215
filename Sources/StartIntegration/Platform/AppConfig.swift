import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Everything the app reads from its environment, in one value (documented in the README).
public struct AppConfig: Sendable {
    /// postgres://user:password@host:port/database; when absent, SQLite in `dataDirectory`.
    public var databaseURL: String?
    /// Folder of the SQLite file and of demo login notes (DATA_DIR, default ./data).
    public var dataDirectory: String
    /// Set cookies Secure with the __Host- prefix (SECURE_COOKIES=1 when served over HTTPS).
    public var secureCookies: Bool
    /// Idle timeout of a login session (SESSION_IDLE_MINUTES, default 30).
    public var sessionIdleTimeout: TimeInterval
    /// Absolute lifetime of a login session (SESSION_MAX_HOURS, default 10).
    public var sessionAbsoluteTimeout: TimeInterval
    /// bcrypt cost (BCRYPT_COST, default 12; the test suite lowers it for speed).
    public var bcryptCost: Int
    /// When set, every demo account gets this password instead of a generated one (DEMO_PASSWORD; tests).
    public var demoPassword: String?

    public var sqlitePath: String { dataDirectory + "/startintegration.sqlite" }

    public init(databaseURL: String? = nil, dataDirectory: String = "./data", secureCookies: Bool = false,
                sessionIdleTimeout: TimeInterval = 30 * 60, sessionAbsoluteTimeout: TimeInterval = 10 * 3600,
                bcryptCost: Int = 12, demoPassword: String? = nil) {
        self.databaseURL = databaseURL; self.dataDirectory = dataDirectory; self.secureCookies = secureCookies
        self.sessionIdleTimeout = sessionIdleTimeout; self.sessionAbsoluteTimeout = sessionAbsoluteTimeout
        self.bcryptCost = bcryptCost; self.demoPassword = demoPassword
    }

    public static func fromEnvironment() -> AppConfig {
        let env = ProcessInfo.processInfo.environment
        func nonEmpty(_ key: String) -> String? { env[key].flatMap { $0.isEmpty ? nil : $0 } }
        var config = AppConfig()
        config.databaseURL = nonEmpty("DATABASE_URL")
        config.dataDirectory = nonEmpty("DATA_DIR") ?? "./data"
        config.secureCookies = ["1", "true", "yes"].contains(nonEmpty("SECURE_COOKIES")?.lowercased() ?? "")
        if let minutes = nonEmpty("SESSION_IDLE_MINUTES").flatMap(Double.init), minutes > 0 { config.sessionIdleTimeout = minutes * 60 }
        if let hours = nonEmpty("SESSION_MAX_HOURS").flatMap(Double.init), hours > 0 { config.sessionAbsoluteTimeout = hours * 3600 }
        if let cost = nonEmpty("BCRYPT_COST").flatMap(Int.init), (4...31).contains(cost) { config.bcryptCost = cost }
        config.demoPassword = nonEmpty("DEMO_PASSWORD")
        return config
    }
}

/// The app's clock; tests move it forward to expire sessions.
public final class AppClock: Sendable {
    private let offset = NIOLockedValueBox<TimeInterval>(0)
    public init() {}
    public func now() -> Date { Date().addingTimeInterval(offset.withLockedValue { $0 }) }
    public func advance(by seconds: TimeInterval) { offset.withLockedValue { $0 += seconds } }
}

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = AppConfig }
    private struct ClockKey: StorageKey { typealias Value = AppClock }

    public var config: AppConfig {
        get { storage[ConfigKey.self] ?? AppConfig() }
        set { storage[ConfigKey.self] = newValue }
    }

    public var clock: AppClock {
        if let clock = storage[ClockKey.self] { return clock }
        let clock = AppClock()
        storage[ClockKey.self] = clock
        return clock
    }
}

extension Request {
    var now: Date { application.clock.now() }
    /// The client's address as seen by the app, for audit and throttling.
    var clientAddress: String {
        ClientAddress.resolve(forwardedFor: headers.first(name: .xForwardedFor), remote: remoteAddress?.ipAddress,
                              trustProxy: application.config.trustsProxy)
    }
}

/// Which address a request comes from.
enum ClientAddress {
    /// Behind our own proxy the last X-Forwarded-For entry is the one it appended; earlier entries are
    /// whatever the client sent and are never trusted.
    static func resolve(forwardedFor: String?, remote: String?, trustProxy: Bool) -> String {
        if trustProxy, let last = forwardedFor?.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty {
            return last
        }
        return remote ?? "unbekannt"
    }
}

extension AppConfig {
    /// Behind a reverse proxy the client address comes from X-Forwarded-For (TRUST_PROXY=1).
    var trustsProxy: Bool { ["1", "true"].contains(ProcessInfo.processInfo.environment["TRUST_PROXY"]?.lowercased() ?? "") }
}
