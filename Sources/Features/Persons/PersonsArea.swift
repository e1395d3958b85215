import Domain
import Platform
import Vapor

/// Persons and households: registration (Anmeldung), the list and search, the person page with the
/// timeline every area contributes to, the household, editing and the printable data sheet.
package struct PersonsArea: Area {
    package init() {}

    package func registerRoutes(open: any RoutesBuilder, loggedIn: any RoutesBuilder) {
        let readers = loggedIn.requiring(.viewPersons)
        readers.get(.persons, use: PersonListRoutes.list)
        readers.post(.personSearch, use: PersonListRoutes.search)
        readers.get(.person(.key), use: PersonRoutes.show)
        readers.get(.personSheet(.key), use: PersonRoutes.sheet)
        readers.get(.household(.key), use: PersonRoutes.household)
        let editors = loggedIn.requiring(.editPersons)
        editors.get(.personEdit(.key), use: PersonRoutes.edit)
        editors.post(.personEdit(.key), use: PersonRoutes.update)
        editors.get(.registration, use: Registration.showForm)
        editors.post(.registration, use: Registration.submit)
    }

    package var timeline: [any TimelineSource] { [RegisteredEntry()] }
}

/// "Angemeldet am …" on the person's timeline.
struct RegisteredEntry: TimelineSource {
    func entries(_ request: TimelineRequest) async throws -> [TimelineEntry] {
        guard let created = request.person.createdAt else { return [] }
        let t = request.texts
        return [TimelineEntry(date: CalendarDate(created), sortKey: "00:00",
                              title: t.text("timeline.registered.\(request.person.source.rawValue)", fallback: "timeline.registered.manual"),
                              lines: [], link: nil)]
    }
}
