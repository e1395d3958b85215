import Fluent
import Foundation
import Persistence
import Vapor

/// Typed data is never lost to an expired session: a form sent after the timeout is kept as a draft
/// of that session's user, the login page says «Ihre Sitzung ist abgelaufen», and after the new
/// login the user sends the form again from a page that holds it (`Account`'s draft page).
package enum FormDrafts {
    /// Query items of the login page after a session ended.
    package static let expiredItem = ("sitzung", "abgelaufen")
    package static let draftItem = "entwurf"
    package static let continueItem = "weiter"

    static func keep(_ request: Request, sentToken: String?) async throws -> Response {
        var query = [expiredItem]
        if let ended = request.endedSession, let sentToken,
           CSRFMiddleware.constantTimeEquals(sentToken, CSRFMiddleware.token(seed: ended.token)),
           request.headers.contentType == .urlEncodedForm,
           let body = request.body.data.map({ String(buffer: $0) }), !body.isEmpty {
            let draft = FormDraft(userID: ended.userID, path: request.url.path, body: body, at: request.now)
            try await draft.create(on: request.db)
            query.append((draftItem, try draft.requireID().uuidString))
            request.logger.info("Formular nach Sitzungsende als Entwurf aufbewahrt")
        }
        return request.redirect(to: Link(.login, query: query).value, redirectType: .normal)
    }

    /// The user's draft, if it is theirs and still fresh; an old one is deleted on the way.
    package static func find(_ id: UUID, userID: UUID, now: Date, on db: any Database) async throws -> FormDraft? {
        guard let draft = try await FormDraft.query(on: db).filter(\.$id == id).filter(\.$userID == userID).first() else { return nil }
        if now.timeIntervalSince(draft.createdAt) > FormDraft.lifetime {
            try await draft.delete(on: db)
            return nil
        }
        return draft
    }

    /// The fields of a kept form in their order (x-www-form-urlencoded), without the old form token.
    package static func fields(of body: String) -> [(String, String)] {
        body.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String? { text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
            guard let name = decode(parts[0]), let value = parts.count > 1 ? decode(parts[1]) : "" else { return nil }
            return [CSRFMiddleware.fieldName, FormKey.fieldName].contains(name) ? nil : (name, value)
        }
    }
}
