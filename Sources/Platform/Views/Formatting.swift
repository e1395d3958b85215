import Domain
import Foundation

/// How values read on pages, in one place.
package enum Format {
    /// "30.09.2024", or "–" when there is no date.
    package static func date(_ date: CalendarDate?) -> String { date?.swissFormat ?? "–" }

    /// "30.09.2024 14:05" in Swiss time.
    package static func instant(_ date: Date?) -> String { date.map(SwissTime.format) ?? "–" }

    /// "43 Jahre".
    package static func age(_ birth: CalendarDate, today: CalendarDate, texts: Localizer) -> String {
        texts.text("persons.age", ["years": String(birth.years(until: today))])
    }

    /// A value or "–".
    package static func value(_ text: String?) -> String { text.flatMap { $0.isEmpty ? nil : $0 } ?? "–" }
}
