import Foundation

/// Brute-force protection with soft lock-out (ASVS 6.3.1): failures slow down the next attempt with a
/// growing delay instead of locking an account. Failures count per account and address together, so
/// the account stays usable from every other place; failures of one address (or of one account from
/// many addresses) slow down only attempts from addresses where the account never logged in.
public enum LoginThrottlePolicy {
    /// Failures of one account from one address before the first delay.
    public static let pairFailuresAllowed = 5
    /// Failures from one address (any account) within `addressWindow` before unknown places wait.
    public static let addressFailuresAllowed = 20
    public static let addressWindow: TimeInterval = 15 * 60
    /// Failures of one account from any address within `accountWindow` before unknown places wait.
    public static let accountFailuresAllowed = 30
    public static let accountWindow: TimeInterval = 60 * 60
    /// Failures older than this no longer count for an account and address.
    public static let pairWindow: TimeInterval = 24 * 3600
    public static let firstDelay: TimeInterval = 60
    public static let longestDelay: TimeInterval = 15 * 60

    public struct Failures: Sendable, Equatable {
        /// Failures of this account from this address (since its last success there, within a day), and the last one.
        public var pair: Int
        public var lastPair: Date?
        /// Failures from this address in the last 15 minutes (any account), and the last one.
        public var address: Int
        public var lastAddress: Date?
        /// Failures of this account in the last hour (any address), and the last one.
        public var account: Int
        public var lastAccount: Date?
        /// The account logged in successfully from this address before: a known place.
        public var knownAddress: Bool

        public init(pair: Int, lastPair: Date?, address: Int, lastAddress: Date?, account: Int, lastAccount: Date?, knownAddress: Bool) {
            self.pair = pair
            self.lastPair = lastPair
            self.address = address
            self.lastAddress = lastAddress
            self.account = account
            self.lastAccount = lastAccount
            self.knownAddress = knownAddress
        }
    }

    /// The delay after `excess` failures beyond the allowed: 1, 2, 4, … minutes, at most 15.
    public static func delay(excess: Int) -> TimeInterval {
        min(longestDelay, firstDelay * pow(2, Double(max(0, excess))))
    }

    /// When the next attempt may be made; nil when now.
    public static func nextAttempt(_ f: Failures, now: Date) -> Date? {
        var waits: [Date] = []
        if f.pair >= pairFailuresAllowed, let last = f.lastPair {
            waits.append(last.addingTimeInterval(delay(excess: f.pair - pairFailuresAllowed)))
        }
        if !f.knownAddress, f.address >= addressFailuresAllowed, let last = f.lastAddress {
            waits.append(last.addingTimeInterval(delay(excess: (f.address - addressFailuresAllowed) / 10)))
        }
        if !f.knownAddress, f.account >= accountFailuresAllowed, let last = f.lastAccount {
            waits.append(last.addingTimeInterval(delay(excess: (f.account - accountFailuresAllowed) / 10)))
        }
        return waits.max().flatMap { $0 > now ? $0 : nil }
    }
}
