/// Date checks of the personal data sheet; each problem names the field it belongs to.
public enum PlausibilityRules {
    public enum Problem: String, Equatable, Sendable {
        case birthDateInFuture = "birth_in_future"
        case birthDateTooEarly = "birth_too_early"
        case entryBeforeBirth = "entry_before_birth"
        case entryInFuture = "entry_in_future"
        case moveInBeforeEntry = "move_in_before_entry"
        case moveInBeforeBirth = "move_in_before_birth"
        case moveInTooFarAhead = "move_in_too_far_ahead"

        public var field: String {
            switch self {
            case .birthDateInFuture, .birthDateTooEarly: "birthDate"
            case .entryBeforeBirth, .entryInFuture: "entryDate"
            case .moveInBeforeEntry, .moveInBeforeBirth, .moveInTooFarAhead: "moveInDate"
            }
        }
    }

    /// Registration may come shortly before the move; further ahead is a typing error.
    public static let moveInDaysAhead = 60

    public static func problems(birth: CalendarDate, entry: CalendarDate?, moveIn: CalendarDate?, today: CalendarDate) -> [Problem] {
        var found: [Problem] = []
        if birth > today { found.append(.birthDateInFuture) }
        if birth.year < 1900 { found.append(.birthDateTooEarly) }
        if let entry {
            if entry < birth { found.append(.entryBeforeBirth) }
            if entry > today { found.append(.entryInFuture) }
        }
        if let moveIn {
            if let entry, moveIn < entry { found.append(.moveInBeforeEntry) }
            else if moveIn < birth { found.append(.moveInBeforeBirth) }
            if moveIn > today.adding(days: moveInDaysAhead) { found.append(.moveInTooFarAhead) }
        }
        return found
    }
}
