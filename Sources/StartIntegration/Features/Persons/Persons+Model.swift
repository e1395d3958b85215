import Fluent
import Vapor

/// The person list: one page of the user's persons, by name.
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

    static let pageSize = 50

    static func build(_ req: Request, page: Int) async throws -> PersonList {
        let scope = try req.scope()
        let total = try await scope.persons(on: req.db).count()
        let persons = try await scope.persons(on: req.db)
            .sort(\.$familyName).sort(\.$givenName).sort(\.$birthDate)
            .range(((page - 1) * pageSize)..<(page * pageSize)).all()
        let names = try await StartPage.municipalityNames(scope.municipalityIDs, on: req.db)
        let countries = req.application.countries
        let pageCount = max(1, (total + pageSize - 1) / pageSize)
        return PersonList(
            rows: persons.map { person in
                Row(href: Paths.person(person.id!), name: "\(person.familyName), \(person.givenName)",
                    birthDate: CalendarDate(parsing: person.birthDate)?.swissFormat ?? person.birthDate,
                    nationality: countries.name(person.nationality), permit: person.permit ?? "–",
                    municipality: names[person.$municipality.id] ?? "")
            },
            page: page, pageCount: pageCount, total: total,
            previousHref: page > 1 ? "\(Paths.persons)?seite=\(page - 1)" : nil,
            nextHref: page < pageCount ? "\(Paths.persons)?seite=\(page + 1)" : nil)
    }
}

/// The person page: the personal data sheet and the household.
struct PersonDetail: Encodable {
    struct Field: Encodable { let label: String; let value: String }
    struct Member: Encodable { let href: String; let name: String; let age: String; let isSelf: Bool }

    let id: String
    let name: String
    let fields: [Field]
    let address: String
    let members: [Member]
    let contactHref: String?

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
        let fields: [Field] = [
            .init(label: texts.text("persons.field.familyName"), value: person.familyName),
            .init(label: texts.text("persons.field.givenName"), value: person.givenName),
            .init(label: texts.text("persons.field.sex"), value: texts.text("sex.\(person.sex)")),
            .init(label: texts.text("persons.field.birthDate"), value: "\(date(person.birthDate)) (\(age(person.birthDate)))"),
            .init(label: texts.text("persons.field.nationality"), value: req.application.countries.name(person.nationality)),
            .init(label: texts.text("persons.field.motherTongue"), value: person.motherTongue ?? "–"),
            .init(label: texts.text("persons.field.germanLevel"), value: person.germanLevel.map { texts.text("german.\($0)") } ?? "–"),
            .init(label: texts.text("persons.field.entryDate"), value: date(person.entryDate)),
            .init(label: texts.text("persons.field.moveInDate"), value: date(person.moveInDate)),
            .init(label: texts.text("persons.field.permit"), value: person.permit ?? "–"),
            .init(label: texts.text("persons.field.targetGroup"), value: person.targetGroup.map { texts.text("targetGroup.\($0)") } ?? "–"),
            .init(label: texts.text("persons.field.socialAssistance"), value: texts.text(person.socialAssistance ? "common.yes" : "common.no")),
            .init(label: texts.text("persons.field.phone"), value: person.phone ?? "–"),
            .init(label: texts.text("persons.field.email"), value: person.email ?? "–"),
            .init(label: texts.text("persons.field.focusNote"), value: person.focusNote ?? "–"),
            .init(label: texts.text("persons.field.municipality"), value: municipality.name),
        ]
        return PersonDetail(
            id: person.id!.uuidString, name: "\(person.givenName) \(person.familyName)", fields: fields,
            address: "\(household.street), \(household.postalCode) \(household.place)",
            members: members.map { Member(href: Paths.person($0.id!), name: "\($0.givenName) \($0.familyName)",
                                          age: age($0.birthDate), isSelf: $0.id == person.id) },
            contactHref: user.has(.editPersons) ? Paths.personContact(person.id!) : nil)
    }
}
