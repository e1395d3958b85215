import Foundation

/// Every URL of the app, declared once: used by route registration, redirects and page contexts.
enum Paths {
    static let start = "/"
    static let login = "/login"
    static let logout = "/logout"
    static let health = "/healthz"
    static let changePassword = "/konto/passwort"

    static let informieren = "/informieren"
    static let foerdern = "/foerdern"
    static let fordern = "/fordern"
    static let meldungen = "/meldungen"
    static let misaInbox = "/misa"
    static let berichterstattung = "/berichterstattung"
    static let dokumente = "/dokumente"
    static let netzwerk = "/netzwerk"

    static let registration = "/anmeldung"
    static let persons = "/personen"
    static func person(_ id: UUID) -> String { "/personen/\(id.uuidString)" }
    static func personEdit(_ id: UUID) -> String { "/personen/\(id.uuidString)/bearbeiten" }
    static func personSheet(_ id: UUID) -> String { "/personen/\(id.uuidString)/personalienblatt" }
    static func personTriage(_ id: UUID) -> String { "/personen/\(id.uuidString)/triage" }
    static func personNewContact(_ id: UUID) -> String { "/personen/\(id.uuidString)/kontakte/neu" }
    static func personLetters(_ id: UUID) -> String { "/personen/\(id.uuidString)/briefe" }
    static func household(_ id: UUID) -> String { "/haushalte/\(id.uuidString)" }

    static let appointments = "/termine"
    static let newAppointment = "/termine/neu"
    static func newAppointment(household id: UUID) -> String { "/termine/neu?haushalt=\(id.uuidString)" }
    static func appointment(_ id: UUID) -> String { "/termine/\(id.uuidString)" }
    static func appointmentEdit(_ id: UUID) -> String { "/termine/\(id.uuidString)/bearbeiten" }
    static func appointmentCancel(_ id: UUID) -> String { "/termine/\(id.uuidString)/absagen" }
    static func appointmentConversation(_ id: UUID) -> String { "/termine/\(id.uuidString)/gespraech" }

    static func workList(_ list: String) -> String { "/arbeitslisten/\(list)" }

    static let organisation = "/organisation"
    static let municipalities = "/organisation/gemeinden"
    static func municipality(_ id: UUID) -> String { "/organisation/gemeinden/\(id.uuidString)" }
    static let leadGroups = "/organisation/leitgemeinden"
    static let newLeadGroup = "/organisation/leitgemeinden/neu"
    static func leadGroup(_ id: UUID) -> String { "/organisation/leitgemeinden/\(id.uuidString)" }
    static let districts = "/organisation/bezirke"

    static let users = "/verwaltung/benutzer"
    static let newUser = "/verwaltung/benutzer/neu"
    static func user(_ id: UUID) -> String { "/verwaltung/benutzer/\(id.uuidString)" }
    static func userLock(_ id: UUID) -> String { "/verwaltung/benutzer/\(id.uuidString)/sperren" }
    static func userUnlock(_ id: UUID) -> String { "/verwaltung/benutzer/\(id.uuidString)/entsperren" }
    static func userPasswordReset(_ id: UUID) -> String { "/verwaltung/benutzer/\(id.uuidString)/passwort" }
    static let auditTrail = "/verwaltung/audit"
}
