/// The documents the software generates. Raw values name the folders in Resources/Letters.
public enum LetterKind: String, CaseIterable, Codable, Sendable {
    case welcome
    case invitation
    case summons
    case interpreterOrder = "interpreter_order"
    case personalDataSheet = "personal_data_sheet"
    case integrationConversationForm = "integration_conversation_form"
    case misaReport = "misa_report"
    /// The invitation to a municipal event (the newcomers' event), made as a batch for its guests.
    case eventInvitation = "event_invitation"

    /// Forms show labelled fields instead of a letter body.
    public var isForm: Bool { [.personalDataSheet, .integrationConversationForm, .misaReport].contains(self) }
    /// Letters about a date need an appointment.
    public var needsAppointment: Bool { [.invitation, .summons, .interpreterOrder, .eventInvitation].contains(self) }
    /// Made for the guests of an event (its date and place), from the event's page, not for one person.
    public var isEventLetter: Bool { self == .eventInvitation }
    /// Documents of the officer's work (Fordern, interpreters, MISA); the counter makes the others.
    public var isCaseWork: Bool { [.summons, .interpreterOrder, .integrationConversationForm, .misaReport].contains(self) }

    /// The kinds offered in the many languages; the others in the four national/working languages.
    public var isMultilingual: Bool { self == .welcome || self == .invitation }
}

/// The letter languages: the four of the canton's documents and the 30 of the welcome folder.
public enum LetterLanguage: String, CaseIterable, Codable, Sendable {
    case de, fr, it, en, ar, fa, ti, ta, uk, ru, tr, sq, pt, es, bs, so
    case prs, ps, kmr, am, zh, vi, th, bo, ro, pl, hu, bg, mk, ur

    public var isRightToLeft: Bool { [.ar, .fa, .prs, .ps, .ur].contains(self) }

    /// The language's name in German, shown beside its own name ("Persisch – فارسی").
    public var germanName: String {
        switch self {
        case .de: "Deutsch"
        case .fr: "Französisch"
        case .it: "Italienisch"
        case .en: "Englisch"
        case .ar: "Arabisch"
        case .fa: "Persisch"
        case .ti: "Tigrinya"
        case .ta: "Tamil"
        case .uk: "Ukrainisch"
        case .ru: "Russisch"
        case .tr: "Türkisch"
        case .sq: "Albanisch"
        case .pt: "Portugiesisch"
        case .es: "Spanisch"
        case .bs: "Bosnisch/Kroatisch/Serbisch"
        case .so: "Somali"
        case .prs: "Dari"
        case .ps: "Paschtu"
        case .kmr: "Kurdisch (Kurmandschi)"
        case .am: "Amharisch"
        case .zh: "Chinesisch"
        case .vi: "Vietnamesisch"
        case .th: "Thai"
        case .bo: "Tibetisch"
        case .ro: "Rumänisch"
        case .pl: "Polnisch"
        case .hu: "Ungarisch"
        case .bg: "Bulgarisch"
        case .mk: "Mazedonisch"
        case .ur: "Urdu"
        }
    }

    /// The language's own name, as the welcome folder writes it.
    public var nativeName: String {
        switch self {
        case .de: "Deutsch"
        case .fr: "Français"
        case .it: "Italiano"
        case .en: "English"
        case .ar: "العربية"
        case .fa: "فارسی"
        case .ti: "ትግርኛ"
        case .ta: "தமிழ்"
        case .uk: "Українська"
        case .ru: "Русский"
        case .tr: "Türkçe"
        case .sq: "Shqip"
        case .pt: "Português"
        case .es: "Español"
        case .bs: "Bosanski/Hrvatski/Srpski"
        case .so: "Soomaali"
        case .prs: "دری"
        case .ps: "پښتو"
        case .kmr: "Kurmancî"
        case .am: "አማርኛ"
        case .zh: "中文"
        case .vi: "Tiếng Việt"
        case .th: "ไทย"
        case .bo: "བོད་ཡིག"
        case .ro: "Română"
        case .pl: "Polski"
        case .hu: "Magyar"
        case .bg: "Български"
        case .mk: "Македонски"
        case .ur: "اردو"
        }
    }

    /// "Persisch – فارسی": the German name for the office, the own name for the person.
    public var label: String { self == .de ? germanName : "\(germanName) – \(nativeName)" }

    /// How the language joins two salutations: the Arabic comma in right-to-left scripts, the
    /// ideographic comma in Chinese, else a comma.
    public var listSeparator: String {
        if isRightToLeft { return "، " }
        return self == .zh ? "，" : ", "
    }

    /// Whether a salutation that continues a sentence starts in lower case ("…, sehr geehrter Herr").
    public var casesSalutation: Bool {
        ![.ar, .fa, .prs, .ps, .ur, .zh, .th, .bo, .am, .ti, .ta].contains(self)
    }

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
        case .prs: "fa_AF@numbers=latn"
        case .ps: "ps_AF@numbers=latn"
        case .kmr: "ku_TR"
        case .am: "am_ET"
        case .zh: "zh_CN"
        case .vi: "vi_VN"
        case .th: "th_TH@numbers=latn"
        case .bo: "bo_CN"
        case .ro: "ro_RO"
        case .pl: "pl_PL"
        case .hu: "hu_HU"
        case .bg: "bg_BG"
        case .mk: "mk_MK"
        case .ur: "ur_PK@numbers=latn"
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
        case "fas", "pes": .fa
        case "prs": .prs
        case "pus", "pbt", "pbu", "pst": .ps
        case "kmr", "kur": .kmr
        case "amh": .am
        case "zho", "cmn", "yue": .zh
        case "vie": .vi
        case "tha": .th
        case "bod": .bo
        case "ron": .ro
        case "pol": .pl
        case "hun": .hu
        case "bul": .bg
        case "mkd": .mk
        case "urd": .ur
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
