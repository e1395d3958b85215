import Fluent
import Foundation
import XCTVapor
@testable import App
import Domain
import Persistence
@testable import Platform
import SystemAccess

/// Every page a user can open, with hostile values in every field: nothing becomes markup, and the
/// values come out escaped for their context and isolated in their direction.
final class EscapingTests: XCTestCase {
    static let family = #"x" onfocus="alert(1)"#
    static let given = "A&amp;B\u{202E}"
    static let street = "<script>alert(1)</script> 7"
    static let place = "<img src=x onerror=alert(1)>"

    func testEveryPageEscapesHostileValues() async throws {
        let app = try await TestApp.make()
        let grenchen = try await Municipality.query(on: app.db).filter(\.$name == "Grenchen").first()!
        let officer = try await User.query(on: app.db).filter(\.$username == "ib.grenchen").first()!
        let household = Household(municipalityID: grenchen.id!, street: Self.street, postalCode: "2540", place: "Grenchen")
        try await household.create(on: app.db)
        let person = Person()
        person.$household.id = household.id!
        person.$municipality.id = grenchen.id!
        person.familyName = Self.family
        person.givenName = Self.given
        person.nameKey = NameFolding.key(Self.family + Self.given)
        person.sex = .female
        person.birthDate = CalendarDate(year: 1990, month: 3, day: 3)!
        person.nationality = "SY"
        person.motherTongue = "ara"
        person.socialAssistance = false
        person.focusNote = "<b>fett</b> & \u{202E}gnirts"
        person.phone = "079 000 00 00"
        person.targetGroup = .thirdCountry
        person.source = .manual
        person.stage = .toPlan
        try await person.create(on: app.db)
        try await PersonRecords.writeSearchKeys(of: person, scope: Unscoped.scope, on: app.db)
        let appointment = Appointment()
        appointment.$municipality.id = grenchen.id!
        appointment.kind = .firstInformation
        appointment.date = CalendarDate(year: 2024, month: 10, day: 1)!
        appointment.time = "10:00"
        appointment.place = Self.place
        appointment.format = .single
        appointment.groupConfirmed = false
        appointment.interpreterNeeded = true
        appointment.interpreterLanguage = "ara"
        appointment.interpreterChannel = .municipalStaff
        appointment.interpreterStatus = .requested
        appointment.interpreterName = Self.family
        appointment.checklistFolder = false
        appointment.checklistInvitation = false
        appointment.checklistInterpreter = false
        appointment.status = .planned
        appointment.$createdBy.id = officer.id!
        try await appointment.create(on: app.db)
        let participant = AppointmentParticipant()
        participant.$appointment.id = appointment.id!
        participant.$person.id = person.id!
        participant.$municipality.id = grenchen.id!
        participant.attendance = .expected
        try await participant.create(on: app.db)
        let contact = Contact()
        contact.$person.id = person.id!
        contact.$municipality.id = grenchen.id!
        contact.occurredOn = CalendarDate(year: 2024, month: 10, day: 2)!
        contact.channel = .counter
        contact.note = Self.place
        contact.nextStep = Self.family
        contact.$recordedBy.id = officer.id!
        try await contact.create(on: app.db)

        let work = try await Self.hostileCaseWork(person: person, municipality: grenchen.id!, officer: officer.id!, on: app.db)

        let client = TestClient(app)
        _ = try await client.login("ib.grenchen")
        var opened = 0
        for route in app.routes.all where route.method == .GET {
            let path = "/" + route.path.map { component -> String in
                switch component {
                case .parameter("personID"): person.id!.uuidString
                case .parameter("householdID"): household.id!.uuidString
                case .parameter("appointmentID"): appointment.id!.uuidString
                case .parameter("kind"): "welcome"
                case .parameter("language"): "de"
                case .parameter("list"): route.path.contains("erinnerungen") ? "massnahmen" : "zu-planen"
                case .parameter("offerID"): work.offer.uuidString
                case .parameter("structureID"): work.structure.uuidString
                case .parameter("measureID"): work.measure.uuidString
                case .parameter("conversationID"): work.conversation.uuidString
                case .parameter("caseID"): work.fordernCase.uuidString
                case .parameter("eventID"): work.event.uuidString
                case .parameter("reportID"): work.report.uuidString
                case .parameter(let other): "unknown-\(other)"
                default: "\(component)"
                }
            }.joined(separator: "/")
            let query = path.hasSuffix("/briefe/ansicht") ? "?art=invitation&sprache=ar&zweisprachig=on" : ""
            let page = try await client.get(path + query)
            guard page.status != .forbidden, !path.contains("unknown-") else { continue }
            opened += 1
            Self.assertNoInjectedMarkup(page.body, path)
        }
        XCTAssertGreaterThan(opened, 30)
        for path in ["/fordern/faelle/\(work.fordernCase)", "/integrationsgespraeche/\(work.conversation)", "/foerdern/angebote",
                     "/foerdern/regelstrukturen", "/foerdern/anlaesse/\(work.event)", "/personen/\(person.id!)/foerdern"] {
            let body = try await client.get(path).body
            XCTAssertTrue(body.contains("&lt;img src=x onerror=alert(1)&gt;"), "escaped on \(path)")
        }
        // MISA's pages show the report as sent, escaped the same way.
        let misa = TestClient(app)
        _ = try await misa.login("misa.sachbearbeitung")
        for path in ["/misa", "/misa/meldungen/\(work.report)"] {
            let page = try await misa.get(path)
            XCTAssertEqual(page.status, .ok, path)
            Self.assertNoInjectedMarkup(page.body, path)
            XCTAssertTrue(page.body.contains("x&quot; onfocus") || page.body.contains("x\" onfocus=\"alert(1)"), path)
        }

        let personPage = try await client.get("/personen/\(person.id!.uuidString)").body
        XCTAssertTrue(personPage.contains("<h1><bdi>A&amp;amp;B\u{202E} x\" onfocus=\"alert(1)</bdi></h1>"), "text escaped and isolated")
        XCTAssertTrue(personPage.contains("&lt;b&gt;fett&lt;/b&gt; &amp; "))
        XCTAssertTrue(personPage.contains("&lt;img src=x onerror=alert(1)&gt;"))
        let edit = try await client.get("/personen/\(person.id!.uuidString)/bearbeiten").body
        XCTAssertTrue(edit.contains(#"name="familyName" value="x&quot; onfocus=&quot;alert(1)""#), "attribute escaped")
        XCTAssertTrue(edit.contains("value=\"A&amp;amp;B\u{202E}\""))
        let household2 = try await client.get("/haushalte/\(household.id!.uuidString)").body
        XCTAssertTrue(household2.contains("&lt;script&gt;alert(1)&lt;/script&gt; 7"))
        let letter = try await client.get("/personen/\(person.id!.uuidString)/briefe/ansicht?art=invitation&sprache=de").body
        XCTAssertTrue(letter.contains("&lt;img src=x onerror=alert(1)&gt;"))
        XCTAssertTrue(letter.contains("&lt;script&gt;alert(1)&lt;/script&gt; 7"))
        try await app.asyncShutdown()
    }

    struct CaseWork { let offer, structure, measure, conversation, fordernCase, event, report: UUID }

    /// Fördern, Fordern and MISA records of the hostile person, with hostile text in every free field.
    static func hostileCaseWork(person: Person, municipality: UUID, officer: UUID, on db: any Database) async throws -> CaseWork {
        let day = CalendarDate(year: 2024, month: 10, day: 2)!
        let offer = Offer()
        offer.level = .municipality
        offer.municipalityID = municipality
        offer.title = place
        offer.provider = family
        offer.themes = [.learningGerman]
        offer.audiences = [.everyone]
        offer.languages = ["deu"]
        offer.place = street
        offer.schedule = given
        offer.cost = place
        offer.validFrom = day
        try await offer.create(on: db)
        let structure = RegularStructure()
        structure.$municipality.id = municipality
        structure.kind = .school
        structure.name = place
        structure.contactPerson = family
        structure.themes = [.earlyChildhood]
        structure.notes = street
        structure.active = true
        try await structure.create(on: db)
        let fordernCase = FordernCase()
        fordernCase.$person.id = person.id!
        fordernCase.$municipality.id = municipality
        fordernCase.triggerSource = .regularStructure
        fordernCase.regularStructureID = structure.id
        fordernCase.triggerNote = place
        fordernCase.triggeredOn = day
        fordernCase.criteria = [.languageSkills: .init(concerned: true, note: place)]
        fordernCase.conversationType = .midi
        fordernCase.refusedCooperation = false
        fordernCase.createdByUserID = officer
        let conversation = IntegrationConversation()
        conversation.$municipality.id = municipality
        conversation.heldOn = day
        conversation.place = street
        conversation.need = place
        conversation.remarks = family
        conversation.interpreterPresent = false
        conversation.leadUserID = officer
        conversation.leadSignature = .signed
        conversation.interpreterSignature = .pending
        conversation.reviewOn = day.addingMonths(6)
        conversation.programmeS = false
        try await conversation.create(on: db)
        let participant = IntegrationParticipant()
        participant.$conversation.id = conversation.id!
        participant.$person.id = person.id!
        participant.$municipality.id = municipality
        participant.signature = .signed
        try await participant.create(on: db)
        fordernCase.conversationID = conversation.id
        fordernCase.refreshStep()
        try await fordernCase.create(on: db)
        let goal = Goal()
        goal.$person.id = person.id!
        goal.$municipality.id = municipality
        goal.theme = .learningGerman
        goal.text = place
        goal.status = .open
        goal.setOn = day
        goal.conversationID = conversation.id
        try await goal.create(on: db)
        let measure = Measure()
        measure.$person.id = person.id!
        measure.$municipality.id = municipality
        measure.title = place
        measure.responsible = .regularStructure
        measure.regularStructureID = structure.id
        measure.dueOn = day
        measure.status = .attending
        measure.costNote = street
        measure.conversationID = conversation.id
        measure.caseID = fordernCase.id
        try await measure.create(on: db)
        let event = MunicipalEvent()
        event.$municipality.id = municipality
        event.title = place
        event.heldOn = day
        event.time = "18:00"
        event.place = street
        event.movedInFrom = day.addingMonths(-6)
        event.movedInUntil = day
        try await event.create(on: db)
        let guest = EventGuest()
        guest.$event.id = event.id!
        guest.$person.id = person.id!
        guest.$municipality.id = municipality
        guest.attended = true
        try await guest.create(on: db)
        let report = DeficitReport()
        report.$fordernCase.id = fordernCase.id!
        report.$municipality.id = municipality
        report.municipalityName = "Grenchen"
        report.personName = family
        report.birthDate = person.birthDate
        report.nationality = "SY"
        report.address = street
        report.criteriaText = place
        report.deficit = place
        report.measures = street
        report.outcome = given
        report.conversationOn = day
        report.personSignature = .signed
        report.status = .sent
        report.sentOn = day
        try await report.create(on: db)
        return CaseWork(offer: offer.id!, structure: structure.id!, measure: measure.id!, conversation: conversation.id!,
                        fordernCase: fordernCase.id!, event: event.id!, report: report.id!)
    }

    /// No tag of the page carries an event handler or a script: the hostile values stayed text.
    static func assertNoInjectedMarkup(_ body: String, _ path: String, file: StaticString = #filePath, line: UInt = #line) {
        // The only scripts are the app's own files (progressive enhancement), never inline.
        for pattern in [#"<[^>]*\sonfocus=""#, #"<script(?! src="/js/[a-z-]+\.js" defer></script>)"#, "<img src=x", "<b>fett"] {
            XCTAssertNil(body.range(of: pattern, options: .regularExpression), "\(path): \(pattern)", file: file, line: line)
        }
    }
}
