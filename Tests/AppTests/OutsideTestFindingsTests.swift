import Fluent
import Foundation
import SQLKit
import XCTVapor
@testable import App
import Domain
@testable import Letters
import Persistence
@testable import Platform
import SystemAccess

/// One regression test per finding of the outside security test (the hardening issue).
final class OutsideTestFindingsTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make() }
    override func tearDown() async throws { try await app.asyncShutdown(); app = nil }

    func registration(_ municipality: Municipality, family: String = "Doppelklick", given: String = "Dana",
                      street: String = "Marktplatz 1", extra: [(String, String)] = []) -> [(String, String)] {
        [("municipalityID", municipality.id!.uuidString), ("street", street), ("postalCode", "2540"), ("place", "Grenchen"),
         ("action", "save"), ("persons[0][familyName]", family), ("persons[0][givenName]", given),
         ("persons[0][sex]", "female"), ("persons[0][birthDate]", "1990-05-05"), ("persons[0][nationality]", "PT"),
         ("persons[0][moveInDate]", "2026-10-01"), ("persons[0][permit]", "B"), ("persons[0][asylumStatus]", "none")] + extra
    }

    var grenchen: Municipality {
        get async throws { try await Municipality.query(on: app.db).filter(\.$name == "Grenchen").first()! }
    }

    // 1. A double submit stores once; the second request lands on the first one's result page.
    func testADoubleSubmitStoresOnce() async throws {
        let clerk = TestClient(app)
        _ = try await clerk.login("schalter.grenchen")
        try await clerk.get("/anmeldung")
        let key = try XCTUnwrap(clerk.formKey)
        let pairs = registration(try await grenchen) + [("_formKey", key)]
        async let first = clerk.post("/anmeldung", pairs: pairs)
        async let second = clerk.post("/anmeldung", pairs: pairs)
        let (one, two) = try await (first, second)
        XCTAssertEqual(one.status, .seeOther)
        XCTAssertEqual(two.status, .seeOther)
        XCTAssertEqual(one.location, two.location, "both land on the one household")
        // And once more, later (the back button and send again).
        let third = try await clerk.post("/anmeldung", pairs: pairs)
        XCTAssertEqual(third.location, one.location, "\(third.status) \(third.body.prefix(300))")
        let stored = try await Unscoped.query(Person.self, on: app.db).filter(\.$familyName == "Doppelklick").count()
        XCTAssertEqual(stored, 1)
        let households = try await Unscoped.query(Household.self, on: app.db).filter(\.$street == "Marktplatz 1").count()
        XCTAssertEqual(households, 1)
    }

    func testEveryPostFormCarriesAOneTimeKey() async throws {
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        let marija = try await app.person(named: "Marija", "Ivanova")
        for path in ["/anmeldung", "/personen/\(marija.id!.uuidString)/kontakte/neu", "/termine/neu",
                     "/personen/\(marija.id!.uuidString)/triage", "/briefkopf"] {
            let page = try await officer.get(path).body
            XCTAssertTrue(page.contains(#"name="_formKey" value=""#), path)
        }
    }

    // 2. Direction and control characters are refused in typed text, and stored ones cannot reorder their neighbours.
    func testDirectionAndControlCharactersAreRefused() async throws {
        let clerk = TestClient(app)
        _ = try await clerk.login("schalter.grenchen")
        try await clerk.get("/anmeldung")
        for hostile in ["Eve\u{202E}gnirts", "Tab\u{0009}Name", "Null\u{0000}", "C\u{0085}1", "Iso\u{2066}late"] {
            let page = try await clerk.post("/anmeldung", pairs: registration(try await grenchen, family: hostile))
            XCTAssertEqual(page.status, .unprocessableEntity, hostile.debugDescription)
            XCTAssertTrue(page.body.contains("Steuer- oder Textrichtungszeichen"), hostile.debugDescription)
        }
        // A multi-line field keeps its line breaks but refuses the rest.
        let marija = try await app.person(named: "Marija", "Ivanova")
        try await clerk.get("/personen/\(marija.id!.uuidString)/bearbeiten")
        let lines = try await clerk.post("/personen/\(marija.id!.uuidString)/bearbeiten",
                                         editForm(marija, ["focusNote": "Zeile 1\r\nZeile 2"]))
        XCTAssertEqual(lines.status, .seeOther)
        let bell = try await clerk.post("/personen/\(marija.id!.uuidString)/bearbeiten", editForm(marija, ["focusNote": "Zeile\u{0007}"]))
        XCTAssertEqual(bell.status, .unprocessableEntity)
        let count = try await Unscoped.query(Person.self, on: app.db).filter(\.$familyName ~~ "gnirts").count()
        XCTAssertEqual(count, 0)
    }

    func testStoredDirectionControlsAreIsolatedInPagesLettersAndDocuments() async throws {
        // An imported name with a right-to-left override must not reverse the date printed after it.
        let karim = try await app.person(named: "Karim", "Al-Rina")
        karim.givenName = "Karim\u{202E}"
        try await karim.update(on: app.db)
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        let person = try await officer.get("/personen/\(karim.id!.uuidString)").body
        XCTAssertTrue(person.contains("<bdi>Karim\u{202E} Al-Rina</bdi>"))
        let letter = try await officer.get("/personen/\(karim.id!.uuidString)/briefe/ansicht?art=personal_data_sheet&sprache=de").body
        XCTAssertTrue(letter.contains("<bdi>Karim\u{202E}</bdi>"), "the given name is isolated from the date beside it")
        let subject = try await LetterSubject.load([karim], officerID: try await User.query(on: app.db).first()!.requireID(),
                                                   scope: Unscoped.scope, today: CalendarDate(app.clock.now()), on: app.db)[karim.id!]!
        let values = LetterComposer.context(LetterComposer.values(for: subject, language: .de), subject: subject, rightToLeft: false)
        let person2 = try XCTUnwrap(values["person"] as? [String: String])
        XCTAssertEqual(person2["givenName"], "\u{2068}Karim\u{202E}\u{2069}", "first-strong isolate in letter texts")
        // A control character never makes the DOCX invalid XML.
        XCTAssertEqual(DocxWriter.escape("A\u{0001}B\u{000B}<&>"), "AB&lt;&amp;&gt;")
    }

    // 3. The audit chain is keyed, and its head is kept outside the database: three forgeries fail.
    func testForgeriesOfTheAuditChainFail() async throws {
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        for _ in 0..<5 { try await officer.get("/personen") }
        // The head outside the database names synced entries only (SQLite syncs within a second); sync now.
        await app.syncAuditCommitter()
        let keys = app.auditKeys
        let external = try XCTUnwrap(ExportedHead.read(from: app.auditHeadFile), "the committer keeps the head outside the database")
        let intact = try await AuditLog.verify(on: app.db, keys: keys, externalHead: external)
        XCTAssertTrue(intact.isIntact, intact.firstBreak?.reason ?? "")
        let sql = app.db as! any SQLDatabase
        let entries = try await AuditEntry.query(on: app.db).sort(\.$sequence).all()

        // (a) Cut the newest entries and move the head back: the head outside the database names the gap.
        let keep = entries.count - 3
        try await sql.delete(from: AuditEntry.schema).where("sequence", .greaterThan, keep).run()
        try await sql.update(AuditHead.schema).set("sequence", to: keep).set("hash", to: entries[keep - 1].hash).where("id", .equal, 1).run()
        let cut = try await AuditLog.verify(on: app.db, keys: keys, externalHead: external)
        XCTAssertEqual(cut.firstBreak?.sequence, keep + 1)
        XCTAssertTrue(cut.firstBreak!.reason.contains("ausserhalb der Datenbank"))

        // (b) Edit an entry and recompute every later hash without the key: the MAC does not fit.
        var previous = entries[1].previousHash
        for entry in entries[1..<keep] {
            entry.detail = entry.sequence == 2 ? "gefälscht" : entry.detail
            entry.previousHash = previous
            entry.hash = AuditChain.unkeyedHash(previous: previous, AuditLog.fields(of: entry))
            try await entry.update(on: app.db)
            previous = entry.hash
        }
        try await sql.update(AuditHead.schema).set("hash", to: previous).where("id", .equal, 1).run()
        let edited = try await AuditLog.verify(on: app.db, keys: keys)
        XCTAssertEqual(edited.firstBreak?.sequence, 2)

        // (c) Delete an entry and renumber the rest, rehashed with a guessed key: still broken.
        let guessed = try AuditKeyring.parse("test:" + Data(repeating: 9, count: 32).base64EncodedString(), source: "guess")
        try await sql.delete(from: AuditEntry.schema).where("sequence", .equal, 1).run()
        previous = AuditHead.genesisHash
        for entry in try await AuditEntry.query(on: app.db).sort(\.$sequence).all() {
            entry.sequence -= 1
            entry.previousHash = previous
            entry.hash = AuditChain.hash(previous: previous, AuditLog.fields(of: entry), key: guessed)
            try await entry.update(on: app.db)
            previous = entry.hash
        }
        let renumbered = try await AuditLog.verify(on: app.db, keys: keys)
        XCTAssertEqual(renumbered.firstBreak?.sequence, 1)
    }

    func testAnUnkeyedChainIsSignedOnceWhenIntact() async throws {
        // A trail from before the key: rewrite it as the old code did (plain SHA-256, no key id).
        var previous = AuditHead.genesisHash
        for entry in try await AuditEntry.query(on: app.db).sort(\.$sequence).all() {
            entry.keyID = ""
            entry.previousHash = previous
            entry.hash = AuditChain.unkeyedHash(previous: previous, AuditLog.fields(of: entry))
            try await entry.update(on: app.db)
            previous = entry.hash
        }
        try await (app.db as! any SQLDatabase).update(AuditHead.schema).set("hash", to: previous).where("id", .equal, 1).run()
        let before = try await AuditLog.verify(on: app.db, keys: app.auditKeys)
        XCTAssertFalse(before.isIntact)
        let outcome = try await AuditLog.keyUnkeyedChain(keys: app.auditKeys, on: app.db)
        guard case .keyed(let count) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertGreaterThan(count, 1)
        let after = try await AuditLog.verify(on: app.db, keys: app.auditKeys)
        XCTAssertTrue(after.isIntact, after.firstBreak?.reason ?? "")
    }

    // 4 and 5. Throttled attempts are counted per burst; throttles slow one account at one place, not everyone.
    func testThrottlingIsPerAccountAndAddressAndWritesOneEntryPerBurst() async throws {
        try await app.asyncShutdown()
        app = try await TestApp.make { $0.trustProxy = true }
        func client(at address: String) -> TestClient {
            let client = TestClient(app)
            client.extraHeaders.add(name: .xForwardedFor, value: address)
            return client
        }
        // The administrator logged in from the office before: the office is a known place of the account.
        _ = try await client(at: "10.1.1.1").login("admin")
        let office = client(at: "10.1.1.1")
        for _ in 0..<LoginThrottlePolicy.pairFailuresAllowed {
            let page = try await office.login("ib.grenchen", password: "falsch-falsch-falsch")
            XCTAssertEqual(page.status, .unauthorized)
        }
        let throttled = try await office.login("ib.grenchen")
        XCTAssertEqual(throttled.status, .tooManyRequests)
        XCTAssertTrue(throttled.body.contains("Zu viele fehlgeschlagene Anmeldeversuche"))
        // The same account from another place is not locked out.
        let elsewhere = try await client(at: "10.9.9.9").login("ib.grenchen")
        XCTAssertEqual(elsewhere.status, .seeOther)

        // The administrator sees the throttle and lifts it; the officer gets in from the office again.
        let admin = client(at: "10.1.1.1")
        _ = try await admin.login("admin")
        let list = try await admin.get("/verwaltung/anmeldesperren")
        XCTAssertEqual(list.status, .ok)
        XCTAssertTrue(list.body.contains("ib.grenchen"))
        let lift = try await admin.post("/verwaltung/anmeldesperren/aufheben",
                                        ["kind": "accountAndAddress", "username": "ib.grenchen", "address": "10.1.1.1"])
        XCTAssertEqual(lift.status, .seeOther)
        let again = try await client(at: "10.1.1.1").login("ib.grenchen")
        XCTAssertEqual(again.status, .seeOther)
        let lifted = try await app.auditEntries(action: .loginThrottleLifted).count
        XCTAssertEqual(lifted, 1)

        // Twenty failures of unknown accounts from the office: those wait, the office's own users do not.
        for index in 0..<LoginThrottlePolicy.addressFailuresAllowed {
            _ = try await office.login("gibt.es.nicht.\(index)", password: "falsch-falsch-falsch")
        }
        let stranger = try await office.login("gibt.es.nicht.99", password: "falsch-falsch-falsch")
        XCTAssertEqual(stranger.status, .tooManyRequests)
        let adminAgain = try await client(at: "10.1.1.1").login("admin")
        XCTAssertEqual(adminAgain.status, .seeOther, "a whole office behind one router keeps working")

        // Thirty more throttled attempts from the office: at most one audit entry for the burst, not thirty.
        let entriesBefore = try await app.auditEntries(action: .loginThrottled).count
        for _ in 0..<30 { _ = try await office.login("gibt.es.nicht.99") }
        let entriesAfter = try await app.auditEntries(action: .loginThrottled).count
        XCTAssertLessThanOrEqual(entriesAfter - entriesBefore, 1)
        let bursts = try await LoginThrottleBurst.query(on: app.db).filter(\.$address == "10.1.1.1").all()
        XCTAssertGreaterThanOrEqual(bursts.map(\.attempts).reduce(0, +), 30)
    }

    func testDelaysGrowAndEnd() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        func failures(_ pair: Int) -> LoginThrottlePolicy.Failures {
            .init(pair: pair, lastPair: now, address: 0, lastAddress: nil, account: 0, lastAccount: nil, knownAddress: true)
        }
        XCTAssertNil(LoginThrottlePolicy.nextAttempt(failures(4), now: now))
        XCTAssertEqual(LoginThrottlePolicy.nextAttempt(failures(5), now: now), now.addingTimeInterval(60))
        XCTAssertEqual(LoginThrottlePolicy.nextAttempt(failures(7), now: now), now.addingTimeInterval(240))
        XCTAssertEqual(LoginThrottlePolicy.nextAttempt(failures(30), now: now), now.addingTimeInterval(15 * 60))
        XCTAssertNil(LoginThrottlePolicy.nextAttempt(failures(30), now: now.addingTimeInterval(15 * 60 + 1)))
    }

    // 6. Length limits, plausible dates, unknown actions.
    func testLengthLimitsDatesAndUnknownActions() async throws {
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        try await officer.get("/anmeldung")
        let long = try await officer.post("/anmeldung", pairs: registration(try await grenchen, street: String(repeating: "a", count: 900_000)))
        XCTAssertEqual(long.status, .unprocessableEntity)
        XCTAssertTrue(long.body.contains("Höchstens 200 Zeichen"))
        let unknown = try await officer.post("/anmeldung", pairs: registration(try await grenchen).map { $0.0 == "action" ? ("action", "delete") : $0 })
        XCTAssertEqual(unknown.status, .badRequest)
        let households = try await Unscoped.query(Household.self, on: app.db).filter(\.$street == "Marktplatz 1").count()
        XCTAssertEqual(households, 0, "nothing stored")

        let samira = try await app.person(named: "Samira", "Al-Rina")
        try await officer.get("/termine/neu")
        let in1900 = try await officer.post("/termine/neu", pairs: [("date", "1900-01-01"), ("time", "10:00"), ("place", "Stadthaus"),
                                                                    ("format", "single"), ("participants[]", samira.id!.uuidString)])
        XCTAssertEqual(in1900.status, .unprocessableEntity)
        XCTAssertTrue(in1900.body.contains("Das Datum muss zwischen"))
        let contact = try await officer.post("/personen/\(samira.id!.uuidString)/kontakte/neu",
                                             ["occurredOn": "1901-01-01", "channel": "counter", "note": "x"])
        XCTAssertEqual(contact.status, .unprocessableEntity)
    }

    // 7. Another municipality's letterhead: 404, nothing changed.
    func testAnotherMunicipalitysLetterheadIsNotFound() async throws {
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        try await officer.get("/briefkopf")
        let derendingen = try await Municipality.query(on: app.db).filter(\.$name == "Derendingen").first()!
        let before = try await Unscoped.query(Letterhead.self, on: app.db).filter(\.$municipality.$id == derendingen.id!).first()!.sender
        let page = try await officer.postMultipart("/briefkopf", fields: ["municipalityID": derendingen.id!.uuidString,
                                                                         "sender": "Gekapert", "signature": "X"], file: nil)
        XCTAssertEqual(page.status, .notFound)
        let after = try await Unscoped.query(Letterhead.self, on: app.db).filter(\.$municipality.$id == derendingen.id!).first()!.sender
        XCTAssertEqual(after, before)
        let grenchenSender = try await Unscoped.query(Letterhead.self, on: app.db).filter(\.$sender == "Gekapert").count()
        XCTAssertEqual(grenchenSender, 0, "not saved to the user's own municipality either")
    }

    // 8. Log injection: the path is logged escaped.
    func testLoggedPathsCannotForgeLines() {
        XCTAssertEqual(RequestLogMiddleware.escaped("/login%0a2026-01-01 INFO forged"), "/login\\u{a}2026-01-01 INFO forged")
        XCTAssertEqual(RequestLogMiddleware.escaped("/a%00b"), "/a\\u{0}b")
    }

    // 9. Static files: a NUL or an over-long name is a 404 before the file system is asked.
    func testStrangeStaticPathsAreNotFound() async throws {
        let client = TestClient(app)
        let nul = try await client.get("/img/favicon.svg%00.html")
        XCTAssertEqual(nul.status, .notFound)
        XCTAssertNotEqual(nul.headers.contentType?.subType, "svg+xml")
        let long = try await client.get("/img/" + String(repeating: "a", count: 300))
        XCTAssertEqual(long.status, .notFound)
        let css = try await client.get("/css/app.css")
        XCTAssertEqual(css.status, .ok)
    }

    // 10. The idle timeout is never shorter than configured.
    func testIdleTimeoutIsNeverShorterThanConfigured() async throws {
        let client = TestClient(app)
        _ = try await client.login("ib.grenchen")
        // Active for a while: the last-seen time is written at most once a minute.
        for _ in 0..<3 {
            app.clock.advance(by: 50)
            let page = try await client.get("/")
            XCTAssertEqual(page.status, .ok)
        }
        app.clock.advance(by: 30 * 60 - 1)
        let justBefore = try await client.get("/")
        XCTAssertEqual(justBefore.status, .ok, "30 minutes after the last request, less a second, the session lives")
    }

    // 11. Names of accounts that do not exist are not kept; titles carry no names; the interpreter needs no names.
    func testNoNamesWhereTheyDoNotBelong() async throws {
        let client = TestClient(app)
        _ = try await client.login("Mein-Geheimes-Passwort", password: "falsch")
        let failed = try await app.auditEntries(action: .loginFailed).last!
        XCTAssertTrue(failed.actorUsername.hasPrefix("?"))
        XCTAssertFalse(failed.actorUsername.lowercased().contains("geheim"))
        let attempts = try await LoginAttempt.query(on: app.db).all().map(\.username)
        XCTAssertFalse(attempts.contains { $0.contains("geheim") })

        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        let samira = try await app.person(named: "Samira", "Al-Rina")
        for path in ["/personen/\(samira.id!.uuidString)", "/personen/\(samira.id!.uuidString)/bearbeiten",
                     "/personen/\(samira.id!.uuidString)/personalienblatt", "/haushalte/\(samira.$household.id.uuidString)"] {
            let body = try await officer.get(path).body
            let title = try XCTUnwrap(body.range(of: "<title>[^<]*</title>", options: .regularExpression).map { String(body[$0]) })
            XCTAssertFalse(title.contains("Al-Rina"), "\(path): \(title)")
            XCTAssertFalse(title.contains("Samira"), "\(path): \(title)")
        }
        let order = try await officer.get("/personen/\(samira.id!.uuidString)/briefe/ansicht?art=interpreter_order&sprache=de").body
        XCTAssertTrue(order.contains("Anzahl Personen"))
        XCTAssertTrue(order.contains("<td>4</td>"), "the family of four")
        for name in ["Karim", "Adil", "Lina"] { XCTAssertFalse(order.contains(name), name) }
    }

    /// Every construct a letter text must not contain is refused, each on its own.
    func testEveryForbiddenTemplateConstructIsRefused() async throws {
        let constructs = ["{{>partial}}", "{{{person.fullName}}}", "{{&person.fullName}}", "{{%PRAGMA}}", "{{=<% %>=}}", "{{!comment}}",
                          "{{$block}}x{{/block}}", "{{<parent}}{{/parent}}"]
        for construct in constructs {
            XCTAssertFalse(LetterTemplateRules.problems(in: "Text \(construct) Ende").isEmpty, construct)
        }
        let expert = TestClient(app)
        _ = try await expert.login("ags.fachexpertin")
        try await expert.get("/briefvorlagen/welcome/de")
        let current = try await LetterTemplate.query(on: app.db).filter(\.$kind == .welcome).filter(\.$language == .de)
            .filter(\.$isCurrent == true).first()!
        for construct in constructs {
            let page = try await expert.post("/briefvorlagen/welcome/de", [
                "languageName": "Deutsch", "subject": current.subject, "salutationFemale": current.salutationFemale,
                "salutationMale": current.salutationMale, "salutationOther": current.salutationOther,
                "body": current.body + "\n\n" + construct, "closing": current.closing, "reviewStatus": "draft"])
            XCTAssertEqual(page.status, .unprocessableEntity, construct)
        }
        let versions = try await LetterTemplate.query(on: app.db).filter(\.$kind == .welcome).filter(\.$language == .de).count()
        XCTAssertEqual(versions, 1, "nothing saved")
    }
}
