import Vapor

/// What can go wrong in a way the user should be told about.
enum AppError: Error, AbortError {
    case csrfRejected
    case databaseUnavailable(String)

    var status: HTTPResponseStatus {
        switch self {
        case .csrfRejected: .forbidden
        case .databaseUnavailable: .serviceUnavailable
        }
    }

    var reason: String {
        switch self {
        case .csrfRejected: "error.csrf"
        case .databaseUnavailable: "error.database"
        }
    }
}
