import Domain
import Fluent
import Foundation
import Persistence
import Platform

extension PersonDetailModel {
    static func query(_ person: Person, user: AuthenticatedUser, database db: any Database, areas: AreaRegistry,
                      texts t: Localizer, reference: ReferenceData, today: CalendarDate) async throws -> PersonDetailModel {
        let scope = user.scope
        let householdID = person.$household.id
        let request = TimelineRequest(person: person, scope: scope, database: db, texts: t, reference: reference, user: user)
        // The household and every area's timeline read independently (on PostgreSQL as one statement).
        var parts: [@Sendable () async throws -> Part] = [
            { .members(try await scope.records(Person.self, on: db).filter(\.$household.$id, equals: householdID).sort(\.$birthDate).fetch()) },
            { .household(try await scope.records(Household.self, on: db).filter(\.$id, equals: householdID).fetchFirst()) },
        ]
        for source in areas.timeline { parts.append { .timeline(try await source.entries(request)) } }
        var members: [Person] = [], found: Household?, timeline: [TimelineEntry] = []
        for part in try await ReadBatch.together(on: db, parts) {
            switch part {
            case .members(let persons): members = persons
            case .household(let household): found = household
            case .timeline(let entries): timeline += entries
            }
        }
        guard let household = found,
              let municipality = try await MunicipalityNames.names([person.$municipality.id], on: db)[person.$municipality.id]
        else { throw AppError.notFound }
        timeline.sort { ($0.date, $0.sortKey) > ($1.date, $1.sortKey) }
        let id = try person.requireID()
        var actions: [Action] = []
        if user.has(.editPersons) { actions.append(Action(label: t("persons.action.edit"), link: Link(.personEdit(.value(id))))) }
        for action in areas.personActions where user.has(action.permission) {
            actions.append(Action(label: t(action.textKey), link: action.link(id, household.id!)))
        }
        let tasks = try await HouseholdTasks.collect(household: household, members: members, user: user, database: db, areas: areas,
                                                     texts: t, reference: reference, today: today)
        return PersonDetailModel(
            id: id, householdID: household.id!, name: person.name, fields: fields(person, texts: t, reference: reference, today: today),
            address: household.addressLine, municipality: municipality,
            members: members.map { Member(id: $0.id!, name: $0.name, age: Format.age($0.birthDate, today: today, texts: t), isSelf: $0.id == person.id) },
            actions: actions, timeline: timeline, tasks: tasks)
    }

    /// What one independent read of the page found.
    private enum Part: Sendable {
        case members([Person])
        case household(Household?)
        case timeline([TimelineEntry])
    }

    /// The personal data sheet as label and value.
    static func fields(_ person: Person, texts t: Localizer, reference: ReferenceData, today: CalendarDate) -> [Field] {
        let languages = reference.languages
        var targetGroup = person.targetGroup.map { t.label("targetGroup", $0) } ?? "–"
        if let reason = person.targetGroupOverrideReason {
            targetGroup += " (\(t("persons.overridden")): \(reason))"
        } else {
            targetGroup += " – \(t.label("targetGroup.reason", person.derivedTargetGroup.reason))"
        }
        return [
            Field(label: t("persons.field.familyName"), value: person.familyName),
            Field(label: t("persons.field.givenName"), value: person.givenName),
            Field(label: t("persons.field.sex"), value: t.label("sex", person.sex)),
            Field(label: t("persons.field.birthDate"),
                  value: "\(person.birthDate.swissFormat) (\(Format.age(person.birthDate, today: today, texts: t)))"),
            Field(label: t("persons.field.relationship"), value: person.relationship.map { t.label("relationship", $0) } ?? t("household.firstPerson")),
            Field(label: t("persons.field.nationality"), value: reference.countries.name(person.nationality)),
            Field(label: t("persons.field.motherTongue"), value: person.motherTongue.map(languages.name) ?? "–"),
            Field(label: t("persons.field.otherLanguages"),
                  value: person.otherLanguages.isEmpty ? "–" : person.otherLanguages.map(languages.name).joined(separator: ", ")),
            Field(label: t("persons.field.germanLevel"), value: person.germanLevel.map { t.label("german", $0) } ?? "–"),
            Field(label: t("persons.field.entryDate"), value: Format.date(person.entryDate)),
            Field(label: t("persons.field.moveInDate"), value: Format.date(person.moveInDate)),
            Field(label: t("persons.field.permit"), value: person.permit.map { t.label("permit", $0) } ?? "–"),
            Field(label: t("persons.field.asylumStatus"), value: t.label("asylum", person.asylumStatus ?? .none)),
            Field(label: t("persons.field.targetGroup"), value: targetGroup),
            Field(label: t("persons.field.socialAssistance"), value: t(person.socialAssistance ? "common.yes" : "common.no")),
            Field(label: t("persons.field.phone"), value: Format.value(person.phone)),
            Field(label: t("persons.field.email"), value: Format.value(person.email)),
            Field(label: t("persons.field.focusNote"), value: Format.value(person.focusNote)),
        ]
    }
}
