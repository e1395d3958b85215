import Foundation

/// Instants shown in Swiss local time ("30.09.2024 14:05"), without a DateFormatter per call.
public enum SwissTime {
    public static let zone = TimeZone(identifier: "Europe/Zurich")!

    public static func format(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let p = Digits.padded
        return "\(p(c.day!, 2)).\(p(c.month!, 2)).\(p(c.year!, 4)) \(p(c.hour!, 2)):\(p(c.minute!, 2))"
    }

    /// Midnight at the start of a Swiss calendar day, as an instant.
    public static func startOfDay(_ day: CalendarDate) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
    }
}
