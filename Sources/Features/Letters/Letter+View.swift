import Domain
import Foundation
import Persistence
import Platform

struct LetterChooserView {
    let person: Person
    let templates: [LetterTemplate]
    let appointments: [Appointment]

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let id = person.id!
        let proposed = LetterLanguage.forMotherTongue(person.motherTongue) ?? .de
        let kinds = LetterKind.allCases.filter { (!$0.isCaseWork || c.may(.workOnCases)) && !$0.isEventLetter }
        return WebPage(title: t("letters.title")) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.person(.value(id))))) { person.name.full } }
            h1 { t("letters.title") }
            paragraph { t("letters.intro") }
            form(.methodGet, .action(Link(.personLetterView(.value(id)))), .class("form")) {
                selectField(FieldSpec(id: "art", label: t("letters.kind")),
                            options: kinds.map { SelectOption(value: $0.rawValue, label: t.label("letters.kind", $0), selected: $0 == .invitation) })
                selectField(FieldSpec(id: "sprache", label: t("letters.language"), hint: t("letters.languageHint")),
                            options: LetterLanguage.allCases.map { language in
                                let available = templates.filter { $0.language == language }
                                let status = t(available.contains { $0.reviewStatus == .checked } ? "letters.review.checked" : "letters.review.draft")
                                let count = t("letters.kinds", ["count": String(Set(available.map(\.kind)).count)])
                                return SelectOption(value: language.rawValue, label: "\(language.label) (\(count), \(status))",
                                                    selected: language == proposed)
                            })
                checkboxField(FieldSpec(id: "zweisprachig", label: t("letters.bilingual")), checked: proposed != .de)
                if !appointments.isEmpty {
                    selectField(FieldSpec(id: "termin", label: t("letters.appointment")),
                                options: appointments.map {
                                    SelectOption(value: $0.id!.uuidString, label: "\($0.date.swissFormat) \($0.time), \($0.place)", selected: false)
                                },
                                placeholder: t("letters.nextAppointment"))
                }
                div(.class("actions")) {
                    button(.type(.submit), .class("button primary")) { t("letters.show") }
                    anchor(.class("button"), .href(Link(.person(.value(id))))) { t("form.cancel") }
                }
            }
        }
    }
}

/// The letter as its own A4 document: for the screen (with a toolbar), for printing and for WeasyPrint.
struct LetterDocument {
    struct Toolbar {
        let person: UUID
        let choice: LetterRoutes.Choice
        let csrf: String
        let pdfAvailable: Bool
        let printed: Bool
        /// Where the officer came from: the appointment, or the person's letters.
        let back: Link
    }

    let title: String
    let sheets: [LetterSheet]
    let toolbar: Toolbar?

    func render(_ t: Localizer) -> Node {
        html(.lang("de")) {
            head {
                meta(.charset("utf-8"))
                meta(Attribute("name", "viewport"), .content("width=device-width, initial-scale=1"))
                Node.element("title", [], [.text("\(title) – start.integration")])
                if toolbar != nil { linkElement(.rel("stylesheet"), .href(.asset("css/letter.css"))) }
            }
            body(.when(toolbar != nil && !sheets.flatMap(\.gaps).isEmpty, .class("has-gaps"))) {
                if let toolbar { toolbarNode(toolbar, t) }
                mainElement {
                    for sheet in sheets { sheetNode(sheet, t) }
                }
            }
        }
    }

    func toolbarNode(_ bar: Toolbar, _ t: Localizer) -> Node {
        let gaps = sheets.flatMap(\.gaps)
        let complete = gaps.isEmpty
        let query = bar.choice.query
        return .fragment([
            nav(.class("letter-toolbar"), .ariaLabel(t("letters.toolbar"))) {
                anchor(.href(bar.back)) { t("common.back") }
                if complete {
                    actionButton(Link(.personLetterPrint(.value(bar.person)), query: query), csrf: bar.csrf, label: t("letters.recordPrint"),
                                 classes: "")
                    if bar.pdfAvailable {
                        actionButton(Link(.personLetterPDF(.value(bar.person)), query: query), csrf: bar.csrf, label: t("letters.pdf"), classes: "")
                    } else {
                        span { t("letters.pdfMissing") }
                    }
                    actionButton(Link(.personLetterDOCX(.value(bar.person)), query: query), csrf: bar.csrf, label: t("letters.docx"), classes: "")
                }
                if bar.printed { span(.role("status")) { t("letters.printed") } } else { span { t("letters.printHint") } }
            },
            complete ? .empty : div(.class("letter-gaps"), .role("alert")) {
                paragraph { strong { t("letters.gapsTitle") } }
                ul {
                    for gap in gaps { li { gap } }
                }
                paragraph(.class("print-only")) { t("letters.gapsNotPrintable") }
            },
            notes(t),
        ])
    }

    /// What the officer should know about this letter: German instead of the chosen language, the lead's letterhead.
    func notes(_ t: Localizer) -> Node {
        let fallbacks = Set(sheets.compactMap(\.fallbackFrom))
        let inherited = Set(sheets.compactMap(\.letterheadOf))
        guard !fallbacks.isEmpty || !inherited.isEmpty else { return .empty }
        return div(.class("letter-notes"), .role("status")) {
            for language in fallbacks.sorted(by: { $0.rawValue < $1.rawValue }) {
                paragraph { t("letters.fallbackGerman", ["language": language.label]) }
            }
            for name in inherited.sorted() { paragraph { t("letters.leadLetterhead", ["name": name]) } }
        }
    }

    func sheetNode(_ sheet: LetterSheet, _ t: Localizer) -> Node {
        article(.class(sheet.isForm ? "sheet form-sheet" : "sheet")) {
            // The header of page 2 and later: the recipient and "Seite n" (letter.css, string-set).
            span(.class("page-label"), .ariaHidden) { t("letters.page") }
            span(.class("running-name"), .ariaHidden) { sheet.isForm ? sheet.texts.first?.rows.first { !$0.value.isEmpty }?.value ?? "" : sheet.recipient }
            header(.class("letterhead")) {
                if let logo = sheet.logo { img(.class("logo"), .src(logo), .alt(t("letters.logo"))) }
                div(.class("sender")) {
                    for line in sheet.senderLines { paragraph { line } }
                    if !sheet.contact.isEmpty { paragraph(.class("contact")) { sheet.contact } }
                }
            }
            if !sheet.isForm {
                div(.class("address")) {
                    for line in sheet.addressLines { paragraph { line } }
                }
                paragraph(.class("place-date")) { sheet.placeDate }
            }
            for text in sheet.texts {
                section(.class("letter-text"), .lang(text.language.rawValue), .dir(text.language.isRightToLeft ? "rtl" : "ltr")) {
                    if !text.subject.isEmpty { h1(.class("subject")) { text.subject } }
                    if !text.salutation.isEmpty { paragraph { text.salutation } }
                    for paragraphText in text.paragraphs { paragraph { paragraphText } }
                    if !text.rows.isEmpty {
                        table(.class("form-rows")) {
                            tbody {
                                for row in text.rows {
                                    tr {
                                        th(.scope("row")) { row.label }
                                        td {
                                            if row.value.isEmpty { span(.class("write-line")) { "" } } else { row.value }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    if !text.closing.isEmpty { paragraph(.class("closing")) { text.closing } }
                    formFoot(text)
                }
            }
            if !sheet.isForm {
                div(.class("signature")) {
                    for line in sheet.signature { paragraph { line } }
                }
            }
        }
    }

    /// A form's foot: what the signature confirms, place and date, one line per signature.
    func formFoot(_ text: ComposedText) -> Node {
        guard text.confirmation != nil || text.placeDateLabel != nil || !text.signatureLabels.isEmpty else { return .empty }
        return div(.class("form-foot")) {
            if let confirmation = text.confirmation { paragraph(.class("confirmation")) { confirmation } }
            div(.class("sign-lines")) {
                if let placeDate = text.placeDateLabel {
                    div(.class("sign-line")) { span(.class("sign-label")) { placeDate } }
                }
                for label in text.signatureLabels {
                    div(.class("sign-line")) { span(.class("sign-label")) { label } }
                }
            }
        }
    }
}
