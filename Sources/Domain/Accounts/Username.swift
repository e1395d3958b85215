/// The rule for user names: 3–50 characters, lower-case letters, digits, dot, hyphen, underscore.
public enum Username {
    public static func isValid(_ name: String) -> Bool {
        (3...50).contains(name.count) && name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || ".-_".contains($0) }
    }
}
