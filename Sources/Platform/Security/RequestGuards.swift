import Vapor

/// Logs every request with its path escaped: a `%0a` or a NUL in a URL cannot forge a line of the
/// server log (ASVS 16.4.1). Vapor's own middleware logs the decoded path raw.
package struct RequestLogMiddleware: AsyncMiddleware {
    package init() {}

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        request.logger.info("\(request.method.rawValue) \(Self.escaped(request.url.path))")
        return try await next.respond(to: request)
    }

    /// Control characters (decoded or not) shown as \u{…}; at most 300 characters.
    package static func escaped(_ path: String) -> String {
        let decoded = path.removingPercentEncoding ?? path
        var output = ""
        for scalar in decoded.unicodeScalars.prefix(300) {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\\" {
                output += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}

/// Refuses, before anything touches the file system, paths no page has: a NUL (which the file system
/// would cut, serving `favicon.svg` as `text/html`), a control character, an over-long name (which
/// made the file lookup fail with 500). They answer 404 like any other missing page.
package struct PathGuardMiddleware: AsyncMiddleware {
    /// Longer than any URL of the app; file names may have at most 255 bytes.
    static let maximumPath = 1024
    static let maximumSegment = 200

    package init() {}

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let raw = request.url.path
        guard raw.utf8.count <= Self.maximumPath, let decoded = raw.removingPercentEncoding,
              !decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }),
              decoded.split(separator: "/").allSatisfy({ $0.utf8.count <= Self.maximumSegment }) else {
            throw AppError.notFound
        }
        return try await next.respond(to: request)
    }
}
