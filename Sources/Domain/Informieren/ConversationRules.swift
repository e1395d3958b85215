/// Rules of the first-information conversation (seed 003: single or group, same mother tongue,
/// at most 3–4 persons; keep the signature page, the rest only with consent).
public enum ConversationFormat: String, CaseIterable, Codable, Sendable { case single, group }

public enum Triage: String, CaseIterable, Codable, Sendable {
    /// Welcome folder only.
    case written
    /// A first-information conversation.
    case oral
}

public enum ConversationGuide: String, CaseIterable, Codable, Sendable {
    case standard
    case socialAssistance = "social_assistance"

    /// Persons on social assistance get the social-assistance variant of the guide.
    public static func proposed(socialAssistance: Bool) -> ConversationGuide { socialAssistance ? .socialAssistance : .standard }
}

public enum ConversationTopic: String, CaseIterable, Codable, Sendable {
    case rightsAndDuties = "rights_and_duties"
    case lifeInMunicipality = "life_in_municipality"
    case learningGerman = "learning_german"
    case educationAndWork = "education_and_work"
    case childrenAndYouth = "children_and_youth"
}

/// What happens next (Verbleib).
public enum NextStep: String, CaseIterable, Codable, Sendable {
    case referredToOffers = "referred_to_offers"
    case followUpConversation = "follow_up_conversation"
    case noFurtherNeed = "no_further_need"
    case newAppointment = "new_appointment"
    case writtenInformation = "written_information"
}

/// Which part of the conversation guide the municipality keeps.
public enum DocumentConsent: String, CaseIterable, Codable, Sendable {
    case signaturePageOnly = "signature_page_only"
    case wholeGuide = "whole_guide"
}

public enum ContactChannel: String, CaseIterable, Codable, Sendable {
    case counter, phone, message, event
    case thirdParty = "third_party"
}

public enum GroupRules {
    public static let maximumPersons = 4

    public enum Concern: String, Equatable, Sendable {
        case tooManyPersons = "too_many_persons"
        case mixedMotherTongues = "mixed_mother_tongues"
    }

    /// Concerns the planner must confirm before a group is planned as it is.
    public static func concerns(motherTongues: [String?]) -> [Concern] {
        var found: [Concern] = []
        if motherTongues.count > maximumPersons { found.append(.tooManyPersons) }
        if Set(motherTongues.compactMap { $0 }).count > 1 { found.append(.mixedMotherTongues) }
        return found
    }
}

public enum GermanLevel: String, CaseIterable, Codable, Sendable {
    case none, a1 = "A1", a2 = "A2", b1 = "B1", b2 = "B2", c1 = "C1", c2 = "C2"
}

public enum Sex: String, CaseIterable, Codable, Sendable { case female, male, other }
