import Domain
import Foundation
import Persistence

/// Measures as a table, on the promotion page and on a case.
package struct MeasureTable {
    package struct Row: Sendable {
        let id: UUID
        let title: String
        let responsible: String
        let dueOn: CalendarDate
        let status: MeasureStatus
        let overdue: Bool
        let costNote: String?

        /// A measure as a row: who carries it out (the structure's name where a structure does), overdue while open past its date.
        package init(_ measure: Measure, structureName: String? = nil, today: CalendarDate, texts t: Localizer) {
            id = measure.id!
            title = measure.title
            responsible = measure.responsible == .regularStructure ? structureName ?? t.label("measure.responsible", measure.responsible)
                : t.label("measure.responsible", measure.responsible)
            dueOn = measure.dueOn
            status = measure.status
            overdue = measure.status.isOpen && measure.dueOn < today
            costNote = measure.costNote
        }
    }

    let rows: [Row]

    package init(rows: [Row]) { self.rows = rows }

    package func render(_ t: Localizer) -> Node {
        if rows.isEmpty { return paragraph(.class("empty")) { t("measures.none") } }
        return div(.class("table-wrap")) {
            table {
                caption(.class("visually-hidden")) { t("measures.title") }
                thead {
                    tr {
                        th(.scope("col")) { t("measures.measure") }
                        th(.scope("col")) { t("measures.responsible") }
                        th(.scope("col")) { t("measures.dueOn") }
                        th(.scope("col")) { t("measures.status") }
                    }
                }
                tbody {
                    for row in rows {
                        tr {
                            th(.scope("row")) {
                                anchor(.href(Link(.measure(.value(row.id))))) { row.title }
                                if let cost = row.costNote { paragraph(.class("muted")) { cost } }
                            }
                            td { row.responsible }
                            td {
                                row.dueOn.swissFormat
                                if row.overdue { " "; strong(.class("tag tag-missed")) { t("measures.overdue") } }
                            }
                            td { t.label("measure.status", row.status) }
                        }
                    }
                }
            }
        }
    }
}

