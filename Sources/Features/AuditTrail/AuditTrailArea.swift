import Domain
import Platform
import Vapor

/// Administrators browse and filter the audit trail and check its chain.
package struct AuditTrailArea: Area {
    package init() {}

    package func registerRoutes(open: any RoutesBuilder, loggedIn: any RoutesBuilder) {
        let auditors = loggedIn.requiring(.viewAuditTrail)
        auditors.get(.auditTrail, use: AuditTrailRoutes.browse)
        auditors.post(.auditVerify, use: AuditTrailRoutes.verify)
    }

    package var navigation: [NavigationEntry] {
        [NavigationEntry(textKey: "nav.audit", url: .auditTrail, permission: .viewAuditTrail, order: 110)]
    }
}
