import Crypto
import Foundation
import Vapor

/// Anti-forgery token on every state-changing request (ASVS 3.5.1). Vapor has none.
/// The token is an HMAC of the login session's token, or before login of a pre-session cookie,
/// so it needs no storage and differs for every session.
package struct CSRFMiddleware: AsyncMiddleware {
    package init() {}

    static let fieldName = "_csrf"
    static let headerName = "X-CSRF-Token"

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let config = request.application.config
        var newPreSession: String?
        let seed: String
        if let user = request.currentUser {
            seed = user.sessionToken
        } else if let pre = request.cookies[SessionCookie.preSessionName(config)]?.string, SessionToken.isWellFormed(pre) {
            seed = pre
        } else {
            let pre = SessionToken.generate()
            newPreSession = pre
            seed = pre
        }
        let expected = Self.token(seed: seed)
        request.csrfToken = expected

        if ![.GET, .HEAD, .OPTIONS].contains(request.method) {
            // Read no more than any route accepts: the token check must not buffer large bodies.
            _ = try await request.body.collect(max: request.application.routes.defaultMaxBodySize.value).get()
            let sent = request.headers.first(name: Self.headerName) ?? (try? request.content.get(String.self, at: Self.fieldName))
            if request.currentUser == nil, request.sessionEnded {
                // Sent into a session that has just ended: nothing is done, the typed data is kept for
                // its user when the form proves it came from that session, and the login says why.
                return try await FormDrafts.keep(request, sentToken: sent)
            }
            guard let sent, Self.constantTimeEquals(sent, expected) else {
                // Logged-in users are audited; anonymous rejections only logged, so nobody can flood the trail.
                if request.currentUser != nil {
                    try await request.audit(.csrfRejected, .page, detail: "\(request.method.rawValue) \(request.url.path)")
                } else {
                    request.logger.notice("CSRF token missing or wrong (anonymous) for \(request.method.rawValue) \(request.url.path)")
                }
                throw AppError.csrfRejected
            }
        }
        let response = try await next.respond(to: request)
        if let newPreSession {
            response.cookies[SessionCookie.preSessionName(config)] = SessionCookie.value(newPreSession, config: config)
        }
        return response
    }

    package static func token(seed: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("csrf".utf8), using: SymmetricKey(data: Data(seed.utf8)))
        return SessionToken.base64URL(Data(mac))
    }

    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension Request {
    private struct CSRFTokenKey: StorageKey { typealias Value = String }
    package var csrfToken: String {
        get { storage[CSRFTokenKey.self] ?? "" }
        set { storage[CSRFTokenKey.self] = newValue }
    }
}
