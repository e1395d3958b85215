import Domain
import Platform

/// The triage form: written or oral, the reason, the guide, the welcome folder.
struct TriageInput: Decodable, Sendable {
    var triage: String?
    var reason: String?
    var guide: String?
    var folderStatus: String?
    var folderDate: String?
    var folderLanguage: String?
    var wholeHousehold: String?
}

struct TriageValues: Sendable {
    let triage: Triage
    let reason: String
    let guide: ConversationGuide
    let folderStatus: FolderStatus
    let folderDate: CalendarDate?
    let folderLanguage: FolderLanguage?
}

enum TriageForm {
    static func validate(_ input: TriageInput, today: CalendarDate, texts t: Localizer) -> Validated<TriageValues> {
        var errors = FieldMessages()
        let triage: Triage? = errors.choice("triage", input.triage, texts: t)
        let reason = errors.text("reason", input.reason, max: 500, texts: t)
        if reason.isEmpty { errors.add("reason", t("triage.reasonRequired")) }
        let guide: ConversationGuide? = errors.choice("guide", input.guide, texts: t)
        let status: FolderStatus? = errors.choice("folderStatus", input.folderStatus, texts: t)
        var folderDate: CalendarDate?
        var language: FolderLanguage?
        if status?.needsDate == true {
            folderDate = errors.date("folderDate", input.folderDate, required: true, range: .happened(today: today),
                                    laterKey: "triage.folderDateFuture", texts: t)
            language = errors.choice("folderLanguage", input.folderLanguage, texts: t)
        }
        guard errors.isEmpty, let triage, let guide, let status else { return .invalid(errors) }
        return .valid(TriageValues(triage: triage, reason: reason, guide: guide, folderStatus: status, folderDate: folderDate,
                                   folderLanguage: language))
    }
}
