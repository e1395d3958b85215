import Domain

/// Generated passwords (first login, resets, demo accounts): 20 characters without look-alikes.
package enum OneTimePassword {
    static let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")

    package static func generate(length: Int = 20) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }
}

/// The text keys of the German messages for password rule violations.
package enum PasswordMessages {
    package static func key(for violation: PasswordPolicy.Violation) -> String {
        switch violation {
        case .tooShort: "password.tooShort"
        case .tooLong: "password.tooLong"
        case .containsUsername: "password.containsUsername"
        case .singleRepeatedCharacter: "password.repeated"
        }
    }
}
