import Vapor

/// What can go wrong in a way the user should be told about.
enum AppError: Error, AbortError {
    case csrfRejected
    /// WeasyPrint is not installed: the print view still works.
    case pdfUnavailable

    var status: HTTPResponseStatus {
        switch self {
        case .csrfRejected: .forbidden
        case .pdfUnavailable: .serviceUnavailable
        }
    }

    var reason: String {
        switch self {
        case .csrfRejected: "error.csrf"
        case .pdfUnavailable: "error.pdfUnavailable"
        }
    }
}
