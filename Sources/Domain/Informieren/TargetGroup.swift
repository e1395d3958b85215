/// The residence permit (Ausländerausweis). Raw values are the codes on the card.
public enum ResidencePermit: String, CaseIterable, Codable, Sendable {
    case b = "B", c = "C", l = "L", f = "F", n = "N", s = "S", g = "G", ci = "Ci", other = "other"
}

/// Status from the asylum procedure, where there is one; it decides between refugee and
/// provisionally admitted for permits B, C and F.
public enum AsylumStatus: String, CaseIterable, Codable, Sendable {
    case none
    case recognisedRefugee = "recognised_refugee"
    case provisionallyAdmitted = "provisionally_admitted"
}

/// The programme's target groups (persons with a probable long-term right to stay) and the rest.
public enum TargetGroup: String, CaseIterable, Codable, Sendable {
    case euEfta = "eu_efta"
    case thirdCountry = "third_country"
    case recognisedRefugee = "recognised_refugee"
    case provisionallyAdmitted = "provisionally_admitted"
    case programmeS = "programme_s"
    case outOfScope = "out_of_scope"

    public var isInScope: Bool { self != .outOfScope }
    /// Programme S has its own rates (KRS-GEF-2024/03).
    public var countsForProgrammeS: Bool { self == .programmeS }
}

/// Why a target group was derived; shown beside it.
public enum TargetGroupReason: String, CaseIterable, Codable, Sendable {
    case swissCitizen = "swiss_citizen"
    case crossBorderCommuter = "cross_border_commuter"
    case asylumSeeker = "asylum_seeker"
    case shortStay = "short_stay"
    case internationalOrganisation = "international_organisation"
    case permitMissing = "permit_missing"
    case otherPermit = "other_permit"
    case protectionStatusS = "protection_status_s"
    case provisionalAdmission = "provisional_admission"
    case refugeeStatus = "refugee_status"
    case euEftaNational = "eu_efta_national"
    case thirdCountryNational = "third_country_national"
}

public struct TargetGroupDecision: Equatable, Sendable {
    public let group: TargetGroup
    public let reason: TargetGroupReason
}

/// Derives the target group from nationality, permit and asylum status (DOMAIN.md "Who is in scope").
public enum TargetGroupRules {
    /// EU member states and the EFTA states other than Switzerland (ISO 3166 alpha-2).
    public static let euEftaStates: Set<String> = [
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU",
        "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "IS", "LI", "NO",
    ]

    public static func derive(nationality: String, permit: ResidencePermit?, asylumStatus: AsylumStatus) -> TargetGroupDecision {
        let country = nationality.uppercased()
        if country == "CH" { return .init(group: .outOfScope, reason: .swissCitizen) }
        guard let permit else { return .init(group: .outOfScope, reason: .permitMissing) }
        switch permit {
        case .g: return .init(group: .outOfScope, reason: .crossBorderCommuter)
        case .n: return .init(group: .outOfScope, reason: .asylumSeeker)
        case .l: return .init(group: .outOfScope, reason: .shortStay)
        case .ci: return .init(group: .outOfScope, reason: .internationalOrganisation)
        case .other: return .init(group: .outOfScope, reason: .otherPermit)
        case .s: return .init(group: .programmeS, reason: .protectionStatusS)
        case .f:
            return asylumStatus == .recognisedRefugee
                ? .init(group: .recognisedRefugee, reason: .refugeeStatus)
                : .init(group: .provisionallyAdmitted, reason: .provisionalAdmission)
        case .b, .c:
            switch asylumStatus {
            case .recognisedRefugee: return .init(group: .recognisedRefugee, reason: .refugeeStatus)
            case .provisionallyAdmitted: return .init(group: .provisionallyAdmitted, reason: .provisionalAdmission)
            case .none:
                return euEftaStates.contains(country)
                    ? .init(group: .euEfta, reason: .euEftaNational)
                    : .init(group: .thirdCountry, reason: .thirdCountryNational)
            }
        }
    }
}
