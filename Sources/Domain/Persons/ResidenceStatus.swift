/// The counter asks one question, «Ausländerausweis / Status», instead of permit and asylum status
/// separately: the card says both (an F card of a refugee reads "vorläufig aufgenommener Flüchtling").
/// Each choice maps to the stored permit and asylum status; the target group rules stay on those.
public enum ResidenceStatus: String, CaseIterable, Codable, Sendable {
    case b = "B"
    case bRefugee = "B-refugee"
    case c = "C"
    case cRefugee = "C-refugee"
    case f = "F"
    case fRefugee = "F-refugee"
    case s = "S"
    case l = "L"
    case n = "N"
    case g = "G"
    case ci = "Ci"
    case other

    public var permit: ResidencePermit {
        switch self {
        case .b, .bRefugee: .b
        case .c, .cRefugee: .c
        case .f, .fRefugee: .f
        case .s: .s
        case .l: .l
        case .n: .n
        case .g: .g
        case .ci: .ci
        case .other: .other
        }
    }

    public var asylumStatus: AsylumStatus {
        switch self {
        case .bRefugee, .cRefugee, .fRefugee: .recognisedRefugee
        case .f: .provisionallyAdmitted
        default: .none
        }
    }

    /// The choice for a stored pair; a B or C with provisional admission (an old record) reads as
    /// its permit, which derives the same target group only when the asylum status is kept apart,
    /// so that pair answers nil and the form shows the two stored values instead.
    public init?(permit: ResidencePermit?, asylumStatus: AsylumStatus?) {
        guard let permit else { return nil }
        let asylum = asylumStatus ?? .none
        let match = Self.allCases.first { $0.permit == permit && $0.asylumStatus == asylum }
            ?? (permit == .f && asylum == .none ? .f : nil)
        guard let match else { return nil }
        self = match
    }
}

/// How a further person of a household relates to the first one.
public enum Relationship: String, CaseIterable, Codable, Sendable {
    case partner
    case child
    case other
}

/// Who a letter to a household is written to: its adults, never a child.
public enum Addressees {
    public static let adultAge = 18

    /// The adults in the given order (oldest first is the caller's choice); a household of minors
    /// only is written to its oldest member, since someone must receive the letter.
    public static func choose<T>(_ members: [T], birthDate: (T) -> CalendarDate, today: CalendarDate) -> [T] {
        let adults = members.filter { birthDate($0).years(until: today) >= adultAge }
        if !adults.isEmpty { return adults }
        return members.min { birthDate($0) < birthDate($1) }.map { [$0] } ?? []
    }

    public static func isMinor(_ birth: CalendarDate, today: CalendarDate) -> Bool {
        birth.years(until: today) < adultAge
    }
}
