import Vapor

/// Turns every error into a German page without internals; 5xx are logged with their cause.
struct ErrorPageMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let status: HTTPResponseStatus
            var messageKey: String
            switch error {
            case let appError as AppError:
                status = appError.status; messageKey = appError.reason
            case let abort as any AbortError:
                status = abort.status; messageKey = "error.\(abort.status.code)"
            default:
                status = .internalServerError; messageKey = "error.500"
            }
            if status.code >= 500 {
                request.logger.report(error: error)
            }
            let texts = request.application.localizer
            if !texts.has(messageKey) { messageKey = status.code >= 500 ? "error.500" : "error.generic" }
            let context = ErrorPage(status: Int(status.code), title: texts.text("error.title.\(status.code)", fallback: "error.title.generic"),
                                    message: texts.text(messageKey))
            do {
                let response = try await request.renderPage("Shared/error", title: context.title, body: context)
                response.status = status
                return response
            } catch {
                let response = Response(status: status, body: .init(string: context.message))
                response.headers.contentType = .plainText
                return response
            }
        }
    }
}

struct ErrorPage: Encodable {
    let status: Int
    let title: String
    let message: String
}
