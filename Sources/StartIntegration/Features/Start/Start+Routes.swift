import Fluent
import Vapor

/// The start page: the user's unit and role, and the work lists of their role.
enum StartFeature {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(use: show)
    }

    static func show(_ req: Request) async throws -> Response {
        let model = try await StartPage.build(for: req)
        return try await req.renderPage("Start/start", title: req.texts.text("start.title"), body: model)
    }
}

/// What the start page shows; built per role.
struct StartPage: Encodable {
    struct PersonRow: Encodable {
        let href: String
        let name: String
        let birthDate: String
        let municipality: String
        let moveInDate: String
    }
    struct Figure: Encodable {
        let label: String
        let value: String
    }

    let greeting: String
    let unitName: String
    let roleLabel: String
    let municipalities: [String]
    let figures: [Figure]
    /// Recent arrivals (moved in during the last 90 days) for counter and integration officer.
    let recentArrivals: [PersonRow]?
    let showsPersons: Bool
    let workLists: [WorkListLink]
    let canRegister: Bool

    struct WorkListLink: Encodable {
        let label: String
        let href: String
        let count: Int
    }

    static func build(for req: Request) async throws -> StartPage {
        let user = try req.requireUser()
        let texts = req.texts
        let names = try await municipalityNames(user.scope.municipalityIDs, on: req.db)
        var figures: [Figure] = []
        var arrivals: [PersonRow]?
        if user.has(.viewPersons) {
            let since = CalendarDate(req.now.addingTimeInterval(-90 * 86400)).description
            let persons = try await user.scope.persons(on: req.db)
                .filter(\.$moveInDate >= since).sort(\.$moveInDate, .descending).limit(20).all()
            arrivals = persons.map { person in
                PersonRow(href: Paths.person(person.id!), name: "\(person.familyName), \(person.givenName)",
                          birthDate: CalendarDate(parsing: person.birthDate)?.swissFormat ?? person.birthDate,
                          municipality: names[person.$municipality.id] ?? "",
                          moveInDate: person.moveInDate.flatMap(CalendarDate.init(parsing:))?.swissFormat ?? "")
            }
            let total = try await user.scope.persons(on: req.db).count()
            figures.append(Figure(label: texts.text("start.figure.persons"), value: String(total)))
            if !persons.isEmpty {
                try await req.audit(.personListed, recordType: "person", detail: "Startseite: \(persons.count) Neuzuzüger")
            }
        }
        if user.has(.viewCantonFigures) {
            let all = try await Municipality.query(on: req.db).filter(\.$active == true).all()
            figures.append(Figure(label: texts.text("start.figure.participating"),
                                  value: "\(all.filter(\.participates).count) / \(all.count)"))
            let districts = try await District.query(on: req.db).filter(\.$expert.$id == user.userID).sort(\.$name).all()
            figures.append(Figure(label: texts.text("start.figure.expertDistricts"),
                                  value: districts.isEmpty ? "–" : districts.map(\.name).joined(separator: ", ")))
        }
        if user.has(.manageUsers) {
            let users = try await User.query(on: req.db).all()
            figures.append(Figure(label: texts.text("start.figure.users"), value: String(users.count)))
            figures.append(Figure(label: texts.text("start.figure.lockedUsers"), value: String(users.filter(\.locked).count)))
        }
        if user.has(.viewAuditTrail), let head = try await AuditHead.find(1, on: req.db) {
            figures.append(Figure(label: texts.text("start.figure.auditEntries"), value: String(head.sequence)))
        }
        let workLists = user.has(.viewPersons) ? try await WorkLists.counts(scope: user.scope, user: user, on: req.db).map {
            WorkListLink(label: texts.text("worklist.\($0.0.key)"), href: Paths.workList($0.0.rawValue), count: $0.1)
        } : []
        return StartPage(greeting: texts.text("start.greeting", ["name": user.displayName]),
                         unitName: user.unitName, roleLabel: texts.text("role.\(user.role.rawValue)"),
                         municipalities: names.values.sorted(), figures: figures, recentArrivals: arrivals,
                         showsPersons: user.has(.viewPersons), workLists: workLists, canRegister: user.has(.editPersons))
    }

    static func municipalityNames(_ ids: [UUID], on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await Municipality.query(on: db).filter(\.$id ~~ ids).all()
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.id!, $0.name) })
    }
}
