import Platform
import Vapor

/// The start page: the user's unit and role, recent arrivals and the work lists of every area.
package struct StartArea: Area {
    package init() {}

    package func registerRoutes(open: any RoutesBuilder, loggedIn: any RoutesBuilder) {
        loggedIn.get(.start, use: StartPage.show)
    }

    package var navigation: [NavigationEntry] {
        [NavigationEntry(textKey: "nav.start", url: .start, permission: nil, order: 0)]
    }
}
