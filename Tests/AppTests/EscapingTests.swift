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
                case .parameter("list"): "zu-planen"
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
        XCTAssertGreaterThan(opened, 15)

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

    /// No tag of the page carries an event handler or a script: the hostile values stayed text.
    static func assertNoInjectedMarkup(_ body: String, _ path: String, file: StaticString = #filePath, line: UInt = #line) {
        // The only scripts are the app's own files (progressive enhancement), never inline.
        for pattern in [#"<[^>]*\sonfocus=""#, #"<script(?! src="/js/[a-z-]+\.js" defer></script>)"#, "<img src=x", "<b>fett"] {
            XCTAssertNil(body.range(of: pattern, options: .regularExpression), "\(path): \(pattern)", file: file, line: line)
        }
    }
}
