import Vapor

/// Everything that can go wrong in a way the user is told about, with the German message's text key.
/// The error page shows the message; 5xx are logged with their cause, never shown.
package enum AppError: Error, AbortError, Sendable {
    case notFound
    case forbidden
    case badRequest
    /// The session ended (idle or absolute timeout) while the user was working.
    case sessionExpired
    case csrfRejected
    /// WeasyPrint is not installed: the print view still works.
    case pdfUnavailable
    /// A value the letter text needs is missing.
    case letterHasGaps
    /// The record is closed for changes (a case whose report was sent to MISA): 409 with the reason.
    case readOnly
    case renderingFailed
    case internalError(String)

    package var status: HTTPResponseStatus {
        switch self {
        case .notFound: .notFound
        case .forbidden: .forbidden
        case .badRequest: .badRequest
        case .sessionExpired: .unauthorized
        case .csrfRejected: .forbidden
        case .pdfUnavailable: .serviceUnavailable
        case .letterHasGaps: .unprocessableEntity
        case .readOnly: .conflict
        case .renderingFailed, .internalError: .internalServerError
        }
    }

    /// The text key of the message the error page shows.
    package var messageKey: String {
        switch self {
        case .notFound: "error.404"
        case .forbidden: "error.403"
        case .badRequest: "error.400"
        case .sessionExpired: "error.sessionExpired"
        case .csrfRejected: "error.csrf"
        case .pdfUnavailable: "error.pdfUnavailable"
        case .letterHasGaps: "letters.gapsBlock"
        case .readOnly: "error.readOnly"
        case .renderingFailed, .internalError: "error.500"
        }
    }

    package var reason: String { messageKey }
}
