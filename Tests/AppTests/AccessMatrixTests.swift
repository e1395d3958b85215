import Fluent
import XCTVapor
@testable import App
import Domain
import Persistence
@testable import Platform
import SystemAccess

/// Every route × every role: anonymous users go to the login, roles without the permission get 403,
/// and nobody reaches another municipality's persons (404).
final class AccessMatrixTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make() }
    override func tearDown() async throws { try await app.asyncShutdown(); app = nil }

    static let publicRoutes: Set<String> = ["GET /login", "POST /login", "GET /healthz"]
    /// Routes every logged-in user may use; any other route must declare a permission.
    static let loginOnlyRoutes: Set<String> = ["GET /", "POST /logout", "GET /konto/passwort", "POST /konto/passwort",
                                               "GET /konto/entwurf/:draftID"]
    /// Route parameters that name a record of a municipality's persons.
    static let personRecordParameters: Set<String> = [":personID", ":householdID", ":appointmentID", ":contactID", ":taskID", ":draftID",
                                                       ":goalID", ":measureID", ":conversationID", ":eventID", ":caseID", ":reportID",
                                                       ":questionID", ":structureID", ":offerID"]
    static let users = ["schalter.grenchen", "ib.grenchen", "leitung.grenchen", "ib.derendingen",
                        "ags.fachexpertin", "misa.sachbearbeitung", "admin"]

    func key(_ route: Route) -> String {
        "\(route.method.rawValue) /" + route.path.map { "\($0)" }.joined(separator: "/")
    }

    func testEveryRouteDeclaresWhoMayUseIt() {
        for route in app.routes.all {
            let name = key(route)
            if Self.publicRoutes.contains(name) || Self.loginOnlyRoutes.contains(name) { continue }
            XCTAssertNotNil(route.requiredPermission, "\(name) declares no permission")
        }
    }

    func testEveryRoleOnEveryRoute() async throws {
        let grenchenPerson = try await app.person(named: "Karim", "Al-Rina")
        let derendingenPerson = try await app.person(named: "M.", "Muster")
        let phoneBefore = derendingenPerson.phone
        let municipality = try await Municipality.query(on: app.db).filter(\.$name == "Grenchen").first()!
        let group = try await LeadGroup.query(on: app.db).first()!
        let targetUser = try await User.query(on: app.db).filter(\.$username == "leitung.derendingen").first()!
        let grenchenAppointment = try await makeAppointment(for: grenchenPerson)
        let derendingenAppointment = try await makeAppointment(for: derendingenPerson)
        let grenchenContact = try await makeContact(for: grenchenPerson)
        let derendingenContact = try await makeContact(for: derendingenPerson)
        // Another user's kept form: nobody else ever sees it.
        let draft = FormDraft(userID: try targetUser.requireID(), path: "/anmeldung", body: "street=x", at: Date())
        try await draft.create(on: app.db)
        let grenchenCaseWork = try await makeCaseWork(for: grenchenPerson)
        let derendingenCaseWork = try await makeCaseWork(for: derendingenPerson)
        // An offer nobody but its keeper may change: Grenchen's own for the Derendingen officer, the Derendingen region's for the others.
        let grenchenOffer = try await Offer.query(on: app.db).filter(\.$title == "Sprachtreff Grenchen").first()!
        let regionOffer = try await Offer.query(on: app.db).filter(\.$title == "Deutschkurs für Eltern mit Kinderbetreuung").first()!

        var clients: [String: TestClient] = [:]
        var roles: [String: Role] = [:]
        for username in Self.users {
            let client = TestClient(app)
            let login = try await client.login(username)
            XCTAssertEqual(login.status, .seeOther, username)
            clients[username] = client
            roles[username] = try await User.query(on: app.db).filter(\.$username == username).first()!.role
        }
        let anonymous = TestClient(app)
        try await anonymous.get("/login")

        for route in app.routes.all {
            let name = key(route)
            if Self.publicRoutes.contains(name) { continue }
            // Person records: Grenchen's for the Derendingen officer and Derendingen's for everyone else.
            func path(for username: String) -> String {
                let foreign = username == "ib.derendingen"
                let person = foreign ? grenchenPerson : derendingenPerson
                let appointment = foreign ? grenchenAppointment : derendingenAppointment
                let work = foreign ? grenchenCaseWork : derendingenCaseWork
                return "/" + route.path.map { component -> String in
                    switch component {
                    case .parameter("personID"): person.id!.uuidString
                    case .parameter("householdID"): person.$household.id.uuidString
                    case .parameter("appointmentID"): appointment.id!.uuidString
                    case .parameter("contactID"): (foreign ? grenchenContact : derendingenContact).0.id!.uuidString
                    case .parameter("taskID"): (foreign ? grenchenContact : derendingenContact).1.id!.uuidString
                    case .parameter("draftID"): draft.id!.uuidString
                    case .parameter("municipalityID"): municipality.id!.uuidString
                    case .parameter("groupID"): group.id!.uuidString
                    case .parameter("userID"): targetUser.id!.uuidString
                    case .parameter("kind"): "invitation"
                    case .parameter("language"): "ar"
                    case .parameter("list"): route.path.contains("erinnerungen") ? "massnahmen" : "zu-triagieren"
                    case .parameter("goalID"): work.goal.uuidString
                    case .parameter("measureID"): work.measure.uuidString
                    case .parameter("conversationID"): work.conversation.uuidString
                    case .parameter("eventID"): work.event.uuidString
                    case .parameter("caseID"): work.fordernCase.uuidString
                    case .parameter("reportID"): work.report.uuidString
                    case .parameter("questionID"): work.question.uuidString
                    case .parameter("structureID"): work.structure.uuidString
                    case .parameter("offerID"): (foreign ? grenchenOffer : regionOffer).id!.uuidString
                    case .parameter(let other): "unknown-\(other)"
                    default: "\(component)"
                    }
                }.joined(separator: "/")
            }
            func send(_ client: TestClient, _ path: String) async throws -> TestClient.Page {
                route.method == .GET ? try await client.get(path) : try await client.post(path, ["phone": "079 000 00 00"])
            }

            let anonymousPage = try await send(anonymous, path(for: "anonymous"))
            XCTAssertEqual(anonymousPage.status, .seeOther, "anonymous \(name)")
            XCTAssertEqual(anonymousPage.location?.components(separatedBy: "?").first, "/login", "anonymous \(name)")

            for username in Self.users {
                let client = clients[username]!
                let target = path(for: username)
                let page = try await send(client, target)
                let role = roles[username]!
                if let permission = route.requiredPermission, !role.has(permission) {
                    XCTAssertEqual(page.status, .forbidden, "\(username) \(name)")
                } else if route.path.contains(where: { Self.personRecordParameters.contains("\($0)") }),
                          !(role == .misaOfficer && route.path.first == "misa") {
                    // MISA's own routes name the reports sent to it: those it reaches (the access test is the scope test's).
                    XCTAssertEqual(page.status, .notFound, "\(username) must not reach another municipality's person: \(name)")
                } else {
                    // A POST without its form's fields may also be refused as a bad request; nothing here is about access.
                    let accepted: [HTTPStatus] = route.method == .GET ? [.ok, .seeOther, .unprocessableEntity]
                        : [.ok, .seeOther, .unprocessableEntity, .badRequest, .conflict]
                    XCTAssertTrue(accepted.contains(page.status), "\(username) \(name): \(page.status)")
                }
                if name == "POST /logout" { _ = try await client.login(username) }
            }
        }
        let after = try await app.person(named: "M.", "Muster")
        XCTAssertEqual(after.phone, phoneBefore, "no user outside Derendingen changed the person")
        let value4 = try await app.auditEntries(action: .accessDenied).isEmpty
        XCTAssertFalse(value4)
        let value5 = try await app.auditEntries(action: .recordNotFound).isEmpty
        XCTAssertFalse(value5)
    }

    struct CaseWork {
        let goal: UUID, measure: UUID, conversation: UUID, event: UUID, fordernCase: UUID, report: UUID, question: UUID, structure: UUID
    }

    /// Fördern and Fordern records of the person's municipality: a goal, a measure, a conversation, an
    /// event, a case with a report sent to MISA (with its PDF) and a question on it, a regular structure.
    func makeCaseWork(for person: Person) async throws -> CaseWork {
        let officer = try await User.query(on: app.db).filter(\.$role == .integrationOfficer).first()!
        let municipality = person.$municipality.id
        let day = CalendarDate(year: 2024, month: 10, day: 2)!
        let goal = Goal()
        goal.$person.id = person.id!
        goal.$municipality.id = municipality
        goal.theme = .learningGerman
        goal.text = "Deutsch A2"
        goal.status = .open
        goal.setOn = day
        try await goal.create(on: app.db)
        let measure = Measure()
        measure.$person.id = person.id!
        measure.$municipality.id = municipality
        measure.title = "Kurs"
        measure.responsible = .person
        measure.dueOn = day
        measure.status = .proposed
        try await measure.create(on: app.db)
        let conversation = IntegrationConversation()
        conversation.$municipality.id = municipality
        conversation.heldOn = day
        conversation.place = "Gemeindehaus"
        conversation.need = "Deutsch"
        conversation.interpreterPresent = false
        conversation.leadUserID = officer.id!
        conversation.leadSignature = .signed
        conversation.interpreterSignature = .pending
        conversation.reviewOn = day.addingMonths(6)
        conversation.programmeS = false
        try await conversation.create(on: app.db)
        let participant = IntegrationParticipant()
        participant.$conversation.id = conversation.id!
        participant.$person.id = person.id!
        participant.$municipality.id = municipality
        participant.signature = .signed
        try await participant.create(on: app.db)
        let event = MunicipalEvent()
        event.$municipality.id = municipality
        event.title = "Anlass"
        event.heldOn = day
        event.time = "18:00"
        event.place = "Saal"
        event.movedInFrom = day.addingMonths(-6)
        event.movedInUntil = day
        try await event.create(on: app.db)
        let fordernCase = FordernCase()
        fordernCase.$person.id = person.id!
        fordernCase.$municipality.id = municipality
        fordernCase.triggerSource = .counter
        fordernCase.triggerNote = "Hinweis"
        fordernCase.triggeredOn = day
        fordernCase.refusedCooperation = false
        fordernCase.createdByUserID = officer.id!
        fordernCase.refreshStep()
        try await fordernCase.create(on: app.db)
        let report = DeficitReport()
        report.$fordernCase.id = fordernCase.id!
        report.$municipality.id = municipality
        report.municipalityName = "Gemeinde"
        report.personName = person.name.full
        report.birthDate = person.birthDate
        report.nationality = person.nationality
        report.address = "Strasse 1"
        report.criteriaText = "Sprachkompetenzen"
        report.deficit = "Kein Deutsch"
        report.measures = ""
        report.outcome = ""
        report.conversationOn = day
        report.personSignature = .signed
        report.attachment = Data("%PDF-1.4 test".utf8)
        report.status = .sent
        report.sentOn = day
        try await report.create(on: app.db)
        let question = ReportQuestion()
        question.$report.id = report.id!
        question.$municipality.id = municipality
        question.question = "Seit wann?"
        question.askedOn = day
        question.askedByUserID = officer.id!
        try await question.create(on: app.db)
        let structure = RegularStructure()
        structure.$municipality.id = municipality
        structure.kind = .school
        structure.name = "Schule"
        structure.themes = [.earlyChildhood]
        structure.active = true
        try await structure.create(on: app.db)
        return CaseWork(goal: goal.id!, measure: measure.id!, conversation: conversation.id!, event: event.id!, fordernCase: fordernCase.id!,
                        report: report.id!, question: question.id!, structure: structure.id!)
    }

    /// A contact of the person with an open next step.
    func makeContact(for person: Person) async throws -> (Contact, NextStepTask) {
        let officer = try await User.query(on: app.db).filter(\.$role == .integrationOfficer).first()!
        let contact = Contact()
        contact.$person.id = person.id!
        contact.$municipality.id = person.$municipality.id
        contact.occurredOn = CalendarDate(year: 2024, month: 10, day: 2)!
        contact.channel = .phone
        contact.note = "Anruf"
        contact.$recordedBy.id = officer.id!
        try await contact.create(on: app.db)
        let task = NextStepTask()
        task.$municipality.id = person.$municipality.id
        task.$person.id = person.id!
        task.contactID = contact.id
        task.text = "Rückruf"
        task.dueOn = CalendarDate(year: 2024, month: 10, day: 9)!
        task.$owner.id = officer.id!
        task.createdByUserID = officer.id!
        try await task.create(on: app.db)
        return (contact, task)
    }

    func makeAppointment(for person: Person) async throws -> Appointment {
        let officer = try await User.query(on: app.db).filter(\.$role == .integrationOfficer).first()!
        let appointment = Appointment()
        appointment.$municipality.id = person.$municipality.id
        appointment.kind = .firstInformation
        appointment.date = CalendarDate(year: 2024, month: 9, day: 12)!
        appointment.time = "14:00"
        appointment.place = "Gemeindehaus"
        appointment.format = .single
        appointment.groupConfirmed = false
        appointment.interpreterNeeded = false
        appointment.checklistFolder = false
        appointment.checklistInvitation = false
        appointment.checklistInterpreter = false
        appointment.status = .planned
        appointment.$createdBy.id = officer.id!
        try await appointment.create(on: app.db)
        try await invite(person, to: appointment)
        return appointment
    }

    func invite(_ person: Person, to appointment: Appointment) async throws {
        let participant = AppointmentParticipant()
        participant.$appointment.id = appointment.id!
        participant.$person.id = person.id!
        participant.$municipality.id = person.$municipality.id
        participant.attendance = .expected
        try await participant.create(on: app.db)
    }

    /// An appointment is stored under its first participant's municipality; a person of another municipality
    /// invited to it (a lead group's appointment) still sees it on the timeline and in the household's tasks.
    func testAnAppointmentStoredUnderAnotherMunicipalityStaysWithItsParticipant() async throws {
        let karim = try await app.person(named: "Karim", "Al-Rina")
        let muster = try await app.person(named: "M.", "Muster")
        XCTAssertNotEqual(karim.$municipality.id, muster.$municipality.id)
        let appointment = try await makeAppointment(for: muster)
        appointment.place = "Saal der Nachbargemeinde"
        appointment.date = CalendarDate(year: 2031, month: 3, day: 4)!
        try await appointment.update(on: app.db)
        try await invite(karim, to: appointment)

        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        let page = try await officer.get("/personen/\(karim.id!.uuidString)").body
        XCTAssertTrue(page.contains("Saal der Nachbargemeinde"), "on the timeline and in the tasks")
        XCTAssertTrue(page.contains("14:00, Saal der Nachbargemeinde"), "the household's planned appointment")
        XCTAssertFalse(page.contains("Muster"), "the other municipality's participant stays hidden")
    }

    func testListsShowOnlyTheUnitsPersons() async throws {
        let grenchen = TestClient(app)
        _ = try await grenchen.login("ib.grenchen")
        let grenchenList = try await grenchen.get("/personen").body
        XCTAssertTrue(grenchenList.contains("Al-Rina, Karim"))
        XCTAssertTrue(grenchenList.contains("Ivanova, Marija"))
        XCTAssertFalse(grenchenList.contains("Muster"))
        XCTAssertFalse(grenchenList.contains("Pereira"))

        // The lead group's officer works on all member municipalities, and only on them.
        let derendingen = TestClient(app)
        _ = try await derendingen.login("ib.derendingen")
        let groupList = try await derendingen.get("/personen").body
        for name in ["Muster, M.", "Pereira, Ana", "Kovalenko, Olena"] { XCTAssertTrue(groupList.contains(name), name) }
        XCTAssertFalse(groupList.contains("Al-Rina"))
        XCTAssertFalse(groupList.contains("Ivanova"))

        let start = try await derendingen.get("/").body
        XCTAssertFalse(start.contains("Al-Rina"))
    }

    func testCantonAndMisaSeeNoPersons() async throws {
        for username in ["ags.fachexpertin", "misa.sachbearbeitung", "admin", "leitung.grenchen"] {
            let client = TestClient(app)
            _ = try await client.login(username)
            let value6 = try await client.get("/personen").status
            XCTAssertEqual(value6, .forbidden, username)
            let start = try await client.get("/")
            XCTAssertEqual(start.status, .ok, username)
            XCTAssertFalse(start.body.contains("Al-Rina"), username)
            XCTAssertFalse(start.body.contains("Muster"), username)
        }
    }

    func testCounterClerkCannotOpenAdministration() async throws {
        let clerk = TestClient(app)
        _ = try await clerk.login("schalter.grenchen")
        for path in ["/verwaltung/benutzer", "/verwaltung/benutzer/neu", "/verwaltung/audit", "/organisation"] {
            let page = try await clerk.get(path)
            XCTAssertEqual(page.status, .forbidden, path)
            XCTAssertTrue(page.body.contains("Kein Zugriff"))
        }
    }
}
