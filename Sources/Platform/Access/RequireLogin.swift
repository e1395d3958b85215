import Domain
import Persistence
import Vapor

/// Sends anonymous users to the login page; users with a reset password to the password page first.
/// Not an `AsyncMiddleware`: each of those starts a task and waits for the rest of the chain's future,
/// and this one only looks at the request (BENCHMARKS.md, sixth round).
package struct RequireLogin: Middleware {
    package init() {}

    package func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard let user = request.currentUser else {
            // After the login the user comes back to the page asked for (a GET: forms are kept as drafts).
            var query: [(String, String)] = request.sessionEnded ? [FormDrafts.expiredItem] : []
            if request.method == .GET, Link(storedPath: request.url.path) != nil, request.url.path != SiteURL.start.path {
                query.append((FormDrafts.continueItem, request.url.path + (request.url.query.map { "?" + $0 } ?? "")))
            }
            return request.eventLoop.makeSucceededFuture(request.redirect(to: Link(.login, query: query).value, redirectType: .normal))
        }
        let path = request.url.path
        if user.mustChangePassword, path != SiteURL.changePassword.path, path != SiteURL.logout.path {
            return request.eventLoop.makeSucceededFuture(request.redirect(to: SiteURL.changePassword.path, redirectType: .normal))
        }
        return next.respond(to: request)
    }
}

/// Refuses (403, audited) users whose role lacks the permission (ASVS 8.2.1, 8.3.1). A task only for the refusal
/// (its audit entry); an allowed request goes on without one (see `RequireLogin`).
struct RequirePermission: Middleware {
    let permission: Permission

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard let user = request.currentUser else { return request.eventLoop.makeFailedFuture(AppError.sessionExpired) }
        guard user.has(permission) else {
            return request.eventLoop.makeFutureWithTask {
                try await request.audit(.accessDenied, .page, detail: "\(request.method.rawValue) \(request.url.path) ohne \(permission.rawValue)")
                throw AppError.forbidden
            }
        }
        return next.respond(to: request)
    }
}

extension RoutesBuilder {
    /// Routes that need `permission`; the permission is also kept on each route for the access matrix test.
    package func requiring(_ permission: Permission) -> any RoutesBuilder {
        PermissionRoutesBuilder(base: grouped(RequirePermission(permission: permission)), permission: permission)
    }
}

/// Tags every route it registers with the permission it requires.
struct PermissionRoutesBuilder: RoutesBuilder {
    let base: any RoutesBuilder
    let permission: Permission

    func add(_ route: Route) {
        route.userInfo["permission"] = permission
        base.add(route)
    }
}

extension Route {
    /// The permission a route requires, as declared with `requiring(_:)`.
    package var requiredPermission: Permission? { userInfo["permission"] as? Permission }
}

extension Request {
    /// The current user's scope; routes behind `RequireLogin` always have one.
    package func scope() throws -> AccessScope { try requireUser().scope }

    /// A scoped record or 404; an attempt on another unit's record is audited.
    package func scoped<Record: MunicipalityScoped>(_ type: Record.Type, _ id: UUID, record: AuditRecord) async throws -> Record {
        if let found = try await scope().find(type, id, on: db) { return found }
        try await audit(.recordNotFound, record, detail: url.path)
        throw AppError.notFound
    }

    /// A scoped person or 404.
    package func scopedPerson(_ id: UUID) async throws -> Person {
        try await scoped(Person.self, id, record: .person(id))
    }

    /// The id in the route parameter `name`, or 404.
    package func idParameter(_ name: String) throws -> UUID {
        guard let id = parameters.get(name, as: UUID.self) else { throw AppError.notFound }
        return id
    }
}
