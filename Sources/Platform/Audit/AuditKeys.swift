import Crypto
import Foundation

/// The keys of the audit chain's HMAC. They are never stored in the database, so whoever can write the
/// database still cannot recompute the chain. `current` signs new entries; older keys verify old ones.
package struct AuditKeyring: Sendable {
    package struct Key: Sendable {
        package let id: String
        let key: SymmetricKey
    }

    package let current: Key
    let byID: [String: Key]

    package init(current: Key, previous: [Key] = []) {
        self.current = current
        var all = Dictionary(uniqueKeysWithValues: previous.map { ($0.id, $0) })
        all[current.id] = current
        byID = all
    }

    package func key(_ id: String) -> Key? { byID[id] }

    package enum Problem: Error, CustomStringConvertible {
        case unreadable(String)
        case missingForPostgres
        package var description: String {
            switch self {
            case .unreadable(let source): "Der Schlüssel des Audit-Trails (\(source)) ist ungültig: erwartet ist «ID:Base64» mit mindestens 32 Bytes."
            case .missingForPostgres:
                "AUDIT_KEY oder AUDIT_KEY_FILE fehlt: mit PostgreSQL brauchen alle Instanzen denselben Schlüssel des Audit-Trails (siehe README)."
            }
        }
    }

    /// "id:base64" (or plain base64, id "1") with at least 32 bytes.
    package static func parse(_ text: String, source: String) throws -> Key {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = trimmed.split(separator: ":", maxSplits: 1).map(String.init)
        let (id, encoded) = parts.count == 2 ? (parts[0], parts[1]) : ("1", trimmed)
        guard !id.isEmpty, id.count <= 20, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }),
              let data = Data(base64Encoded: encoded), data.count >= 32 else { throw Problem.unreadable(source) }
        return Key(id: id, key: SymmetricKey(data: data))
    }

    /// A new key in the stored form, "id:base64" of 32 random bytes.
    package static func generate(id: String) -> String {
        "\(id):\(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString())"
    }

    /// From AUDIT_KEY or AUDIT_KEY_FILE, plus AUDIT_PREVIOUS_KEYS. Without either, on SQLite only, a key
    /// file is made once in the data folder (readable by this account only).
    package static func load(environment env: [String: String], dataDirectory: String, usesPostgres: Bool) throws -> AuditKeyring {
        func nonEmpty(_ key: String) -> String? { env[key].flatMap { $0.isEmpty ? nil : $0 } }
        let current: Key
        if let text = nonEmpty("AUDIT_KEY") {
            current = try parse(text, source: "AUDIT_KEY")
        } else if let path = nonEmpty("AUDIT_KEY_FILE") {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw Problem.unreadable(path) }
            current = try parse(text, source: path)
        } else if usesPostgres {
            throw Problem.missingForPostgres
        } else {
            let path = dataDirectory + "/audit.key"
            if !FileManager.default.fileExists(atPath: path) {
                // A failure shows as "unreadable" just below.
                _ = FileManager.default.createFile(atPath: path, contents: Data(generate(id: "1").utf8), attributes: [.posixPermissions: 0o600])
            }
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw Problem.unreadable(path) }
            current = try parse(text, source: path)
        }
        let previous = try (nonEmpty("AUDIT_PREVIOUS_KEYS") ?? "").split(separator: ",")
            .map { try parse(String($0), source: "AUDIT_PREVIOUS_KEYS") }
        return AuditKeyring(current: current, previous: previous)
    }
}
