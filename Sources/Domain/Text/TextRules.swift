/// What typed text may contain. Names and free text refuse the direction controls that can reorder
/// the text around them (U+202A–U+202E, U+2066–U+2069, and the marks U+200E/U+200F/U+061C) and every
/// other control character (C0 and C1); a multi-line field keeps tab and line breaks.
public enum TextRules {
    public static func forbiddenCharacter(in text: String, multiline: Bool) -> Unicode.Scalar? {
        text.unicodeScalars.first { scalar in
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: !multiline
            case 0x00...0x1F, 0x7F...0x9F: true
            case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
            // Unicode non-characters and lone surrogate code points never belong in a form.
            case 0xFFFE, 0xFFFF: true
            default: false
            }
        }
    }

    /// Carriage returns from browsers become plain line breaks.
    public static func normalisedLineBreaks(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
}

/// The range a date of a form may lie in: outside it, it is a typing error (an appointment in 1900).
public struct DateRange: Sendable, Equatable {
    public let earliest: CalendarDate
    public let latest: CalendarDate

    public init(earliest: CalendarDate, latest: CalendarDate) {
        self.earliest = earliest
        self.latest = latest
    }

    public func contains(_ date: CalendarDate) -> Bool { date >= earliest && date <= latest }

    /// The programme's records start in 2000; nothing it records happened before.
    public static let programmeStart = CalendarDate(year: 2000, month: 1, day: 1)!

    /// Something that happened: since the programme started, up to today.
    public static func happened(today: CalendarDate) -> DateRange { DateRange(earliest: programmeStart, latest: today) }

    /// A date to plan or to record late (old lists are entered too): since the programme started, up to two years ahead.
    public static func planned(today: CalendarDate) -> DateRange {
        DateRange(earliest: programmeStart, latest: today.adding(days: 2 * 366))
    }

    /// A person's life: birth from 1900, up to today.
    public static func lifetime(today: CalendarDate) -> DateRange {
        DateRange(earliest: CalendarDate(year: 1900, month: 1, day: 1)!, latest: today)
    }
}
