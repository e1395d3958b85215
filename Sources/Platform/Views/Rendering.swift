import Domain
import Vapor

/// What a view needs besides its model: the texts and the form token.
package struct ViewContext: Sendable {
    package let t: Localizer
    package let csrf: String
    package let user: AuthenticatedUser?

    package init(t: Localizer, csrf: String, user: AuthenticatedUser?) {
        self.t = t
        self.csrf = csrf
        self.user = user
    }

    package func may(_ permission: Permission) -> Bool { user?.has(permission) ?? false }
}

extension Request {
    package var viewContext: ViewContext { ViewContext(t: texts, csrf: csrfToken, user: currentUser) }

    /// The page inside the app's layout, as an HTML response.
    package func render(_ page: WebPage) -> Response {
        Self.htmlResponse(Layout.document(page, chrome: chrome(), texts: texts).renderDocumentBytes(), status: page.status)
    }

    /// A document of its own (the letters' print view): no app layout around it.
    package func renderDocument(_ node: Node, status: HTTPResponseStatus = .ok) -> Response {
        Self.htmlResponse(node.renderDocumentBytes(), status: status)
    }

    static func htmlResponse(_ html: ByteBuffer, status: HTTPResponseStatus) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: status, headers: headers, body: .init(buffer: html))
    }

    func chrome() -> PageChrome {
        let texts = self.texts
        let user = currentUser
        let flashKey = queryValue("ok").map { "flash.\($0)" }
        let path = url.path
        let nav: [PageChrome.NavItem] = user.map { user in
            areas.navigation.filter { $0.permission.map(user.has) ?? true }.map { entry in
                let current = ([entry.url] + entry.alsoCurrentFor).contains { $0.contains(path: path) }
                return PageChrome.NavItem(label: texts.text(entry.textKey), link: Link(entry.url), current: current)
            }
        } ?? []
        return PageChrome(
            user: user.map { .init(displayName: $0.displayName, roleLabel: texts.label("role", $0.role), unitName: $0.unitName) },
            nav: nav, csrf: csrfToken,
            flash: flashKey.flatMap { texts.has($0) ? texts.text($0) : nil },
            language: texts.language)
    }

    /// The page number of a paginated list (`seite`), kept in a range that cannot overflow.
    package func pageNumber() -> Int {
        min(max(1, queryValue("seite").flatMap { Int($0) } ?? 1), 100_000)
    }

    /// One value of the URL's query, read from its text: Vapor's query decoder cost more than a page's
    /// reads for the two values every page asks for (the flash message and the page number).
    package func queryValue(_ name: String) -> String? {
        guard let query = url.query, !query.isEmpty else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts[0] == name else { continue }
            let value = parts.count > 1 ? String(parts[1]).replacingOccurrences(of: "+", with: " ") : ""
            return value.removingPercentEncoding ?? value
        }
        return nil
    }

    /// Redirect after a successful POST, with a flash key the next page shows.
    package func redirect(to url: SiteURL, flash: String? = "saved", query: [(String, String)] = []) -> Response {
        let items = query + (flash.map { [("ok", $0)] } ?? [])
        return redirect(to: Link(url, query: items).value, redirectType: .normal)
    }

    /// A decoded form; a form that does not decode is a bad request, not a crash.
    package func form<T: Decodable>(_ type: T.Type) throws -> T {
        do { return try content.decode(T.self) } catch { throw AppError.badRequest }
    }
}
