import Fluent
import Foundation
import Persistence
import Vapor

/// Every POST form carries a one-time key (`postForm` adds it). A creating handler stores its records
/// with `req.submitOnce`: the key is claimed in the same transaction as the insert (a unique index),
/// so a double click stores once, and the second request lands on the first one's result.
package enum FormKey {
    package static let fieldName = "_formKey"

    package static func make() -> String { RandomUUID.make().uuidString }

    /// Claims are kept this long; a form left open longer gets a fresh key when it is shown again.
    static let kept: TimeInterval = 2 * 24 * 3600
}

/// What a submission led to: the first time, or the repeat of one that was already stored.
package enum Submission<Result: Sendable>: Sendable {
    case stored(Result)
    /// Where the first submission led (nil for a download, which the handler simply makes again).
    case repeated(Link?)
}

extension Request {
    /// The form's one-time key, when it is a well-formed one.
    package var formKey: String? {
        guard let key = try? content.get(String.self, at: FormKey.fieldName), UUID(uuidString: key) != nil else { return nil }
        return key
    }

    /// Runs `store` in a write transaction once per form key: `store` returns where the user goes next (and
    /// anything else the handler needs); a second submission with the same key returns the first one's place.
    /// Without a key (a client that sends none) it simply stores.
    package func submitOnce<Result: Sendable>(
        _ store: @escaping @Sendable (any Database) async throws -> (Link?, Result)
    ) async throws -> Submission<Result> {
        let user = try requireUser().userID
        guard let key = formKey else { return .stored(try await db.writeTransaction { try await store($0).1 }) }
        let now = self.now
        do {
            let result = try await db.writeTransaction { tx in
                let claim = FormSubmission(formKey: key, userID: user, at: now)
                try await claim.create(on: tx)
                let (link, result) = try await store(tx)
                claim.resultPath = link?.value
                try await claim.update(on: tx)
                try await FormSubmission.query(on: tx).filter(\.$createdAt < now.addingTimeInterval(-FormKey.kept)).delete()
                return result
            }
            return .stored(result)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // The first submission with this key committed: go where it went.
            guard let first = try await FormSubmission.query(on: db).filter(\.$formKey == key).first(), first.userID == user else {
                throw AppError.badRequest
            }
            return .repeated(first.resultPath.flatMap(Link.init(storedPath:)))
        }
    }
}

extension Request {
    /// `submitOnce` for a form that ends in a redirect: both the first and a repeated submission go to
    /// the place `store` returns.
    package func storeOnce(_ store: @escaping @Sendable (any Database) async throws -> Link) async throws -> Response {
        switch try await submitOnce({ tx -> (Link?, Link) in
            let link = try await store(tx)
            return (link, link)
        }) {
        case .stored(let link): return redirect(to: link.value, redirectType: .normal)
        case .repeated(let link): return redirect(to: (link ?? Link(.start)).value, redirectType: .normal)
        }
    }
}

extension Link {
    /// Where a saved form leads, with the flash message the page shows ("saved", "registered", …).
    package static func afterSave(_ url: SiteURL, flash: String = "saved", query: [(String, String)] = []) -> Link {
        Link(url, query: query + [("ok", flash)])
    }
}

/// A form sent again after its first submission was stored (the back button, a double click that came
/// late) goes where the first one went, before any check runs again: nothing is stored twice.
package struct RepeatedFormMiddleware: AsyncMiddleware {
    package init() {}

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .POST, let user = request.currentUser, let key = request.formKey,
              let first = try await FormSubmission.query(on: request.db).filter(\.$formKey == key).first(), first.userID == user.userID,
              let path = first.resultPath, let link = Link(storedPath: path) else {
            return try await next.respond(to: request)
        }
        return request.redirect(to: link.value, redirectType: .normal)
    }
}
