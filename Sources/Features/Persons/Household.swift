import Domain
import Fluent
import Foundation
import Persistence
import Platform

/// A household with its members, its task list (what has happened, what is next) and, right after
/// the registration, what happens next.
struct HouseholdModel {
    struct Member {
        let id: UUID
        let name: PersonName
        let birthDate: CalendarDate
        let age: String
        let relationship: String
        let nationality: String
        let status: String
        let targetGroup: String
        let triage: String
    }

    let id: UUID
    let familyNames: String
    let address: String
    let municipality: String
    let members: [Member]
    let tasks: [HouseholdTask]
    let justRegistered: Bool

    static func query(_ household: Household, user: AuthenticatedUser, database db: any Database, areas: AreaRegistry, texts t: Localizer,
                      reference: ReferenceData, today: CalendarDate, justRegistered: Bool) async throws -> HouseholdModel {
        let scope = user.scope
        let persons = try await scope.records(Person.self, on: db).filter(\.$household.$id, equals: household.id!).sort(\.$birthDate).fetch()
        let triages = try await scope.records(TriageDecision.self, on: db).filter(\.$person.$id, in: persons.compactMap(\.id)).fetch()
        let triageByPerson = Dictionary(triages.map { ($0.$person.id, $0.triage) }, uniquingKeysWith: { first, _ in first })
        let municipality = try await MunicipalityNames.names([household.$municipality.id], on: db)[household.$municipality.id]
        let tasks = try await HouseholdTasks.collect(household: household, members: persons, user: user, database: db, areas: areas,
                                                     texts: t, reference: reference, today: today)
        return HouseholdModel(
            id: household.id!, familyNames: GermanCollation.sorted(Array(Set(persons.map(\.familyName))), by: { $0 }).joined(separator: " / "),
            address: household.addressLine, municipality: municipality ?? "",
            members: persons.map { person in
                Member(id: person.id!, name: person.name, birthDate: person.birthDate,
                       age: Format.age(person.birthDate, today: today, texts: t),
                       relationship: person.relationship.map { t.label("relationship", $0) } ?? t("household.firstPerson"),
                       nationality: reference.countries.name(person.nationality),
                       status: ResidenceStatus(permit: person.permit, asylumStatus: person.asylumStatus).map { t.label("status", $0) }
                           ?? person.permit?.rawValue ?? "–",
                       targetGroup: person.targetGroup.map { t.label("targetGroup", $0) } ?? "–",
                       triage: triageByPerson[person.id!].map { t.label("triage", $0) } ?? t("triage.open"))
            },
            tasks: tasks, justRegistered: justRegistered)
    }
}

/// The household's task list, from every area that contributes steps.
enum HouseholdTasks {
    static func collect(household: Household, members: [Person], user: AuthenticatedUser, database db: any Database, areas: AreaRegistry,
                        texts t: Localizer, reference: ReferenceData, today: CalendarDate) async throws -> [HouseholdTask] {
        let request = HouseholdTaskRequest(householdID: household.id!, registeredOn: CalendarDate(household.createdAt ?? Date()),
                                           members: members, user: user, database: db, texts: t, reference: reference, today: today)
        let parts: [@Sendable () async throws -> [HouseholdTask]] = areas.householdTasks.map { source in { try await source.tasks(request) } }
        return try await ReadBatch.together(on: db, parts).flatMap { $0 }
    }
}

struct HouseholdView {
    let model: HouseholdModel

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let taskList = TaskListView(tasks: model.tasks)
        return WebPage(title: t("household.pageTitle")) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.persons))) { t("persons.title") } }
            if model.justRegistered {
                div(.class("panel confirmation"), .id("confirmation")) {
                    h1 { t("household.registeredTitle") }
                    paragraph { t("household.registeredText", ["count": String(model.members.count), "name": model.familyNames]) }
                }
                h2 { t("household.whatNext") }
                paragraph { t("household.whatNextText") }
            } else {
                h1 { t("household.title", ["name": model.familyNames]) }
            }
            paragraph(.class("lead")) { "\(model.address) · \(model.municipality)" }
            taskList.render(t)
            div(.class("table-wrap")) {
                table {
                    caption { t("persons.household") }
                    thead {
                        tr {
                            th(.scope("col")) { t("persons.field.name") }
                            th(.scope("col")) { t("persons.field.birthDate") }
                            th(.scope("col")) { t("persons.field.relationship") }
                            th(.scope("col")) { t("persons.field.nationality") }
                            th(.scope("col")) { t("persons.field.status") }
                            th(.scope("col")) { t("persons.field.targetGroup") }
                            th(.scope("col")) { t("triage.title") }
                        }
                    }
                    tbody {
                        for member in model.members {
                            tr {
                                td { anchor(.href(Link(.person(.value(member.id))))) { member.name.full } }
                                td { "\(member.birthDate.swissFormat) (\(member.age))" }
                                td { member.relationship }
                                td { member.nationality }
                                td { member.status }
                                td { member.targetGroup }
                                td { member.triage }
                            }
                        }
                    }
                }
            }
            if model.justRegistered, c.may(.editPersons) {
                paragraph(.class("no-print")) { anchor(.class("button"), .href(Link(.registration))) { t("household.registerAnother") } }
            }
        }
    }
}
