import Foundation

/// What an audit entry is about: a typed record, never free text. A list names every person it showed.
package enum AuditRecord: Sendable, Equatable {
    case user(UUID?)
    case person(UUID)
    case persons([UUID])
    case household(UUID)
    case appointment(UUID)
    case municipality(UUID)
    case district(UUID)
    case leadGroup(UUID)
    case letterTemplate(UUID)
    case letterhead(UUID)
    case contact(UUID)
    case nextStep(UUID)
    case offer(UUID)
    case regularStructure(UUID)
    case measure(UUID)
    case integrationConversation(UUID)
    case fordernCase(UUID)
    case deficitReport(UUID)
    /// A list of reports (MISA's inbox): every report shown.
    case deficitReports([UUID])
    case event(UUID)
    /// A page or form (refused access, rejected token): no record of its own.
    case page
    /// The audit trail itself.
    case auditTrail
    /// The data set as a whole (demo data, imports).
    case dataSet

    /// The stored record type.
    package var type: String {
        switch self {
        case .user: "user"
        case .person, .persons: "person"
        case .household: "household"
        case .appointment: "appointment"
        case .municipality: "municipality"
        case .district: "district"
        case .leadGroup: "lead_group"
        case .letterTemplate: "letter_template"
        case .letterhead: "letterhead"
        case .contact: "contact"
        case .nextStep: "next_step"
        case .offer: "offer"
        case .regularStructure: "regular_structure"
        case .measure: "measure"
        case .integrationConversation: "integration_conversation"
        case .fordernCase: "fordern_case"
        case .deficitReport, .deficitReports: "deficit_report"
        case .event: "event"
        case .page: "page"
        case .auditTrail: "audit"
        case .dataSet: "data_set"
        }
    }

    /// The records' ids: one for most, every shown person or report for a list.
    package var ids: [UUID] {
        switch self {
        case .user(let id): [id].compactMap { $0 }
        case .person(let id), .household(let id), .appointment(let id), .municipality(let id), .district(let id),
             .leadGroup(let id), .letterTemplate(let id), .letterhead(let id), .contact(let id), .nextStep(let id),
             .offer(let id), .regularStructure(let id), .measure(let id), .integrationConversation(let id), .fordernCase(let id),
             .deficitReport(let id), .event(let id): [id]
        case .persons(let ids), .deficitReports(let ids): ids
        case .page, .auditTrail, .dataSet: []
        }
    }
}

/// Who did it, from where: taken from the request, or named by a command.
package struct AuditActor: Sendable {
    package var userID: UUID?
    package var username: String
    package var unitID: UUID?
    package var unitName: String
    package var address: String

    package init(userID: UUID?, username: String, unitID: UUID?, unitName: String, address: String) {
        self.userID = userID
        self.username = username
        self.unitID = unitID
        self.unitName = unitName
        self.address = address
    }

    package static func system(_ name: String) -> AuditActor {
        AuditActor(userID: nil, username: name, unitID: nil, unitName: "System", address: "lokal")
    }
}

/// One entry before it joins the chain.
package struct AuditDraft: Sendable {
    package var action: AuditAction
    package var record: AuditRecord
    package var detail: String
    package var actor: AuditActor
    package var at: Date

    package init(_ action: AuditAction, _ record: AuditRecord, detail: String = "", actor: AuditActor, at: Date) {
        self.action = action
        self.record = record
        self.detail = detail
        self.actor = actor
        self.at = at
    }
}
