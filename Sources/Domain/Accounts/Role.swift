/// The roles of start.integration. Raw values are stored in the database: never rename them.
public enum Role: String, Codable, CaseIterable, Sendable {
    case counterClerk = "counter_clerk"
    case integrationOfficer = "integration_officer"
    case strategicLead = "strategic_lead"
    case cantonExpert = "canton_expert"
    case misaOfficer = "misa_officer"
    case systemAdministrator = "system_administrator"

    /// The unit kinds a user of this role may belong to.
    public var allowedUnitKinds: Set<UnitKind> {
        switch self {
        case .counterClerk, .integrationOfficer, .strategicLead: [.municipality, .leadGroup]
        case .cantonExpert: [.canton]
        case .misaOfficer: [.migrationOffice]
        case .systemAdministrator: [.canton, .municipality, .leadGroup, .migrationOffice]
        }
    }

    public var permissions: Set<Permission> {
        switch self {
        case .counterClerk:
            [.viewPersons, .editPersons, .viewOffers]
        case .integrationOfficer:
            [.viewPersons, .editPersons, .workOnCases, .viewFigures, .useCantonServices, .editLetterhead, .viewOffers, .editOffers]
        case .strategicLead:
            [.viewFigures, .useCantonServices, .viewOffers]
        case .cantonExpert:
            [.viewFigures, .useCantonServices, .editOrganisation, .viewCantonFigures, .editLetterTemplates, .viewOffers, .editOffers]
        case .misaOfficer:
            [.receiveDeficitReports]
        case .systemAdministrator:
            [.manageUsers, .viewAuditTrail, .editOrganisation]
        }
    }

    public func has(_ permission: Permission) -> Bool { permissions.contains(permission) }
}

/// What a role may do. Routes declare one of these; the role table above is the only place that grants them.
public enum Permission: String, Codable, CaseIterable, Sendable {
    /// Read persons and households of the user's municipalities.
    case viewPersons
    /// Register and change persons and households of the user's municipalities.
    case editPersons
    /// Plan and hold conversations, contacts, measures (Informieren, Fördern, Fordern).
    case workOnCases
    /// See the municipality's figures and reports (no personal data).
    case viewFigures
    /// See all municipalities' figures (AGS).
    case viewCantonFigures
    /// Document library, order service, network.
    case useCantonServices
    /// Keep the master texts of letters and forms (canton).
    case editLetterTemplates
    /// Keep the municipality's letterhead (logo, sender, signature).
    case editLetterhead
    /// Edit districts, municipalities, lead groups and district experts.
    case editOrganisation
    /// Manage user accounts.
    case manageUsers
    /// Browse the audit trail.
    case viewAuditTrail
    /// MISA's inbox of deficit reports.
    case receiveDeficitReports
    /// See the integration offers (the canton's, the region's, the municipality's) and the regular structures.
    case viewOffers
    /// Keep offers: the canton's (AGS), the region's and the municipality's (integration officer).
    case editOffers
}

/// The kinds of organisational unit a user belongs to.
public enum UnitKind: String, Codable, CaseIterable, Sendable {
    case municipality
    case leadGroup = "lead_group"
    case canton
    case migrationOffice = "migration_office"
}
