import Crypto
import Domain
import Fluent
import Foundation
import Persistence

/// Brute-force protection (ASVS 6.3.1) from the login_attempts table, so every app instance sees the
/// same counts; the policy (growing delays, per account and address) is `LoginThrottlePolicy`.
package enum LoginThrottle {
    /// A successful login from an address makes it a known place of the account for this long.
    static let knownAddressPeriod: TimeInterval = 90 * 24 * 3600

    /// The name a login attempt is kept under: the account's name when it exists, otherwise a hash, so
    /// that a password typed into the name field is never stored (ASVS 16.3.1 without secrets in logs).
    package static func recordedName(_ typed: String, accountExists: Bool) -> String {
        accountExists ? typed : "?" + Digits.hex(SHA256.hash(data: Data(typed.utf8)).prefix(8))
    }

    package static func failures(username: String, address: String, now: Date, on db: any Database) async throws -> LoginThrottlePolicy.Failures {
        typealias Policy = LoginThrottlePolicy
        let lastSuccessHere = try await LoginAttempt.query(on: db).filter(\.$username == username).filter(\.$address == address)
            .filter(\.$succeeded == true).sort(\.$attemptedAt, .descending).first()?.attemptedAt
        let pairSince = max(now.addingTimeInterval(-Policy.pairWindow), lastSuccessHere ?? .distantPast)
        let pair = try await LoginAttempt.query(on: db).filter(\.$username == username).filter(\.$address == address)
            .filter(\.$succeeded == false).filter(\.$attemptedAt > pairSince).sort(\.$attemptedAt, .descending).all()
        let byAddress = LoginAttempt.query(on: db).filter(\.$address == address).filter(\.$succeeded == false)
            .filter(\.$attemptedAt > now.addingTimeInterval(-Policy.addressWindow))
        let byAccount = LoginAttempt.query(on: db).filter(\.$username == username).filter(\.$succeeded == false)
            .filter(\.$attemptedAt > now.addingTimeInterval(-Policy.accountWindow))
        return Policy.Failures(
            pair: pair.count, lastPair: pair.first?.attemptedAt,
            address: try await byAddress.count(), lastAddress: try await byAddress.sort(\.$attemptedAt, .descending).first()?.attemptedAt,
            account: try await byAccount.count(), lastAccount: try await byAccount.sort(\.$attemptedAt, .descending).first()?.attemptedAt,
            knownAddress: (lastSuccessHere ?? .distantPast) > now.addingTimeInterval(-knownAddressPeriod))
    }

    /// When the next attempt of this account from this address may be made; nil when now.
    package static func nextAttempt(username: String, address: String, now: Date, on db: any Database) async throws -> Date? {
        LoginThrottlePolicy.nextAttempt(try await failures(username: username, address: address, now: now, on: db), now: now)
    }

    package static func record(username: String, address: String, succeeded: Bool, now: Date, on db: any Database) async throws {
        if succeeded {
            // A success forgives the earlier failures of this account from this address.
            try await LoginAttempt.query(on: db).filter(\.$username == username).filter(\.$address == address)
                .filter(\.$succeeded == false).delete()
            // One success per account and address is enough to know the place.
            try await LoginAttempt.query(on: db).filter(\.$username == username).filter(\.$address == address)
                .filter(\.$succeeded == true).delete()
        }
        try await LoginAttempt(username: username, address: address, succeeded: succeeded, at: now).create(on: db)
    }

    /// One throttled attempt, counted per address and minute; true when it opens a new burst (audit it).
    package static func countThrottled(address: String, now: Date, on db: any Database) async throws -> Bool {
        let window = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 60).rounded(.down) * 60)
        if let burst = try await LoginThrottleBurst.query(on: db).filter(\.$address == address).filter(\.$windowStart == window).first() {
            burst.attempts += 1
            burst.lastAt = now
            try await burst.update(on: db)
            return false
        }
        do {
            try await LoginThrottleBurst(address: address, windowStart: window, at: now).create(on: db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Another instance opened this burst at the same moment.
            return false
        }
        // Bursts older than a day have served their purpose.
        try await LoginThrottleBurst.query(on: db).filter(\.$windowStart < now.addingTimeInterval(-24 * 3600)).delete()
        return true
    }

    /// A throttle the administrator can see and lift.
    package struct Active: Sendable {
        package enum Kind: String, Sendable { case accountAndAddress, address, account }
        package let kind: Kind
        package let username: String?
        package let address: String?
        package let failures: Int
        package let until: Date
    }

    /// The throttles in force now.
    package static func active(now: Date, on db: any Database) async throws -> [Active] {
        typealias Policy = LoginThrottlePolicy
        let recent = try await LoginAttempt.query(on: db).filter(\.$succeeded == false)
            .filter(\.$attemptedAt > now.addingTimeInterval(-Policy.pairWindow)).all()
        struct Pair: Hashable {
            let username: String
            let address: String
        }
        var result: [Active] = []
        for (pair, attempts) in Dictionary(grouping: recent, by: { Pair(username: $0.username, address: $0.address) })
        where attempts.count >= Policy.pairFailuresAllowed {
            let until = attempts.map(\.attemptedAt).max()!.addingTimeInterval(Policy.delay(excess: attempts.count - Policy.pairFailuresAllowed))
            if until > now {
                result.append(Active(kind: .accountAndAddress, username: pair.username, address: pair.address, failures: attempts.count,
                                     until: until))
            }
        }
        let windowStart = now.addingTimeInterval(-Policy.addressWindow)
        for (address, attempts) in Dictionary(grouping: recent.filter { $0.attemptedAt > windowStart }, by: \.address)
        where attempts.count >= Policy.addressFailuresAllowed {
            let until = attempts.map(\.attemptedAt).max()!.addingTimeInterval(Policy.delay(excess: (attempts.count - Policy.addressFailuresAllowed) / 10))
            if until > now { result.append(Active(kind: .address, username: nil, address: address, failures: attempts.count, until: until)) }
        }
        let accountStart = now.addingTimeInterval(-Policy.accountWindow)
        for (username, attempts) in Dictionary(grouping: recent.filter { $0.attemptedAt > accountStart }, by: \.username)
        where attempts.count >= Policy.accountFailuresAllowed {
            let until = attempts.map(\.attemptedAt).max()!.addingTimeInterval(Policy.delay(excess: (attempts.count - Policy.accountFailuresAllowed) / 10))
            if until > now { result.append(Active(kind: .account, username: username, address: nil, failures: attempts.count, until: until)) }
        }
        return result.sorted { $0.until > $1.until }
    }

    /// Lifts a throttle: forgets the failures it counts.
    package static func lift(username: String?, address: String?, on db: any Database) async throws {
        var query = LoginAttempt.query(on: db).filter(\.$succeeded == false)
        if let username { query = query.filter(\.$username == username) }
        if let address { query = query.filter(\.$address == address) }
        try await query.delete()
    }
}
