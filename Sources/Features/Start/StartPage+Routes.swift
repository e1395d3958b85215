import Platform
import Vapor

enum StartPage {
    static func show(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let model = try await StartPageModel.query(user: user, database: req.db, areas: req.areas, texts: req.texts, today: req.today)
        let shown = model.shownPersons
        if !shown.isEmpty {
            try await req.audit(.personListed, .persons(shown), detail: "Startseite: Neuzuzüger und nächste Aufgaben")
        }
        return req.render(StartPageView(model: model).page(req.viewContext))
    }
}
