import Domain
import Platform
import Vapor

/// The landing pages of the programme's areas still to be built (Fördern, Fordern, reports to
/// MISA, MISA's inbox, reporting, network): what each covers and its steps, from the work folder.
package struct ProgrammeArea: Area {
    package init() {}

    static let areas: [(name: String, url: SiteURL, permission: Permission, order: Int, textKey: String)] = [
        ("foerdern", .foerdern, .workOnCases, 20, "nav.foerdern"),
        ("fordern", .fordern, .workOnCases, 30, "nav.fordern"),
        ("meldungen", .meldungen, .workOnCases, 40, "nav.meldungen"),
        ("misa", .misaInbox, .receiveDeficitReports, 45, "nav.meldungen"),
        ("berichterstattung", .berichterstattung, .viewFigures, 60, "nav.berichterstattung"),
        ("netzwerk", .netzwerk, .useCantonServices, 80, "nav.netzwerk"),
    ]

    package func registerRoutes(open: any RoutesBuilder, loggedIn: any RoutesBuilder) {
        for area in Self.areas {
            let name = area.name
            loggedIn.requiring(area.permission).get(area.url) { req in
                req.render(AreaOverview(area: name, links: []).page(req.viewContext))
            }
        }
    }

    package var navigation: [NavigationEntry] {
        Self.areas.map { NavigationEntry(textKey: $0.textKey, url: $0.url, permission: $0.permission, order: $0.order) }
    }
}
