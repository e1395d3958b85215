/// Fördern and Fordern: the programme's themes, offers, assessments, goals, measures, the Fordern
/// process and MISA's decisions. Raw values are stored: never rename them.

/// The eight themes of individual promotion (the Derendingen example; seed 003).
public enum IntegrationTheme: String, CaseIterable, Codable, Sendable {
    case learningGerman = "learning_german"
    case earlyChildhood = "early_childhood"
    case educationAndWork = "education_and_work"
    case livingTogether = "living_together"
    case health
    case finances
    case leisure = "leisure_and_social_integration"
    case rightsAndDuties = "rights_and_duties"
}

/// Who an offer is for (seed 003 «Schwerpunkte und Beispiele», DOMAIN.md).
public enum OfferAudience: String, CaseIterable, Codable, Sendable {
    case preSchoolChildren = "pre_school_children"
    case schoolChildren = "school_children"
    case youngPeopleOutsideSchool = "young_people_outside_school"
    case adults
    case personsWithoutWork = "persons_without_work"
    case parents
    case women
    case statusS = "status_s"
    case everyone
}

/// Who keeps an offer and who sees it: the canton's for every municipality, a lead group's for its
/// members, a municipality's for itself.
public enum OfferLevel: String, CaseIterable, Codable, Sendable {
    case canton, region, municipality
}

/// A regular structure of the municipality (Regelstruktur).
public enum StructureKind: String, CaseIterable, Codable, Sendable {
    case school
    case kindergarten
    case socialRegion = "social_region"
    case employer
    case club
    case health
    case counselling
    case other
}

/// The starting position per theme (Standortbestimmung).
public enum ThemeStatus: String, CaseIterable, Codable, Sendable {
    case notAssessed = "not_assessed"
    case noNeed = "no_need"
    case someNeed = "some_need"
    case clearNeed = "clear_need"
}

public enum GoalStatus: String, CaseIterable, Codable, Sendable {
    case open, achieved, dropped
}

/// A measure's way: proposed → registered → attending → completed, or dropped out / refused.
public enum MeasureStatus: String, CaseIterable, Codable, Sendable {
    case proposed, registered, attending, completed
    case droppedOut = "dropped_out"
    case refused

    /// Still under way: counts as overdue when its due date has passed.
    public var isOpen: Bool { [.proposed, .registered, .attending].contains(self) }
}

/// Who carries a measure out.
public enum MeasureResponsible: String, CaseIterable, Codable, Sendable {
    case person
    case officer
    case regularStructure = "regular_structure"
}

/// A signature on the integration-conversation form: given (with its date), refused, or still missing.
public enum SignatureState: String, CaseIterable, Codable, Sendable {
    case pending, signed, refused
}

/// The four integration criteria (AIG Art. 58a).
public enum IntegrationCriterion: String, CaseIterable, Codable, Sendable {
    case publicSecurity = "public_security"
    case constitutionalValues = "constitutional_values"
    case languageSkills = "language_skills"
    case economicParticipation = "economic_participation"
}

/// What set a Fordern case off.
public enum TriggerSource: String, CaseIterable, Codable, Sendable {
    case school
    case regularStructure = "regular_structure"
    case counter
    case officer
    case socialServices = "social_services"
    case other
}

/// Integration conversation midi (shorter, municipality) or maxi (with summons and minutes).
public enum ConversationType: String, CaseIterable, Codable, Sendable {
    case midi, maxi
}

public enum ReviewOutcome: String, CaseIterable, Codable, Sendable {
    case fulfilled
    case partly
    case notFulfilled = "not_fulfilled"
}

/// The report's way at MISA.
public enum ReportStatus: String, CaseIterable, Codable, Sendable {
    case draft, sent, acknowledged, decided
}

/// What MISA decided on a deficit report.
public enum MisaDecision: String, CaseIterable, Codable, Sendable {
    case integrationAgreement = "integration_agreement"
    case integrationRecommendation = "integration_recommendation"
    case warning
    case noMeasure = "no_measure"
    case other
}

/// The steps of the Fordern process (seed 003: pre-check, prepare, agree, forward; review after the agreed period).
public enum FordernStep: String, CaseIterable, Codable, Sendable {
    case trigger
    case precheck
    case summons
    case conversation
    case review
    case report
    case closed
}

/// Where a case stands and what is due next, from its facts.
public struct FordernProgress: Sendable, Equatable {
    public struct Facts: Sendable {
        public var prechecked: Bool
        public var conversationType: ConversationType?
        public var summonsMade: Bool
        public var conversationHeld: Bool
        public var reviewOn: CalendarDate?
        public var reviewOutcome: ReviewOutcome?
        public var refusedCooperation: Bool
        public var reportSent: Bool
        public var closed: Bool

        public init(prechecked: Bool, conversationType: ConversationType?, summonsMade: Bool, conversationHeld: Bool,
                    reviewOn: CalendarDate?, reviewOutcome: ReviewOutcome?, refusedCooperation: Bool, reportSent: Bool, closed: Bool) {
            self.prechecked = prechecked
            self.conversationType = conversationType
            self.summonsMade = summonsMade
            self.conversationHeld = conversationHeld
            self.reviewOn = reviewOn
            self.reviewOutcome = reviewOutcome
            self.refusedCooperation = refusedCooperation
            self.reportSent = reportSent
            self.closed = closed
        }
    }

    /// The step the case is at (the next one to do).
    public let current: FordernStep
    /// When the next step is due (the review date), if the case waits for a date.
    public let dueOn: CalendarDate?

    public init(_ facts: Facts) {
        if facts.closed { current = .closed; dueOn = nil; return }
        if facts.reportSent { current = .report; dueOn = nil; return }
        if !facts.prechecked { current = .precheck; dueOn = nil; return }
        // A maxi conversation is summoned; a midi is agreed directly.
        if facts.conversationType == .maxi, !facts.summonsMade, !facts.conversationHeld, !facts.refusedCooperation {
            current = .summons; dueOn = nil; return
        }
        if !facts.conversationHeld, !facts.refusedCooperation { current = .conversation; dueOn = nil; return }
        if facts.reviewOutcome == nil, !facts.refusedCooperation { current = .review; dueOn = facts.reviewOn; return }
        // Not fulfilled, partly, or refused: the next step may be the report to MISA.
        current = facts.reviewOutcome == .fulfilled ? .closed : .report
        dueOn = nil
    }
}

/// The rules of the deficit report (Meldeformular an MISA).
public enum ReportRules {
    public enum Problem: String, Sendable, Equatable {
        case noConversation = "no_conversation"
        case noSignatureOrRefusal = "no_signature_or_refusal"
        case noCriterion = "no_criterion"
    }

    /// A report may be sent only on a recorded integration conversation that the person signed or refused to sign.
    public static func problems(conversationRecorded: Bool, personSignature: SignatureState?, criteriaConcerned: Int) -> [Problem] {
        var problems: [Problem] = []
        if !conversationRecorded { problems.append(.noConversation) }
        else if personSignature == nil || personSignature == .pending { problems.append(.noSignatureOrRefusal) }
        if criteriaConcerned == 0 { problems.append(.noCriterion) }
        return problems
    }
}
