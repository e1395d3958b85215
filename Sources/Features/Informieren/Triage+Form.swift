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
        let triage = Triage(rawValue: input.triage ?? "")
        if triage == nil { errors.add("triage", t("form.chooseOne")) }
        let reason = FieldCheck.trimmed(input.reason)
        if reason.isEmpty { errors.add("reason", t("triage.reasonRequired")) }
        else if reason.count > 500 { errors.add("reason", t("form.tooLong", ["max": "500"])) }
        let guide = ConversationGuide(rawValue: input.guide ?? "")
        if guide == nil { errors.add("guide", t("form.chooseOne")) }
        let status = FolderStatus(rawValue: input.folderStatus ?? "")
        if status == nil { errors.add("folderStatus", t("form.chooseOne")) }
        var folderDate: CalendarDate?
        var language: FolderLanguage?
        if status?.needsDate == true {
            folderDate = CalendarDate(parsing: FieldCheck.trimmed(input.folderDate))
            if let date = folderDate {
                if date > today { errors.add("folderDate", t("triage.folderDateFuture")) }
            } else {
                errors.add("folderDate", t("form.dateInvalid"))
            }
            language = FolderLanguage(rawValue: input.folderLanguage ?? "")
            if language == nil { errors.add("folderLanguage", t("form.chooseOne")) }
        }
        guard errors.isEmpty, let triage, let guide, let status else { return .invalid(errors) }
        return .valid(TriageValues(triage: triage, reason: reason, guide: guide, folderStatus: status, folderDate: folderDate,
                                   folderLanguage: language))
    }
}
