import Domain
import Platform
import Vapor

/// The landing page of Informieren: what the area covers, its steps, and its functions.
enum InformierenOverview {
    static func show(_ req: Request) async throws -> Response {
        let t = req.texts
        let user = try req.requireUser()
        var links: [(String, Link)] = []
        if user.has(.editPersons) { links.append((t("registration.title"), Link(.registration))) }
        links.append((t("persons.title"), Link(.persons)))
        for list in WorkList.allCases where user.has(list.permission) { links.append((t("worklist.\(list.key)"), list.link)) }
        return req.render(AreaOverview(area: "informieren", links: links).page(req.viewContext))
    }
}
