import Vapor

/// Sends anonymous users to the login page; users with a reset password to the password page first.
struct RequireLogin: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let user = request.currentUser else {
            return request.redirect(to: Paths.login, redirectType: .normal)
        }
        if user.mustChangePassword, request.url.path != Paths.changePassword, request.url.path != Paths.logout {
            return request.redirect(to: Paths.changePassword, redirectType: .normal)
        }
        return try await next.respond(to: request)
    }
}

/// Refuses (403, audited) users whose role lacks the permission (ASVS 8.2.1, 8.3.1).
struct RequirePermission: AsyncMiddleware {
    let permission: Permission

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let user = try request.requireUser()
        guard user.has(permission) else {
            try await request.audit(.accessDenied, recordType: "page", detail: "\(request.method.rawValue) \(request.url.path) ohne \(permission.rawValue)")
            throw Abort(.forbidden)
        }
        return try await next.respond(to: request)
    }
}

extension RoutesBuilder {
    /// Routes that need `permission`; the permission is also kept on each route for the access matrix test.
    func requiring(_ permission: Permission) -> any RoutesBuilder {
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
    public var requiredPermission: Permission? { userInfo["permission"] as? Permission }
}
