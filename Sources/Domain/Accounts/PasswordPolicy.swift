/// Password rules (OWASP ASVS 6.2): long passphrases welcome, nothing silently truncated.
public enum PasswordPolicy {
    public static let minimumLength = 12
    /// Far above ASVS' 64; the hasher pre-hashes, so bcrypt's 72-byte limit never truncates.
    public static let maximumLength = 256

    public enum Violation: Equatable, Sendable {
        case tooShort, tooLong, containsUsername, singleRepeatedCharacter
    }

    public static func violations(password: String, username: String) -> [Violation] {
        var found: [Violation] = []
        if password.count < minimumLength { found.append(.tooShort) }
        if password.count > maximumLength { found.append(.tooLong) }
        let name = username.lowercased()
        if name.count >= 3, password.lowercased().contains(name) { found.append(.containsUsername) }
        if let first = password.first, password.allSatisfy({ $0 == first }) { found.append(.singleRepeatedCharacter) }
        return found
    }
}
