import Crypto
import Foundation
import Vapor

/// bcrypt over a SHA-256 pre-hash: bcrypt reads only 72 bytes, the pre-hash makes every
/// character of a long passphrase count (ASVS 6.2.8) with cost ≥ 12 (ASVS 11.4.2).
public struct PasswordHasher: Sendable {
    public let cost: Int

    public init(cost: Int) { self.cost = cost }

    static func prehash(_ password: String) -> String {
        Data(SHA256.hash(data: Data(password.utf8))).base64EncodedString()
    }

    public func hash(_ password: String) throws -> String {
        try Bcrypt.hash(Self.prehash(password), cost: cost)
    }

    public func verify(_ password: String, against hash: String) -> Bool {
        (try? Bcrypt.verify(Self.prehash(password), created: hash)) ?? false
    }
}

extension Request {
    var passwordHasher: PasswordHasher { PasswordHasher(cost: application.config.bcryptCost) }

    /// bcrypt blocks a thread for a quarter second: keep it off the event loop.
    func hashPassword(_ password: String) async throws -> String {
        let hasher = passwordHasher
        return try await application.threadPool.runIfActive { try hasher.hash(password) }
    }

    func verifyPassword(_ password: String, against hash: String) async throws -> Bool {
        let hasher = passwordHasher
        return try await application.threadPool.runIfActive { hasher.verify(password, against: hash) }
    }
}
