import Platform
import Vapor

enum StartPage {
    static func show(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let model = try await StartPageModel.query(user: user, database: req.db, areas: req.areas, texts: req.texts, today: req.today)
        if !model.recentArrivals.isEmpty {
            try await req.audit(.personListed, .persons(model.recentArrivals.map(\.id)), detail: "Startseite: Neuzuzüger")
        }
        return req.render(StartPageView(model: model).page(req.viewContext))
    }
}
