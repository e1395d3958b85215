import Vapor

/// Turns every error into a German page without internals; 5xx are logged with their cause.
package struct ErrorPageMiddleware: AsyncMiddleware {
    package init() {}

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let status: HTTPResponseStatus
            var messageKey: String
            switch error {
            case let appError as AppError:
                status = appError.status
                messageKey = appError.messageKey
            case let abort as any AbortError:
                status = abort.status
                messageKey = "error.\(abort.status.code)"
            default:
                status = .internalServerError
                messageKey = "error.500"
            }
            if status.code >= 500 { request.logger.report(error: error) }
            let t = request.texts
            if !t.has(messageKey) { messageKey = status.code >= 500 ? "error.500" : "error.generic" }
            let title = t.text("error.title.\(status.code)", fallback: "error.title.generic")
            let message = t.text(messageKey)
            let page = WebPage(title: title, status: status) {
                h1 { title }
                paragraph(.class("error-message")) { message }
                paragraph(.class("muted")) { "\(t("error.code")) \(status.code)" }
                if request.currentUser == nil, status == .unauthorized {
                    paragraph { anchor(.href(Link(.login))) { t("error.toLogin") } }
                } else {
                    paragraph { anchor(.href(Link(.start))) { t("error.toStart") } }
                }
            }
            return request.render(page)
        }
    }
}
