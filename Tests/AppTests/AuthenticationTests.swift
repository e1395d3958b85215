import Fluent
import XCTVapor
@testable import App
import Domain
import Persistence
@testable import Platform
import SystemAccess

final class AuthenticationTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make() }
    override func tearDown() async throws { try await app.asyncShutdown(); app = nil }

    func testLoginRenewsTheSessionAndShowsTheStartPage() async throws {
        let client = TestClient(app)
        try await client.get("/login")
        let before = client.cookies
        XCTAssertNil(before["si_session"])
        let response = try await client.post("/login", ["username": "ib.grenchen", "password": TestApp.demoPassword])
        XCTAssertEqual(response.status, .seeOther)
        XCTAssertEqual(response.location, "/")
        let session = try XCTUnwrap(client.cookies["si_session"])
        XCTAssertNotEqual(session, before["si_pre"])
        let cookieHeader = response.headers[.setCookie].first { $0.hasPrefix("si_session=") } ?? ""
        XCTAssertTrue(cookieHeader.contains("HttpOnly"))
        XCTAssertTrue(cookieHeader.contains("SameSite=Lax"))
        let start = try await client.get("/")
        XCTAssertEqual(start.status, .ok)
        XCTAssertTrue(start.body.contains("Willkommen, Nadia Keller"))
        XCTAssertTrue(start.body.contains("Informieren"))

        // Logging in again (e.g. as another user) never keeps the old session id.
        try await client.post("/logout")
        _ = try await client.login("ib.grenchen")
        XCTAssertNotEqual(client.cookies["si_session"], session)
        let old = TestClient(app)
        old.cookies = ["si_session": session]
        let reused = try await old.get("/")
        XCTAssertEqual(reused.status, .seeOther, "the session before logout must be dead")
    }

    func testWrongPasswordAndUnknownUserGetTheSameMessage() async throws {
        let client = TestClient(app)
        let wrong = try await client.login("ib.grenchen", password: "falsches-passwort-123")
        let unknown = try await client.login("niemand.hier", password: "falsches-passwort-123")
        XCTAssertEqual(wrong.status, .unauthorized)
        XCTAssertEqual(unknown.status, .unauthorized)
        let message = "Benutzername oder Passwort ist falsch, oder das Konto ist gesperrt."
        XCTAssertTrue(wrong.body.contains(message))
        XCTAssertTrue(unknown.body.contains(message))
        XCTAssertTrue(unknown.body.contains("value=\"niemand.hier\""), "the typed user name is kept")
        XCTAssertNil(client.cookies["si_session"])
        let failures = try await app.auditEntries(action: .loginFailed)
        XCTAssertEqual(failures.first?.actorUsername, "ib.grenchen")
        XCTAssertTrue(failures.last?.actorUsername.hasPrefix("?") ?? false, "an unknown name is kept only as a hash")
    }

    func testLoginIsThrottledPerAccount() async throws {
        let client = TestClient(app)
        for _ in 0..<LoginThrottlePolicy.pairFailuresAllowed {
            let page = try await client.login("ib.grenchen", password: "falsch-falsch-falsch")
            XCTAssertEqual(page.status, .unauthorized)
        }
        let blocked = try await client.login("ib.grenchen")
        XCTAssertEqual(blocked.status, .tooManyRequests)
        XCTAssertTrue(blocked.body.contains("Zu viele fehlgeschlagene Anmeldeversuche"))
        XCTAssertNil(client.cookies["si_session"])
        // Another account from the same address is not blocked by this account's failures.
        let other = try await TestClient(app).login("schalter.grenchen")
        XCTAssertEqual(other.status, .seeOther)
        // After the window the right password works again.
        app.clock.advance(by: LoginThrottlePolicy.longestDelay + 1)
        let later = try await client.login("ib.grenchen")
        XCTAssertEqual(later.status, .seeOther)
    }

    func testLoginIsThrottledPerAddress() async throws {
        let client = TestClient(app)
        for index in 0..<LoginThrottlePolicy.addressFailuresAllowed {
            _ = try await client.login("unbekannt\(index)", password: "falsch-falsch-falsch")
        }
        let blocked = try await client.login("schalter.grenchen")
        XCTAssertEqual(blocked.status, .tooManyRequests)
    }

    func testIdleTimeoutEndsTheSession() async throws {
        let client = TestClient(app)
        _ = try await client.login("ib.grenchen")
        app.clock.advance(by: 29 * 60)
        let stillThere = try await client.get("/")
        XCTAssertEqual(stillThere.status, .ok)
        // A little longer than configured is allowed (the last-seen time is written once a minute), never shorter.
        app.clock.advance(by: 32 * 60)
        let expired = try await client.get("/")
        XCTAssertEqual(expired.status, .seeOther)
        XCTAssertEqual(expired.location, "/login?sitzung=abgelaufen", "the login says why")
        let sessions = try await UserSession.query(on: app.db).count()
        XCTAssertEqual(sessions, 0, "an expired session is deleted on the server")
    }

    func testAbsoluteTimeoutEndsEvenAnActiveSession() async throws {
        let client = TestClient(app)
        _ = try await client.login("ib.grenchen")
        for _ in 0..<25 {
            app.clock.advance(by: 25 * 60)
            _ = try await client.get("/")
        }
        let page = try await client.get("/")
        XCTAssertEqual(page.status, .seeOther, "10 hours after login the session ends however active it was")
    }

    func testLogoutKillsTheServerSession() async throws {
        let client = TestClient(app)
        _ = try await client.login("ib.grenchen")
        let token = try XCTUnwrap(client.cookies["si_session"])
        let out = try await client.post("/logout")
        XCTAssertEqual(out.location, "/login")
        let replay = TestClient(app)
        replay.cookies["si_session"] = token
        let page = try await replay.get("/personen")
        XCTAssertEqual(page.status, .seeOther)
        XCTAssertEqual(page.location, "/login?sitzung=abgelaufen&weiter=%2Fpersonen")
    }

    func testLockingAnAccountEndsItsSessions() async throws {
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        let admin = TestClient(app)
        _ = try await admin.login("admin")
        let user = try await User.query(on: app.db).filter(\.$username == "ib.grenchen").first()!
        try await admin.get("/verwaltung/benutzer/\(user.id!.uuidString)")
        let lock = try await admin.post("/verwaltung/benutzer/\(user.id!.uuidString)/sperren")
        XCTAssertEqual(lock.status, .seeOther)
        let page = try await officer.get("/")
        XCTAssertEqual(page.status, .seeOther)
        let again = try await TestClient(app).login("ib.grenchen")
        XCTAssertEqual(again.status, .unauthorized)
        // Unlocking lets the user in again.
        try await admin.post("/verwaltung/benutzer/\(user.id!.uuidString)/entsperren")
        let unlocked = try await TestClient(app).login("ib.grenchen")
        XCTAssertEqual(unlocked.status, .seeOther)
    }

    func testPasswordResetForcesAChangeAndAcceptsLongPassphrases() async throws {
        let admin = TestClient(app)
        _ = try await admin.login("admin")
        let user = try await User.query(on: app.db).filter(\.$username == "schalter.grenchen").first()!
        try await admin.get("/verwaltung/benutzer/\(user.id!.uuidString)")
        let reset = try await admin.post("/verwaltung/benutzer/\(user.id!.uuidString)/passwort")
        let oneTime = try XCTUnwrap(reset.body.range(of: #"id="one-time-password">([^<]+)<"#, options: .regularExpression)
            .map { String(reset.body[$0].dropFirst(#"id="one-time-password">"#.count).dropLast()) })
        XCTAssertEqual(oneTime.count, 20)

        let clerk = TestClient(app)
        let login = try await clerk.login("schalter.grenchen", password: oneTime)
        XCTAssertEqual(login.location, "/konto/passwort")
        let elsewhere = try await clerk.get("/personen")
        XCTAssertEqual(elsewhere.location, "/konto/passwort", "nothing else until the password is changed")

        let tooShort = try await clerk.post("/konto/passwort", ["currentPassword": oneTime, "newPassword": "kurz", "confirmation": "kurz"])
        XCTAssertEqual(tooShort.status, .unprocessableEntity)
        XCTAssertTrue(tooShort.body.contains("mindestens 12 Zeichen"))

        let passphrase = String(repeating: "Aare und Jura ", count: 8)  // 112 characters
        let changed = try await clerk.post("/konto/passwort", ["currentPassword": oneTime, "newPassword": passphrase, "confirmation": passphrase])
        XCTAssertEqual(changed.status, .seeOther)
        let value7 = try await clerk.get("/personen").status
        XCTAssertEqual(value7, .ok)

        let fresh = TestClient(app)
        let value8 = try await fresh.login("schalter.grenchen", password: passphrase).status
        XCTAssertEqual(value8, .seeOther)
        let value9 = try await TestClient(app).login("schalter.grenchen", password: String(passphrase.prefix(72))).status
        XCTAssertEqual(value9, .unauthorized)
        let value10 = try await app.auditEntries(action: .passwordChanged).count
        XCTAssertEqual(value10, 1)
    }
}
