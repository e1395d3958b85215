import Foundation
import Vapor

/// What every page shows around its content: who is logged in, the navigation, the form token.
struct PageChrome: Encodable {
    struct UserInfo: Encodable {
        let displayName: String
        let roleLabel: String
        let unitName: String
    }
    struct NavItem: Encodable {
        let label: String
        let href: String
        let current: Bool
    }

    let title: String
    let user: UserInfo?
    let nav: [NavItem]
    let csrf: String
    let flash: String?
    let language: String
}

/// The context of every template: `chrome` around, `page` inside.
struct PageContext<Body: Encodable>: Encodable {
    let chrome: PageChrome
    let page: Body
}

/// The programme's areas, in the order of the work folder, each shown to the roles that work in it.
enum Navigation {
    static let items: [(key: String, path: String, permission: Permission?)] = [
        ("nav.start", Paths.start, nil),
        ("nav.informieren", Paths.informieren, .viewPersons),
        ("nav.foerdern", Paths.foerdern, .workOnCases),
        ("nav.fordern", Paths.fordern, .workOnCases),
        ("nav.meldungen", Paths.meldungen, .workOnCases),
        ("nav.meldungen", Paths.misaInbox, .receiveDeficitReports),
        ("nav.berichterstattung", Paths.berichterstattung, .viewFigures),
        ("nav.dokumente", Paths.dokumente, .useCantonServices),
        ("nav.netzwerk", Paths.netzwerk, .useCantonServices),
        ("nav.organisation", Paths.organisation, .editOrganisation),
        ("nav.letterTemplates", "/briefvorlagen", .editLetterTemplates),
        ("nav.users", Paths.users, .manageUsers),
        ("nav.audit", Paths.auditTrail, .viewAuditTrail),
    ]

    /// Pages that belong to an area without living under its path.
    static let areaPages: [String: [String]] = [
        Paths.informieren: [Paths.registration, Paths.persons, "/haushalte", Paths.appointments, "/arbeitslisten"],
        Paths.dokumente: ["/briefe", "/briefkopf"],
    ]

    static func items(for user: AuthenticatedUser, currentPath: String, texts: Localizer) -> [PageChrome.NavItem] {
        items.filter { $0.permission.map(user.has) ?? true }.map { item in
            let prefixes = [item.path] + (areaPages[item.path] ?? [])
            let current = item.path == Paths.start ? currentPath == Paths.start : prefixes.contains { currentPath.hasPrefix($0) }
            return PageChrome.NavItem(label: texts.text(item.key), href: item.path, current: current)
        }
    }
}

extension Request {
    func chrome(title: String) -> PageChrome {
        let texts = self.texts
        let user = currentUser
        let flashKey = (try? query.get(String.self, at: "ok")).map { "flash.\($0)" }
        return PageChrome(
            title: title,
            user: user.map { .init(displayName: $0.displayName, roleLabel: texts.text("role.\($0.role.rawValue)"), unitName: $0.unitName) },
            nav: user.map { Navigation.items(for: $0, currentPath: url.path, texts: texts) } ?? [],
            csrf: csrfToken,
            flash: flashKey.flatMap { texts.has($0) ? texts.text($0) : nil },
            language: texts.language)
    }

    /// Renders a page template with the chrome around it.
    func renderPage(_ template: String, title: String, body: some Encodable) async throws -> Response {
        let view = try await view.render(template, PageContext(chrome: chrome(title: title), page: body))
        let response = try await view.encodeResponse(for: self)
        response.headers.contentType = .html
        return response
    }

    /// The page number of a paginated list (`seite`), kept in a range that cannot overflow.
    func pageNumber() -> Int {
        min(max(1, (try? query.get(Int.self, at: "seite")) ?? 1), 100_000)
    }

    /// Redirect after a successful POST, with a flash key the next page shows.
    func redirectAfterSave(to path: String, flash: String = "saved") -> Response {
        redirect(to: path + (path.contains("?") ? "&" : "?") + "ok=\(flash)", redirectType: .normal)
    }
}
