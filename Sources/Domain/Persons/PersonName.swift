/// How a person's name is written: one rule for pages, lists and letters.
public struct PersonName: Sendable, Equatable {
    public let given: String
    public let family: String

    public init(given: String, family: String) {
        self.given = given
        self.family = family
    }

    /// "Samira Al-Rina": headings, letters, lists of household members.
    public var full: String { "\(given) \(family)" }
    /// "Al-Rina, Samira": sorted lists.
    public var sortable: String { "\(family), \(given)" }
}
