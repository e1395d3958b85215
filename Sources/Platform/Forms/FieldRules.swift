import Domain

/// The one way every form reads typed text and dates: trimmed, within its length, without control or
/// direction characters, dates within a plausible range. A problem becomes the field's message.
extension FieldMessages {
    /// The cleaned text ("" when empty and optional).
    package mutating func text(_ field: String, _ value: String?, max: Int, required: Bool = false, multiline: Bool = false,
                               texts t: Localizer) -> String {
        let text = TextRules.normalisedLineBreaks(FieldCheck.trimmed(value))
        if text.isEmpty {
            if required { add(field, t("form.required")) }
        } else if text.count > max {
            add(field, t("form.tooLong", ["max": String(max)]))
        } else if TextRules.forbiddenCharacter(in: text, multiline: multiline) != nil {
            add(field, t(multiline ? "form.controlCharactersMultiline" : "form.controlCharacters"))
        }
        return text
    }

    /// The cleaned text, or nil when empty.
    package mutating func optionalText(_ field: String, _ value: String?, max: Int, multiline: Bool = false,
                                       texts t: Localizer) -> String? {
        let cleaned = text(field, value, max: max, multiline: multiline, texts: t)
        return cleaned.isEmpty ? nil : cleaned
    }

    /// A date in the range; nil when empty, unreadable or outside (with a message, unless empty and optional).
    /// `laterKey` names the message for a date after the range (e.g. "in the future").
    package mutating func date(_ field: String, _ value: String?, required: Bool, range: DateRange, laterKey: String? = nil,
                               texts t: Localizer) -> CalendarDate? {
        let text = FieldCheck.trimmed(value)
        if text.isEmpty {
            if required { add(field, t("form.required")) }
            return nil
        }
        guard text.count <= 10, let date = CalendarDate(parsing: text) else {
            add(field, t("form.dateInvalid"))
            return nil
        }
        guard range.contains(date) else {
            if let laterKey, date > range.latest {
                add(field, t(laterKey))
            } else {
                add(field, t("form.dateOutOfRange", ["from": range.earliest.swissFormat, "to": range.latest.swissFormat]))
            }
            return nil
        }
        return date
    }

    /// A required time of day ("14:30").
    package mutating func time(_ field: String, _ value: String?, texts t: Localizer) -> String {
        let time = FieldCheck.trimmed(value)
        if time.isEmpty { add(field, t("form.required")) } else if !FieldCheck.isTime(time) { add(field, t("appointment.timeInvalid")) }
        return time
    }

    /// A choice of a stored code; nil with a message when it is not one of them.
    package mutating func choice<Code: RawRepresentable>(_ field: String, _ value: String?, required: Bool = true,
                                                        texts t: Localizer) -> Code? where Code.RawValue == String {
        let text = value ?? ""
        if text.isEmpty, !required { return nil }
        guard let code = Code(rawValue: text) else {
            add(field, t("form.chooseOne"))
            return nil
        }
        return code
    }
}
