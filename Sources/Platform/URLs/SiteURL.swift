import Domain
import Foundation
import Vapor

/// A route parameter: `.key` where a route is registered, `.value(x)` where a link is made.
package enum Parameter<Value: Sendable>: Sendable {
    case key
    case value(Value)
}

/// Every URL of the application, declared once. Routes are registered from `pathComponents`,
/// links, redirects and form actions are made from `path` (through `Link`); a renamed path cannot
/// leave a dead link, and a test checks that every declared URL is registered and nothing else is.
/// The URLs are the app's public surface, so any page may link to any other without importing it.
package enum SiteURL: Sendable {
    case start
    case health
    case login
    case logout
    case changePassword
    case formDraft(Parameter<UUID>)

    // The programme's areas.
    case informieren
    case dokumente

    // Persons and households.
    case registration
    case persons
    case personSearch
    case person(Parameter<UUID>)
    case personEdit(Parameter<UUID>)
    case personSheet(Parameter<UUID>)
    case household(Parameter<UUID>)

    // Informieren.
    case personTriage(Parameter<UUID>)
    case personNewContact(Parameter<UUID>)
    case newAppointment
    case appointment(Parameter<UUID>)
    case appointmentEdit(Parameter<UUID>)
    case appointmentCancel(Parameter<UUID>)
    case appointmentConversation(Parameter<UUID>)
    case appointmentSignature(Parameter<UUID>)
    case contactEdit(Parameter<UUID>)
    case contactDelete(Parameter<UUID>)
    case nextStepDone(Parameter<UUID>)
    case workList(Parameter<String>)

    // Letters.
    case personLetters(Parameter<UUID>)
    case personLetterView(Parameter<UUID>)
    case personLetterPrint(Parameter<UUID>)
    case personLetterPDF(Parameter<UUID>)
    case personLetterDOCX(Parameter<UUID>)
    case letterBatch
    case letterTemplates
    case letterTemplate(kind: Parameter<String>, language: Parameter<String>)
    case letterhead

    // Fördern.
    case foerdern
    case offers
    case newOffer
    case offer(Parameter<UUID>)
    case offerArchive(Parameter<UUID>)
    case regularStructures
    case newRegularStructure
    case regularStructure(Parameter<UUID>)
    case personPromotion(Parameter<UUID>)
    case personAssessment(Parameter<UUID>)
    case personNewGoal(Parameter<UUID>)
    case goalStatus(Parameter<UUID>)
    case personNewMeasure(Parameter<UUID>)
    case measure(Parameter<UUID>)
    case newIntegrationConversation
    case integrationConversation(Parameter<UUID>)
    case integrationConversationSignatures(Parameter<UUID>)
    case integrationConversationReview(Parameter<UUID>)
    case events
    case newEvent
    case event(Parameter<UUID>)
    case eventAttendance(Parameter<UUID>)

    // Fordern and MISA.
    case fordern
    case reminders(Parameter<String>)
    case newCase
    case fordernCase(Parameter<UUID>)
    case casePrecheck(Parameter<UUID>)
    case caseSummons(Parameter<UUID>)
    case caseReview(Parameter<UUID>)
    case caseRefusal(Parameter<UUID>)
    case caseReport(Parameter<UUID>)
    case reportForm(Parameter<UUID>)
    case reportAnswer(Parameter<UUID>)
    case reportDecisionSeen(Parameter<UUID>)
    case misaInbox
    case misaReport(Parameter<UUID>)
    case misaReportForm(Parameter<UUID>)
    case misaAcknowledge(Parameter<UUID>)
    case misaQuestion(Parameter<UUID>)
    case misaDecision(Parameter<UUID>)

    // Organisation.
    case organisation
    case municipalities
    case newMunicipality
    case municipality(Parameter<UUID>)
    case leadGroups
    case newLeadGroup
    case leadGroup(Parameter<UUID>)
    case districts

    // Administration.
    case users
    case newUser
    case user(Parameter<UUID>)
    case userLock(Parameter<UUID>)
    case userUnlock(Parameter<UUID>)
    case userPasswordReset(Parameter<UUID>)
    case auditTrail
    case auditVerify
    case loginThrottles
    case liftLoginThrottle

    /// Every declared URL, with its parameters as keys: what the route table must contain.
    package static let all: [SiteURL] = [
        .start, .health, .login, .logout, .changePassword, .formDraft(.key),
        .informieren, .dokumente,
        .registration, .persons, .personSearch, .person(.key), .personEdit(.key), .personSheet(.key), .household(.key),
        .personTriage(.key), .personNewContact(.key), .newAppointment, .appointment(.key), .appointmentEdit(.key),
        .appointmentCancel(.key), .appointmentConversation(.key), .appointmentSignature(.key), .contactEdit(.key),
        .contactDelete(.key), .nextStepDone(.key), .workList(.key),
        .personLetters(.key), .personLetterView(.key), .personLetterPrint(.key), .personLetterPDF(.key),
        .personLetterDOCX(.key), .letterBatch, .letterTemplates, .letterTemplate(kind: .key, language: .key), .letterhead,
        .foerdern, .offers, .newOffer, .offer(.key), .offerArchive(.key), .regularStructures, .newRegularStructure,
        .regularStructure(.key), .personPromotion(.key), .personAssessment(.key), .personNewGoal(.key), .goalStatus(.key),
        .personNewMeasure(.key), .measure(.key), .newIntegrationConversation, .integrationConversation(.key),
        .integrationConversationSignatures(.key), .integrationConversationReview(.key), .events, .newEvent, .event(.key),
        .eventAttendance(.key),
        .fordern, .reminders(.key), .newCase, .fordernCase(.key), .casePrecheck(.key), .caseSummons(.key), .caseReview(.key),
        .caseRefusal(.key), .caseReport(.key), .reportForm(.key), .reportAnswer(.key), .reportDecisionSeen(.key), .misaInbox, .misaReport(.key),
        .misaReportForm(.key), .misaAcknowledge(.key), .misaQuestion(.key), .misaDecision(.key),
        .organisation, .municipalities, .newMunicipality, .municipality(.key), .leadGroups, .newLeadGroup, .leadGroup(.key),
        .districts,
        .users, .newUser, .user(.key), .userLock(.key), .userUnlock(.key), .userPasswordReset(.key), .auditTrail, .auditVerify,
        .loginThrottles, .liftLoginThrottle,
    ]

    enum Segment {
        case constant(String)
        case parameter(name: String, value: String?)
    }

    private static func id(_ name: String, _ parameter: Parameter<UUID>) -> Segment {
        switch parameter {
        case .key: .parameter(name: name, value: nil)
        case .value(let id): .parameter(name: name, value: id.text)
        }
    }

    private static func text(_ name: String, _ parameter: Parameter<String>) -> Segment {
        switch parameter {
        case .key: .parameter(name: name, value: nil)
        case .value(let text): .parameter(name: name, value: text)
        }
    }

    var segments: [Segment] {
        typealias S = Segment
        func c(_ parts: String...) -> [S] { parts.map { .constant($0) } }
        switch self {
        case .start: return []
        case .health: return c("healthz")
        case .login: return c("login")
        case .logout: return c("logout")
        case .changePassword: return c("konto", "passwort")
        case .formDraft(let p): return c("konto", "entwurf") + [Self.id("draftID", p)]
        case .informieren: return c("informieren")
        case .dokumente: return c("dokumente")
        case .registration: return c("anmeldung")
        case .persons: return c("personen")
        case .personSearch: return c("personen", "suche")
        case .person(let p): return c("personen") + [Self.id("personID", p)]
        case .personEdit(let p): return c("personen") + [Self.id("personID", p)] + c("bearbeiten")
        case .personSheet(let p): return c("personen") + [Self.id("personID", p)] + c("personalienblatt")
        case .household(let p): return c("haushalte") + [Self.id("householdID", p)]
        case .personTriage(let p): return c("personen") + [Self.id("personID", p)] + c("triage")
        case .personNewContact(let p): return c("personen") + [Self.id("personID", p)] + c("kontakte", "neu")
        case .newAppointment: return c("termine", "neu")
        case .appointment(let p): return c("termine") + [Self.id("appointmentID", p)]
        case .appointmentEdit(let p): return c("termine") + [Self.id("appointmentID", p)] + c("bearbeiten")
        case .appointmentCancel(let p): return c("termine") + [Self.id("appointmentID", p)] + c("absagen")
        case .appointmentConversation(let p): return c("termine") + [Self.id("appointmentID", p)] + c("gespraech")
        case .appointmentSignature(let p): return c("termine") + [Self.id("appointmentID", p)] + c("unterschrift")
        case .contactEdit(let p): return c("kontakte") + [Self.id("contactID", p)] + c("bearbeiten")
        case .contactDelete(let p): return c("kontakte") + [Self.id("contactID", p)] + c("loeschen")
        case .nextStepDone(let p): return c("naechste-schritte") + [Self.id("taskID", p)] + c("erledigt")
        case .workList(let p): return c("arbeitslisten") + [Self.text("list", p)]
        case .personLetters(let p): return c("personen") + [Self.id("personID", p)] + c("briefe")
        case .personLetterView(let p): return c("personen") + [Self.id("personID", p)] + c("briefe", "ansicht")
        case .personLetterPrint(let p): return c("personen") + [Self.id("personID", p)] + c("briefe", "drucken")
        case .personLetterPDF(let p): return c("personen") + [Self.id("personID", p)] + c("briefe", "pdf")
        case .personLetterDOCX(let p): return c("personen") + [Self.id("personID", p)] + c("briefe", "docx")
        case .letterBatch: return c("briefe", "serie")
        case .letterTemplates: return c("briefvorlagen")
        case .letterTemplate(let kind, let language):
            return c("briefvorlagen") + [Self.text("kind", kind), Self.text("language", language)]
        case .letterhead: return c("briefkopf")
        case .foerdern: return c("foerdern")
        case .offers: return c("foerdern", "angebote")
        case .newOffer: return c("foerdern", "angebote", "neu")
        case .offer(let p): return c("foerdern", "angebote") + [Self.id("offerID", p)]
        case .offerArchive(let p): return c("foerdern", "angebote") + [Self.id("offerID", p)] + c("archivieren")
        case .regularStructures: return c("foerdern", "regelstrukturen")
        case .newRegularStructure: return c("foerdern", "regelstrukturen", "neu")
        case .regularStructure(let p): return c("foerdern", "regelstrukturen") + [Self.id("structureID", p)]
        case .personPromotion(let p): return c("personen") + [Self.id("personID", p)] + c("foerdern")
        case .personAssessment(let p): return c("personen") + [Self.id("personID", p)] + c("standortbestimmung")
        case .personNewGoal(let p): return c("personen") + [Self.id("personID", p)] + c("ziele", "neu")
        case .goalStatus(let p): return c("ziele") + [Self.id("goalID", p)] + c("stand")
        case .personNewMeasure(let p): return c("personen") + [Self.id("personID", p)] + c("massnahmen", "neu")
        case .measure(let p): return c("massnahmen") + [Self.id("measureID", p)]
        case .newIntegrationConversation: return c("integrationsgespraeche", "neu")
        case .integrationConversation(let p): return c("integrationsgespraeche") + [Self.id("conversationID", p)]
        case .integrationConversationSignatures(let p):
            return c("integrationsgespraeche") + [Self.id("conversationID", p)] + c("unterschriften")
        case .integrationConversationReview(let p): return c("integrationsgespraeche") + [Self.id("conversationID", p)] + c("ueberpruefung")
        case .events: return c("foerdern", "anlaesse")
        case .newEvent: return c("foerdern", "anlaesse", "neu")
        case .event(let p): return c("foerdern", "anlaesse") + [Self.id("eventID", p)]
        case .eventAttendance(let p): return c("foerdern", "anlaesse") + [Self.id("eventID", p)] + c("teilnahme")
        case .fordern: return c("fordern")
        case .reminders(let p): return c("fordern", "erinnerungen") + [Self.text("list", p)]
        case .newCase: return c("fordern", "faelle", "neu")
        case .fordernCase(let p): return c("fordern", "faelle") + [Self.id("caseID", p)]
        case .casePrecheck(let p): return c("fordern", "faelle") + [Self.id("caseID", p)] + c("vorpruefung")
        case .caseSummons(let p): return c("fordern", "faelle") + [Self.id("caseID", p)] + c("vorladung")
        case .caseReview(let p): return c("fordern", "faelle") + [Self.id("caseID", p)] + c("ueberpruefung")
        case .caseRefusal(let p): return c("fordern", "faelle") + [Self.id("caseID", p)] + c("verweigerung")
        case .caseReport(let p): return c("fordern", "faelle") + [Self.id("caseID", p)] + c("meldung")
        case .reportForm(let p): return c("fordern", "meldungen") + [Self.id("reportID", p)] + c("formular.pdf")
        case .reportAnswer(let p): return c("fordern", "rueckfragen") + [Self.id("questionID", p)] + c("antwort")
        case .reportDecisionSeen(let p): return c("fordern", "meldungen") + [Self.id("reportID", p)] + c("kenntnisnahme")
        case .misaInbox: return c("misa")
        case .misaReport(let p): return c("misa", "meldungen") + [Self.id("reportID", p)]
        case .misaReportForm(let p): return c("misa", "meldungen") + [Self.id("reportID", p)] + c("formular.pdf")
        case .misaAcknowledge(let p): return c("misa", "meldungen") + [Self.id("reportID", p)] + c("eingang")
        case .misaQuestion(let p): return c("misa", "meldungen") + [Self.id("reportID", p)] + c("rueckfrage")
        case .misaDecision(let p): return c("misa", "meldungen") + [Self.id("reportID", p)] + c("entscheid")
        case .organisation: return c("organisation")
        case .municipalities: return c("organisation", "gemeinden")
        case .newMunicipality: return c("organisation", "gemeinden", "neu")
        case .municipality(let p): return c("organisation", "gemeinden") + [Self.id("municipalityID", p)]
        case .leadGroups: return c("organisation", "leitgemeinden")
        case .newLeadGroup: return c("organisation", "leitgemeinden", "neu")
        case .leadGroup(let p): return c("organisation", "leitgemeinden") + [Self.id("groupID", p)]
        case .districts: return c("organisation", "bezirke")
        case .users: return c("verwaltung", "benutzer")
        case .newUser: return c("verwaltung", "benutzer", "neu")
        case .user(let p): return c("verwaltung", "benutzer") + [Self.id("userID", p)]
        case .userLock(let p): return c("verwaltung", "benutzer") + [Self.id("userID", p)] + c("sperren")
        case .userUnlock(let p): return c("verwaltung", "benutzer") + [Self.id("userID", p)] + c("entsperren")
        case .userPasswordReset(let p): return c("verwaltung", "benutzer") + [Self.id("userID", p)] + c("passwort")
        case .auditTrail: return c("verwaltung", "audit")
        case .auditVerify: return c("verwaltung", "audit", "pruefen")
        case .loginThrottles: return c("verwaltung", "anmeldesperren")
        case .liftLoginThrottle: return c("verwaltung", "anmeldesperren", "aufheben")
        }
    }

    /// For registering the route: constants and `:name` parameters.
    package var pathComponents: [PathComponent] {
        segments.map { segment in
            switch segment {
            case .constant(let text): .constant(text)
            case .parameter(let name, _): .parameter(name)
            }
        }
    }

    /// The route pattern as text ("/personen/:personID"), for tests and logs.
    package var pattern: String {
        "/" + segments.map { segment in
            switch segment {
            case .constant(let text): text
            case .parameter(let name, _): ":" + name
            }
        }.joined(separator: "/")
    }

    /// The concrete path of a link; a parameter left as `.key` here is a programming error.
    /// Written segment by segment (a list page makes a few dozen links).
    package var path: String {
        var path = ""
        for segment in segments {
            path += "/"
            switch segment {
            case .constant(let text): path += text
            case .parameter(let name, let value):
                guard let value else { preconditionFailure("SiteURL \(pattern): no value for \(name)") }
                path += Link.encode(value)
            }
        }
        return path.isEmpty ? "/" : path
    }

    /// The constant part before the first parameter ("/personen" for a person's page).
    var constantPrefix: String {
        var prefix = ""
        for segment in segments {
            guard case .constant(let text) = segment else { break }
            prefix += "/" + text
        }
        return prefix.isEmpty ? "/" : prefix
    }

    /// Whether a request path lies at or under this URL's constant part (for the navigation's current item).
    package func contains(path requestPath: String) -> Bool {
        let own = constantPrefix
        return own == "/" ? requestPath == "/" : (requestPath == own || requestPath.hasPrefix(own + "/"))
    }
}

extension RoutesBuilder {
    @discardableResult
    package func get(_ url: SiteURL, use handler: @escaping @Sendable (Request) async throws -> Response) -> Route {
        on(.GET, url.pathComponents, use: handler)
    }

    @discardableResult
    package func post(_ url: SiteURL, body: HTTPBodyStreamStrategy = .collect,
                      use handler: @escaping @Sendable (Request) async throws -> Response) -> Route {
        on(.POST, url.pathComponents, body: body, use: handler)
    }
}
