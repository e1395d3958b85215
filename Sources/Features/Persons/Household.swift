import Domain
import Fluent
import Foundation
import Persistence
import Platform

/// A household with its members and their state in first information.
struct HouseholdModel {
    struct Member {
        let id: UUID
        let name: PersonName
        let birthDate: CalendarDate
        let age: String
        let nationality: String
        let permit: String
        let targetGroup: String
        let triage: String
    }

    let id: UUID
    let familyNames: String
    let address: String
    let municipality: String
    let members: [Member]
    let mayTriage: Bool
    let mayPlan: Bool

    static func query(_ household: Household, user: AuthenticatedUser, database db: any Database, texts t: Localizer,
                      reference: ReferenceData, today: CalendarDate) async throws -> HouseholdModel {
        let scope = user.scope
        let persons = try await scope.persons(on: db).filter(\.$household.$id == household.id!).sort(\.$birthDate).all()
        let triages = try await scope.query(TriageDecision.self, on: db).filter(\.$person.$id ~~ persons.compactMap(\.id)).all()
        let triageByPerson = Dictionary(triages.map { ($0.$person.id, $0.triage) }, uniquingKeysWith: { first, _ in first })
        let municipality = try await Municipality.find(household.$municipality.id, on: db)
        return HouseholdModel(
            id: household.id!, familyNames: Set(persons.map(\.familyName)).sorted().joined(separator: " / "),
            address: household.addressLine, municipality: municipality?.name ?? "",
            members: persons.map { person in
                Member(id: person.id!, name: person.name, birthDate: person.birthDate,
                       age: Format.age(person.birthDate, today: today, texts: t),
                       nationality: reference.countries.name(person.nationality), permit: person.permit?.rawValue ?? "–",
                       targetGroup: person.targetGroup.map { t.label("targetGroup", $0) } ?? "–",
                       triage: triageByPerson[person.id!].map { t.label("triage", $0) } ?? t("triage.open"))
            },
            mayTriage: user.has(.editPersons), mayPlan: user.has(.workOnCases))
    }
}

struct HouseholdView {
    let model: HouseholdModel

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        return WebPage(title: t("household.pageTitle")) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.persons))) { t("persons.title") } }
            h1 { t("household.title", ["name": model.familyNames]) }
            paragraph(.class("lead")) { "\(model.address) · \(model.municipality)" }
            ul(.class("action-bar no-print")) {
                if model.mayTriage, let first = model.members.first {
                    li { anchor(.class("button"), .href(Link(.personTriage(.value(first.id))))) { t("persons.action.triage") } }
                }
                if model.mayPlan {
                    li {
                        anchor(.class("button"), .href(Link(.newAppointment, query: [("haushalt", model.id.uuidString)]))) {
                            t("persons.action.plan")
                        }
                    }
                }
            }
            div(.class("table-wrap")) {
                table {
                    caption(.class("visually-hidden")) { t("persons.household") }
                    thead {
                        tr {
                            th(.scope("col")) { t("persons.field.name") }
                            th(.scope("col")) { t("persons.field.birthDate") }
                            th(.scope("col")) { t("persons.field.nationality") }
                            th(.scope("col")) { t("persons.field.permit") }
                            th(.scope("col")) { t("persons.field.targetGroup") }
                            th(.scope("col")) { t("triage.title") }
                        }
                    }
                    tbody {
                        for member in model.members {
                            tr {
                                td { anchor(.href(Link(.person(.value(member.id))))) { member.name.full } }
                                td { "\(member.birthDate.swissFormat) (\(member.age))" }
                                td { member.nationality }
                                td { member.permit }
                                td { member.targetGroup }
                                td { member.triage }
                            }
                        }
                    }
                }
            }
        }
    }
}
