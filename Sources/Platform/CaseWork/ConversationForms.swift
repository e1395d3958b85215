import Foundation
import Persistence
import Vapor

/// The integration-conversation form as a PDF: made by the letters area, attached by Fordern to a
/// deficit report. Features never import each other; App registers the letters area's renderer here.
package protocol ConversationFormRenderer: Sendable {
    /// nil when PDFs cannot be made on this machine (the report is then sent without the attachment).
    func pdf(_ req: Request, person: Person, conversationID: UUID) async throws -> Data?
}

extension Application {
    private struct ConversationFormKey: StorageKey { typealias Value = any ConversationFormRenderer }
    package var conversationForms: (any ConversationFormRenderer)? {
        get { storage[ConversationFormKey.self] }
        set { storage[ConversationFormKey.self] = newValue }
    }
}
