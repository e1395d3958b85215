import Fluent
import SQLKit
import XCTVapor
@testable import App
import Domain
import Persistence
@testable import Platform
import SystemAccess

final class PlatformTests: XCTestCase {
    /// Tokens are base64url without padding: `+` and `/` become `-` and `_`, `=` is dropped.
    func testTokensAreBase64URLWithoutPadding() {
        XCTAssertEqual(SessionToken.base64URL(Data([0xFB, 0xFF])), "-_8")
        XCTAssertEqual(SessionToken.base64URL(Data([0xFB, 0xEF, 0xBE, 0x01])), "----AQ")
        XCTAssertEqual(SessionToken.base64URL(Data("start.integration".utf8)), "c3RhcnQuaW50ZWdyYXRpb24")
        XCTAssertEqual(SessionToken.base64URL(Data()), "")
        XCTAssertTrue(SessionToken.isWellFormed(SessionToken.generate()))
    }

    func testHealthAnswersWhileTheDatabaseAnswers() async throws {
        let app = try await TestApp.make()
        let page = try await TestClient(app).get("/healthz")
        XCTAssertEqual(page.status, .ok)
        try await app.asyncShutdown()
    }

    func testHealthIsUnavailableWithoutDatabase() async throws {
        // A PostgreSQL address where nothing listens: port 1 on loopback refuses at once.
        let app = try await TestApp.make(seed: false) { $0.databaseURL = "postgres://nobody:nothing@127.0.0.1:1/none" }
        let page = try await TestClient(app).get("/healthz")
        XCTAssertEqual(page.status, .serviceUnavailable)
        try await app.asyncShutdown()
    }

    func testSecurityHeadersOnEveryPage() async throws {
        let app = try await TestApp.make()
        let client = TestClient(app)
        for path in ["/login", "/nicht-vorhanden", "/css/app.css"] {
            let page = try await client.get(path)
            let csp = page.headers.first(name: "Content-Security-Policy") ?? ""
            XCTAssertTrue(csp.contains("frame-ancestors 'none'"), path)
            XCTAssertTrue(csp.contains("script-src 'self'"), path)
            XCTAssertFalse(csp.contains("unsafe-inline"), path)
            XCTAssertEqual(page.headers.first(name: "X-Content-Type-Options"), "nosniff", path)
            XCTAssertEqual(page.headers.first(name: "Referrer-Policy"), "no-referrer", path)
        }
        _ = try await client.login("ib.grenchen")
        let value20 = try await client.get("/personen").headers.first(name: .cacheControl)
        XCTAssertEqual(value20, "no-store")
        let missing = try await client.get("/nicht-vorhanden")
        XCTAssertEqual(missing.status, .notFound)
        XCTAssertTrue(missing.body.contains("Nicht gefunden"))
        try await app.asyncShutdown()
    }

    func testSecureCookiesUseTheHostPrefix() async throws {
        let app = try await TestApp.make { $0.secureCookies = true }
        let client = TestClient(app)
        try await client.get("/login")
        let login = try await client.post("/login", ["username": "ib.grenchen", "password": TestApp.demoPassword])
        let cookie = login.headers[.setCookie].first { $0.hasPrefix("__Host-si_session=") } ?? ""
        XCTAssertTrue(cookie.contains("Secure"))
        XCTAssertTrue(cookie.contains("Path=/"))
        XCTAssertTrue(cookie.contains("HttpOnly"))
        XCTAssertEqual(login.headers.first(name: "Strict-Transport-Security"), "max-age=31536000")
        try await app.asyncShutdown()
    }

    /// An audited request answered, then the app shut down at once (as each test does): the committer's work
    /// after answering must not open a pooled connection that the shutdown leaves unclosed (SQLiteNIO asserts,
    /// and the whole suite stopped on it in CI).
    /// Forty rounds crashed the suite twice out of two before the fix; twenty keep it short. SQLite only: there the
    /// committer writes on a connection of its own, and the pool's first use came after the answer.
    func testShutdownRightAfterAnAuditedRequest() async throws {
        guard TestApp.postgresURL == nil else { throw XCTSkip("SQLite only") }
        for _ in 0..<20 {
            let app = try await TestApp.make(demoPersons: false)
            let client = TestClient(app)
            try await client.get("/login")
            let page = try await client.post("/login", ["username": "ib.grenchen", "password": TestApp.demoPassword])
            XCTAssertEqual(page.status, .seeOther)
            try await app.asyncShutdown()
        }
    }

    /// Two app instances on one database: a session opened on one is valid on the other.
    func testSessionsWorkAcrossInstances() async throws {
        let folder = TestApp.makeDataDirectory()
        let first = try await TestApp.make(dataDirectory: folder)
        let second = try await TestApp.make(dataDirectory: folder, seed: false)
        let client = TestClient(first)
        _ = try await client.login("ib.grenchen")
        let onSecond = TestClient(second)
        onSecond.cookies = client.cookies
        let page = try await onSecond.get("/personen")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("Al-Rina"))
        // Logging out on the second ends the session on the first too.
        try await onSecond.post("/logout")
        let value21 = try await client.get("/").status
        XCTAssertEqual(value21, .seeOther)
        try await second.asyncShutdown()
        try await first.asyncShutdown()
    }

    /// SQLite: WAL for concurrent readers, and every commit on disk (synchronous FULL) before it is acknowledged.
    func testSQLiteIsDurable() async throws {
        guard TestApp.postgresURL == nil else { throw XCTSkip("SQLite only") }
        let app = try await TestApp.make()
        let sql = app.db as! any SQLDatabase
        struct Mode: Decodable { let journal_mode: String }
        struct Sync: Decodable { let synchronous: Int }
        let mode = try await sql.raw("PRAGMA journal_mode").first(decoding: Mode.self)
        let sync = try await sql.raw("PRAGMA synchronous").first(decoding: Sync.self)
        XCTAssertEqual(mode?.journal_mode, "wal")
        XCTAssertEqual(sync?.synchronous, 2)
        try await app.asyncShutdown()
    }

    /// Every text key the sources name exists in the catalogue, and every stored code has its label.
    func testEveryTextKeyExists() throws {
        let texts = try Localizer.load(language: "de", from: TestApp.packageRoot + "Resources/Locales")
        var keys: Set<String> = []
        let regex = try NSRegularExpression(pattern: #"\b(?:t|texts|texts\.text|t\.text)\("([a-zA-Z][a-zA-Z0-9_.]*)"[,)]"#)
        for folder in ["Sources/Features", "Sources/Platform"] {
            let root = TestApp.packageRoot + folder
            for file in FileManager.default.enumerator(atPath: root)!.compactMap({ $0 as? String }) where file.hasSuffix(".swift") {
                let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8).components(separatedBy: "\n")
                    .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }.joined(separator: "\n")
                for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    keys.insert(String(text[Range(match.range(at: 1), in: text)!]))
                }
            }
        }
        XCTAssertGreaterThan(keys.count, 150)
        for key in keys.sorted() { XCTAssertTrue(texts.has(key), "missing text \(key)") }
        func labels<Code: CaseIterable & RawRepresentable>(_ type: Code.Type, _ prefix: String) where Code.RawValue == String {
            for code in Code.allCases { XCTAssertTrue(texts.has("\(prefix).\(code.rawValue)"), "missing label \(prefix).\(code.rawValue)") }
        }
        labels(Role.self, "role")
        labels(UnitKind.self, "unitKind")
        labels(Sex.self, "sex")
        labels(GermanLevel.self, "german")
        labels(ResidencePermit.self, "permit")
        labels(AsylumStatus.self, "asylum")
        labels(TargetGroup.self, "targetGroup")
        labels(TargetGroupReason.self, "targetGroup.reason")
        labels(Triage.self, "triage")
        labels(Triage.self, "timeline.triage")
        labels(ConversationGuide.self, "guide")
        labels(FolderStatus.self, "folder")
        labels(FolderStatus.self, "timeline.folder")
        labels(FolderLanguage.self, "folderLanguage")
        labels(ContactChannel.self, "contact.channel")
        labels(ConversationFormat.self, "format")
        labels(InterpreterChannel.self, "interpreter.channel")
        labels(InterpreterStatus.self, "interpreter.status")
        labels(AppointmentStatus.self, "appointment.status")
        labels(Attendance.self, "attendance")
        labels(ConversationTopic.self, "topic")
        labels(NextStep.self, "nextStep")
        labels(DocumentConsent.self, "consent")
        labels(LetterKind.self, "letters.kind")
        labels(ReviewStatus.self, "letters.review")
        labels(AuditAction.self, "audit.action")
        labels(PersonSource.self, "timeline.registered")
    }
}
