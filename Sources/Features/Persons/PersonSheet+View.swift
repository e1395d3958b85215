import Domain
import Platform

/// The personal data sheet to print: the fields, the household, place, date and signature.
struct PersonSheetView {
    let model: PersonDetailModel

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        return WebPage(title: t("persons.sheetHeading")) {
            div(.class("print-sheet")) {
                paragraph(.class("no-print")) {
                    anchor(.href(Link(.person(.value(model.id))))) { t("common.back") }
                    " · \(t("persons.printHint"))"
                }
                h1 { t("persons.sheetHeading") }
                paragraph(.class("muted")) { "\(model.municipality) · \(t("persons.sheetProgramme"))" }
                table(.class("sheet-table")) {
                    caption(.class("visually-hidden")) { t("persons.sheet") }
                    tbody {
                        for field in model.fields {
                            tr {
                                th(.scope("row")) { field.label }
                                td { field.value }
                            }
                        }
                        tr {
                            th(.scope("row")) { t("persons.field.address") }
                            td { model.address }
                        }
                    }
                }
                h2 { t("persons.household") }
                ul {
                    for member in model.members { li { "\(member.name.full) (\(member.age))" } }
                }
                div(.class("signature-lines")) {
                    paragraph { "\(t("persons.sheetPlaceDate")) ______________________________" }
                    paragraph { "\(t("persons.sheetSignature")) ______________________________" }
                }
            }
        }
    }
}
