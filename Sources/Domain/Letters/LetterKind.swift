/// The documents the software generates. Raw values name the folders in Resources/Letters.
public enum LetterKind: String, CaseIterable, Codable, Sendable {
    case welcome
    case invitation
    case summons
    case interpreterOrder = "interpreter_order"
    case personalDataSheet = "personal_data_sheet"
    case integrationConversationForm = "integration_conversation_form"
    case misaReport = "misa_report"

    /// Forms show labelled fields instead of a letter body.
    public var isForm: Bool { [.personalDataSheet, .integrationConversationForm, .misaReport].contains(self) }
    /// Letters about a date need an appointment.
    public var needsAppointment: Bool { [.invitation, .summons, .interpreterOrder].contains(self) }
    /// Documents of the officer's work (Fordern, interpreters, MISA); the counter makes the others.
    public var isCaseWork: Bool { [.summons, .interpreterOrder, .integrationConversationForm, .misaReport].contains(self) }

    /// The kinds offered in the many languages; the others in the four national/working languages.
    public var isMultilingual: Bool { self == .welcome || self == .invitation }
}

/// The letter languages: the four of the canton's documents and the translated ones.
public enum LetterLanguage: String, CaseIterable, Codable, Sendable {
    case de, fr, it, en, ar, fa, ti, ta, uk, ru, tr, sq, pt, es, bs, so

    public var isRightToLeft: Bool { self == .ar || self == .fa }

    /// Locale for writing dates out (with Latin digits, as the appointment must be readable to the office too).
    public var localeIdentifier: String {
        switch self {
        case .de: "de_CH"
        case .fr: "fr_CH"
        case .it: "it_CH"
        case .en: "en_GB"
        case .ar: "ar@numbers=latn"
        case .fa: "fa@numbers=latn"
        case .ti: "ti_ER"
        case .ta: "ta_IN@numbers=latn"
        case .uk: "uk_UA"
        case .ru: "ru_RU"
        case .tr: "tr_TR"
        case .sq: "sq_AL"
        case .pt: "pt_PT"
        case .es: "es_ES"
        case .bs: "bs_BA"
        case .so: "so_SO"
        }
    }

    /// The letter language for a mother tongue (ISO 639-3); nil when there is no letter in it.
    public static func forMotherTongue(_ code: String?) -> LetterLanguage? {
        switch code {
        case "deu", "gsw": .de
        case "fra": .fr
        case "ita": .it
        case "eng": .en
        case "ara", "arb", "apc", "ary", "arz": .ar
        case "fas", "pes", "prs": .fa
        case "tir": .ti
        case "tam": .ta
        case "ukr": .uk
        case "rus": .ru
        case "tur": .tr
        case "sqi", "aln", "als": .sq
        case "por": .pt
        case "spa": .es
        case "bos", "hrv", "srp", "hbs", "cnr": .bs
        case "som": .so
        default: nil
        }
    }
}

/// How a letter was made: recorded on the timeline.
public enum LetterFormat: String, CaseIterable, Codable, Sendable {
    case print
    case pdf
    case docx
    case batchPDF = "pdf-serie"
}

/// The canton's review of a master text.
public enum ReviewStatus: String, CaseIterable, Codable, Sendable {
    case draft, checked
}
