import Crypto
import Foundation
import Vapor

/// bcrypt over a SHA-256 pre-hash: bcrypt reads only 72 bytes, the pre-hash makes every
/// character of a long passphrase count (ASVS 6.2.8) with cost ≥ 12 (ASVS 11.4.2).
package struct PasswordHasher: Sendable {
    package let cost: Int

    package init(cost: Int) { self.cost = cost }

    static func prehash(_ password: String) -> String {
        Data(SHA256.hash(data: Data(password.utf8))).base64EncodedString()
    }

    package func hash(_ password: String) throws -> String {
        try Bcrypt.hash(Self.prehash(password), cost: cost)
    }

    package func verify(_ password: String, against hash: String) -> Bool {
        (try? Bcrypt.verify(Self.prehash(password), created: hash)) ?? false
    }
}

extension Application {
    private struct DummyHashKey: StorageKey { typealias Value = String }

    /// A hash of a random password, compared against when the account does not exist, so the answer
    /// time does not tell whether it does. Made once at start (`prepareDummyPasswordHash`).
    package var dummyPasswordHash: String {
        if let hash = storage[DummyHashKey.self] { return hash }
        let hash = (try? PasswordHasher(cost: config.bcryptCost).hash(OneTimePassword.generate())) ?? ""
        storage[DummyHashKey.self] = hash
        return hash
    }
}

extension Request {
    package var passwordHasher: PasswordHasher { PasswordHasher(cost: application.config.bcryptCost) }

    /// bcrypt blocks a thread for a quarter second: keep it off the event loop.
    package func hashPassword(_ password: String) async throws -> String {
        let hasher = passwordHasher
        return try await application.threadPool.runIfActive { try hasher.hash(password) }
    }

    package func verifyPassword(_ password: String, against hash: String) async throws -> Bool {
        let hasher = passwordHasher
        return try await application.threadPool.runIfActive { hasher.verify(password, against: hash) }
    }
}
