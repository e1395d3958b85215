import SQLKit
import Vapor

/// `GET /healthz`: 200 while the database answers, 503 otherwise (for load balancers).
enum HealthFeature {
    static func register(_ routes: any RoutesBuilder) {
        routes.get("healthz", use: health)
    }

    static func health(_ req: Request) async throws -> Response {
        do {
            guard let sql = req.db as? any SQLDatabase else { throw Abort(.serviceUnavailable) }
            try await sql.raw("SELECT 1").run()
            return Response(status: .ok, body: .init(string: "ok"))
        } catch {
            req.logger.warning("healthz: Datenbank nicht erreichbar")
            return Response(status: .serviceUnavailable, body: .init(string: "Datenbank nicht erreichbar"))
        }
    }
}
