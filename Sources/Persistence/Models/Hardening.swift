import Fluent
import Foundation

/// A creating form's one-time key, claimed in the transaction that stores the form: a second
/// submission of the same form (a double click) finds it and goes to the first one's result.
package final class FormSubmission: Model, @unchecked Sendable {
    package static let schema = "form_submissions"
    @ID(key: .id) package var id: UUID?
    @Field(key: "form_key") package var formKey: String
    @Field(key: "user_id") package var userID: UUID
    /// Where the first submission led (a path of the app), set before its transaction commits.
    @OptionalField(key: "result_path") package var resultPath: String?
    @Field(key: "created_at") package var createdAt: Date

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] { declared([$id, $formKey, $userID, $resultPath, $createdAt]) }

    package init() {}
    package init(formKey: String, userID: UUID, at date: Date) {
        self.formKey = formKey
        self.userID = userID
        self.createdAt = date
    }
}

/// Throttled login attempts of one address in one interval, counted in one row (one audit entry per
/// burst, not one per request).
package final class LoginThrottleBurst: Model, @unchecked Sendable {
    package static let schema = "login_throttle_bursts"
    @ID(key: .id) package var id: UUID?
    @Field(key: "address") package var address: String
    @Field(key: "window_start") package var windowStart: Date
    @Field(key: "attempts") package var attempts: Int
    @Field(key: "last_at") package var lastAt: Date

    /// Declared, not reflected (`Fields.declared`).
    package var properties: [any AnyProperty] { declared([$id, $address, $windowStart, $attempts, $lastAt]) }

    package init() {}
    package init(address: String, windowStart: Date, at date: Date) {
        self.address = address
        self.windowStart = windowStart
        self.attempts = 1
        self.lastAt = date
    }
}
