import Vapor

/// The landing pages of the programme's areas: what the area covers, its steps and documents
/// (the work folder's chapters), and the functions available in it.
enum AreasFeature {
    static func register(_ routes: any RoutesBuilder) {
        routes.requiring(.viewPersons).get("informieren", use: page(.informieren))
        routes.requiring(.workOnCases).get("foerdern", use: page(.foerdern))
        routes.requiring(.workOnCases).get("fordern", use: page(.fordern))
        routes.requiring(.workOnCases).get("meldungen", use: page(.meldungen))
        routes.requiring(.receiveDeficitReports).get("misa", use: page(.misa))
        routes.requiring(.viewFigures).get("berichterstattung", use: page(.berichterstattung))
        routes.requiring(.useCantonServices).get("dokumente", use: page(.dokumente))
        routes.requiring(.useCantonServices).get("netzwerk", use: page(.netzwerk))
    }

    enum Area: String, CaseIterable {
        case informieren, foerdern, fordern, meldungen, misa, berichterstattung, dokumente, netzwerk
    }

    struct Page: Encodable {
        struct Link: Encodable { let label: String; let href: String }
        let area: String
        let intro: String
        let steps: [String]
        let links: [Link]
    }

    static func page(_ area: Area) -> @Sendable (Request) async throws -> Response {
        { req in
            let texts = req.texts
            let steps = (1...8).map { "area.\(area.rawValue).step\($0)" }.filter(texts.has).map { texts.text($0) }
            var links: [Page.Link] = []
            let user = try req.requireUser()
            if area == .informieren {
                if user.has(.editPersons) { links.append(.init(label: texts.text("registration.title"), href: Paths.registration)) }
                links.append(.init(label: texts.text("persons.title"), href: Paths.persons))
                for list in WorkLists.List.allCases where user.has(list.permission) {
                    links.append(.init(label: texts.text("worklist.\(list.key)"), href: Paths.workList(list.rawValue)))
                }
            }
            if area == .dokumente {
                if user.has(.workOnCases) { links.append(.init(label: texts.text("nav.batchLetters"), href: "/briefe/serie")) }
                if user.has(.editLetterhead) { links.append(.init(label: texts.text("nav.letterhead"), href: "/briefkopf")) }
            }
            let body = Page(area: area.rawValue, intro: texts.text("area.\(area.rawValue).intro"), steps: steps, links: links)
            return try await req.renderPage("Areas/area", title: texts.text("area.\(area.rawValue).title"), body: body)
        }
    }
}
