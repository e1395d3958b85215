import Fluent
import Vapor

/// The person list: one page of the user's persons by name, or the results of a search.
struct PersonList: Encodable {
    struct Row: Encodable {
        let href: String
        let name: String
        let birthDate: String
        let nationality: String
        let permit: String
        let municipality: String
    }
    let rows: [Row]
    let page: Int
    let pageCount: Int
    let total: Int
    let previousHref: String?
    let nextHref: String?
    let isSearch: Bool
    let search: [String: String]
    let errors: FieldMessages
    let canRegister: Bool

    static let pageSize = 50

    static func build(_ req: Request, page: Int, search: PersonSearch.Input? = nil, errors: FieldMessages = FieldMessages()) async throws -> PersonList {
        let scope = try req.scope()
        let total = try await scope.persons(on: req.db).count()
        let persons = try await scope.persons(on: req.db)
            .sort(\.$familyName).sort(\.$givenName).sort(\.$birthDate)
            .range(((page - 1) * pageSize)..<(page * pageSize)).all()
        let pageCount = max(1, (total + pageSize - 1) / pageSize)
        return try await make(req, persons: persons, page: page, pageCount: pageCount, total: total,
                              previousHref: page > 1 ? "\(Paths.persons)?seite=\(page - 1)" : nil,
                              nextHref: page < pageCount ? "\(Paths.persons)?seite=\(page + 1)" : nil,
                              isSearch: search != nil, input: search, errors: errors)
    }

    static func build(_ req: Request, criteria: PersonSearch.Criteria, input: PersonSearch.Input) async throws -> PersonList {
        let persons = try await PersonSearch.run(criteria, scope: try req.scope(), on: req.db)
        return try await make(req, persons: persons, page: 1, pageCount: 1, total: persons.count, previousHref: nil, nextHref: nil,
                              isSearch: true, input: input, errors: FieldMessages())
    }

    private static func make(_ req: Request, persons: [Person], page: Int, pageCount: Int, total: Int, previousHref: String?,
                             nextHref: String?, isSearch: Bool, input: PersonSearch.Input?, errors: FieldMessages) async throws -> PersonList {
        let user = try req.requireUser()
        let names = try await StartPage.municipalityNames(user.scope.municipalityIDs, on: req.db)
        let countries = req.application.countries
        return PersonList(
            rows: persons.map { person in
                Row(href: Paths.person(person.id!), name: "\(person.familyName), \(person.givenName)",
                    birthDate: CalendarDate(parsing: person.birthDate)?.swissFormat ?? person.birthDate,
                    nationality: countries.name(person.nationality), permit: person.permit ?? "–",
                    municipality: names[person.$municipality.id] ?? "")
            },
            page: page, pageCount: pageCount, total: total, previousHref: previousHref, nextHref: nextHref,
            isSearch: isSearch, search: ["name": input?.name ?? "", "birthDate": input?.birthDate ?? ""], errors: errors,
            canRegister: user.has(.editPersons))
    }
}

/// The person page: the personal data sheet, the household and the timeline of everything recorded.
struct PersonDetail: Encodable {
    struct Field: Encodable { let label: String; let value: String }
    struct Member: Encodable { let href: String; let name: String; let age: String; let isSelf: Bool }
    struct Action: Encodable { let label: String; let href: String }

    let id: String
    let name: String
    let fields: [Field]
    let address: String
    let householdHref: String
    let municipality: String
    let members: [Member]
    let timeline: [TimelineEntry]
    let actions: [Action]
    let sheetHref: String

    static func build(_ person: Person, req: Request) async throws -> PersonDetail {
        let texts = req.texts
        let user = try req.requireUser()
        let today = CalendarDate(req.now)
        let members = try await user.scope.persons(on: req.db).filter(\.$household.$id == person.$household.id)
            .sort(\.$birthDate).all()
        guard let household = try await user.scope.households(on: req.db).filter(\.$id == person.$household.id).first(),
              let municipality = try await Municipality.find(person.$municipality.id, on: req.db) else { throw Abort(.notFound) }
        func date(_ text: String?) -> String { text.flatMap(CalendarDate.init(parsing:))?.swissFormat ?? "–" }
        func age(_ text: String) -> String {
            CalendarDate(parsing: text).map { texts.text("persons.age", ["years": String($0.years(until: today))]) } ?? ""
        }
        let languages = req.application.languages
        var targetGroup = person.targetGroup.map { texts.text("targetGroup.\($0)") } ?? "–"
        if let reason = person.targetGroupOverrideReason {
            targetGroup += " (\(texts.text("persons.overridden")): \(reason))"
        } else if let asylum = AsylumStatus(rawValue: person.asylumStatus ?? "none") {
            let decision = TargetGroupRules.derive(nationality: person.nationality, permit: person.permit.flatMap(ResidencePermit.init(rawValue:)), asylumStatus: asylum)
            targetGroup += " – \(texts.text("targetGroup.reason.\(decision.reason.rawValue)"))"
        }
        let fields: [Field] = [
            .init(label: texts.text("persons.field.familyName"), value: person.familyName),
            .init(label: texts.text("persons.field.givenName"), value: person.givenName),
            .init(label: texts.text("persons.field.sex"), value: texts.text("sex.\(person.sex)")),
            .init(label: texts.text("persons.field.birthDate"), value: "\(date(person.birthDate)) (\(age(person.birthDate)))"),
            .init(label: texts.text("persons.field.nationality"), value: req.application.countries.name(person.nationality)),
            .init(label: texts.text("persons.field.motherTongue"), value: person.motherTongue.map(languages.name) ?? "–"),
            .init(label: texts.text("persons.field.otherLanguages"),
                  value: person.otherLanguages.map { $0.split(separator: ",").map { languages.name(String($0)) }.joined(separator: ", ") } ?? "–"),
            .init(label: texts.text("persons.field.germanLevel"), value: person.germanLevel.map { texts.text("german.\($0)") } ?? "–"),
            .init(label: texts.text("persons.field.entryDate"), value: date(person.entryDate)),
            .init(label: texts.text("persons.field.moveInDate"), value: date(person.moveInDate)),
            .init(label: texts.text("persons.field.permit"), value: person.permit.map { texts.text("permit.\($0)") } ?? "–"),
            .init(label: texts.text("persons.field.asylumStatus"), value: texts.text("asylum.\(person.asylumStatus ?? "none")")),
            .init(label: texts.text("persons.field.targetGroup"), value: targetGroup),
            .init(label: texts.text("persons.field.socialAssistance"), value: texts.text(person.socialAssistance ? "common.yes" : "common.no")),
            .init(label: texts.text("persons.field.phone"), value: person.phone ?? "–"),
            .init(label: texts.text("persons.field.email"), value: person.email ?? "–"),
            .init(label: texts.text("persons.field.focusNote"), value: person.focusNote ?? "–"),
        ]
        let id = person.id!
        var actions: [Action] = []
        if user.has(.editPersons) {
            actions.append(.init(label: texts.text("persons.action.edit"), href: Paths.personEdit(id)))
            actions.append(.init(label: texts.text("persons.action.triage"), href: Paths.personTriage(id)))
            actions.append(.init(label: texts.text("persons.action.contact"), href: Paths.personNewContact(id)))
            actions.append(.init(label: texts.text("persons.action.letter"), href: Paths.personLetters(id)))
        }
        if user.has(.workOnCases) {
            actions.append(.init(label: texts.text("persons.action.plan"), href: Paths.newAppointment(household: household.id!)))
        }
        return PersonDetail(
            id: id.uuidString, name: "\(person.givenName) \(person.familyName)", fields: fields,
            address: "\(household.street), \(household.postalCode) \(household.place)",
            householdHref: Paths.household(household.id!), municipality: municipality.name,
            members: members.map { Member(href: Paths.person($0.id!), name: "\($0.givenName) \($0.familyName)",
                                          age: age($0.birthDate), isSelf: $0.id == person.id) },
            timeline: try await PersonTimeline.build(for: person, req: req),
            actions: actions, sheetHref: Paths.personSheet(id))
    }
}

/// A household with its members and their state in the first-information process.
struct HouseholdView: Encodable {
    struct Member: Encodable {
        let href: String; let name: String; let birthDate: String; let age: String
        let nationality: String; let permit: String; let targetGroup: String; let triage: String
    }
    let title: String
    let address: String
    let municipality: String
    let members: [Member]
    let planHref: String?
    let triageHref: String?

    static func build(_ household: Household, req: Request) async throws -> HouseholdView {
        let user = try req.requireUser()
        let texts = req.texts
        let today = CalendarDate(req.now)
        let persons = try await user.scope.persons(on: req.db).filter(\.$household.$id == household.id!).sort(\.$birthDate).all()
        let triages = try await user.scope.query(TriageDecision.self, on: req.db).filter(\.$person.$id ~~ persons.compactMap(\.id)).all()
        let triageByPerson = Dictionary(triages.map { ($0.$person.id, $0) }, uniquingKeysWith: { first, _ in first })
        let municipality = try await Municipality.find(household.$municipality.id, on: req.db)
        let family = Set(persons.map(\.familyName)).sorted().joined(separator: " / ")
        return HouseholdView(
            title: texts.text("household.title", ["name": family]),
            address: "\(household.street), \(household.postalCode) \(household.place)",
            municipality: municipality?.name ?? "",
            members: persons.map { person in
                let birth = CalendarDate(parsing: person.birthDate)
                return Member(href: Paths.person(person.id!), name: "\(person.givenName) \(person.familyName)",
                              birthDate: birth?.swissFormat ?? person.birthDate,
                              age: birth.map { texts.text("persons.age", ["years": String($0.years(until: today))]) } ?? "",
                              nationality: req.application.countries.name(person.nationality), permit: person.permit ?? "–",
                              targetGroup: person.targetGroup.map { texts.text("targetGroup.\($0)") } ?? "–",
                              triage: triageByPerson[person.id!].map { texts.text("triage.\($0.triage.rawValue)") } ?? texts.text("triage.open"))
            },
            planHref: user.has(.workOnCases) ? Paths.newAppointment(household: household.id!) : nil,
            triageHref: user.has(.editPersons) ? persons.first.map { Paths.personTriage($0.id!) } : nil)
    }
}
