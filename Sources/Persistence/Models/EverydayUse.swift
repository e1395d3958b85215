import Domain
import Fluent
import Foundation

/// A next step of a contact or a conversation, with a due date and an owner: it comes back in the
/// work list «Fällige nächste Schritte» until someone marks it done.
package final class NextStepTask: Model, MunicipalityScoped, @unchecked Sendable {
    package static let schema = "next_step_tasks"
    package static var municipalityKey: KeyPath<NextStepTask, FieldProperty<NextStepTask, UUID>> { \.$municipality.$id }
    @ID(key: .id) package var id: UUID?
    @Parent(key: "municipality_id") package var municipality: Municipality
    @Parent(key: "person_id") package var person: Person
    @OptionalField(key: "contact_id") package var contactID: UUID?
    @OptionalField(key: "conversation_id") package var conversationID: UUID?
    @Field(key: "text") package var text: String
    @Field(key: "due_on") package var dueOn: CalendarDate
    @Parent(key: "owner_user_id") package var owner: User
    @OptionalField(key: "done_on") package var doneOn: CalendarDate?
    @OptionalField(key: "done_by_user_id") package var doneByUserID: UUID?
    @Field(key: "created_by_user_id") package var createdByUserID: UUID
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] {
        declared([
            $id, $municipality, $person, $contactID, $conversationID, $text, $dueOn, $owner, $doneOn, $doneByUserID,
            $createdByUserID, $createdAt
        ])
    }

    package init() {}
}

/// What a user typed into a form whose session had expired: kept for that user only, sent again
/// after the new login, deleted when used or after a day.
package final class FormDraft: Model, @unchecked Sendable {
    package static let schema = "form_drafts"
    @ID(key: .id) package var id: UUID?
    @Field(key: "user_id") package var userID: UUID
    /// The app path the form was sent to.
    @Field(key: "path") package var path: String
    /// The form as sent (application/x-www-form-urlencoded).
    @Field(key: "body") package var body: String
    @Field(key: "created_at") package var createdAt: Date

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] { declared([$id, $userID, $path, $body, $createdAt]) }

    package init() {}
    package init(userID: UUID, path: String, body: String, at date: Date) {
        self.userID = userID
        self.path = path
        self.body = body
        self.createdAt = date
    }

    /// A draft older than this is not offered any more.
    package static let lifetime: TimeInterval = 24 * 3600
}
