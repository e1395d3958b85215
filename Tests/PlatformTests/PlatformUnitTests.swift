import Foundation
import XCTest
@testable import Platform
import Persistence
import Vapor

/// The audit chain, client address and password hashing, without a database.
final class PlatformUnitTests: XCTestCase {
    func testABatchIsSplitOnlyWhereEveryProcessGetsEnoughLetters() {
        XCTAssertEqual(WeasyPrint.workers(letters: 1, cores: 2), 1)
        XCTAssertEqual(WeasyPrint.workers(letters: 15, cores: 2), 1)
        XCTAssertEqual(WeasyPrint.workers(letters: 16, cores: 2), 2)
        XCTAssertEqual(WeasyPrint.workers(letters: 100, cores: 2), 2)
        XCTAssertEqual(WeasyPrint.workers(letters: 100, cores: 8), 8)
        XCTAssertEqual(WeasyPrint.workers(letters: 30, cores: 8), 3)
        XCTAssertEqual(WeasyPrint.workers(letters: 100, cores: 1), 1)
    }

    /// A model's declared properties are its stored ones, in order; a forgotten field is named.
    func testRandomUUIDsAreVersionFourAndDistinct() {
        let made = (0..<2000).map { _ in RandomUUID.make() }
        XCTAssertEqual(Set(made).count, made.count)
        for uuid in made.prefix(200) {
            let text = uuid.uuidString
            XCTAssertEqual(Array(text)[14], "4", text)
            XCTAssertTrue("89AB".contains(Array(text)[19]), text)
            XCTAssertEqual(UUID(uuidString: text), uuid)
        }
        // Not a constant or a counter: the bytes spread over the whole range.
        let firstBytes = Set(made.map(\.uuid.0))
        XCTAssertGreaterThan(firstBytes.count, 200)
    }

    func testDeclaredPropertiesAreComparedWithTheClass() {
        let person = Person()
        XCTAssertNil(DeclaredProperties.mismatch(person, person.properties))
        var withoutOne = person.properties
        withoutOne.remove(at: 3)
        XCTAssertTrue(DeclaredProperties.mismatch(person, withoutOne)?.contains("familyName") ?? false)
        XCTAssertNotNil(DeclaredProperties.mismatch(person, Array(person.properties.reversed())), "the order counts")
    }

    /// A request still in flight when the application shuts its databases down gets an error, not a crash.
    func testAnEntryAfterShutdownFailsInsteadOfCrashing() async throws {
        let committer = AuditCommitter(keys: AuditKeyring(current: Self.key), headFile: nil, eventLoop: MultiThreadedEventLoopGroup.singleton.any()) { nil }
        let actor = AuditActor(userID: nil, username: "test", unitID: nil, unitName: "", address: "127.0.0.1")
        do {
            try await committer.append(AuditDraft(.personRead, .page, actor: actor, at: Date()))
            XCTFail("appended without a database")
        } catch {
            XCTAssertTrue("\(error)".contains("audit database closed"), "\(error)")
        }
        // Once closed (the app shutting down), an entry is refused before it waits on the committer's loop.
        let closing = AuditCommitter(keys: AuditKeyring(current: Self.key), headFile: nil, eventLoop: MultiThreadedEventLoopGroup.singleton.any()) {
            XCTFail("a closed committer asked for its database")
            return nil
        }
        closing.close()
        do {
            try await closing.append(AuditDraft(.personRead, .page, actor: actor, at: Date()))
            XCTFail("appended after close")
        } catch {
            XCTAssertTrue("\(error)".contains("audit closed"), "\(error)")
        }
    }

    static let key = try! AuditKeyring.parse("1:" + Data(repeating: 3, count: 32).base64EncodedString(), source: "test")

    func testHeadFileIsRewrittenInPlaceAndFollowsAFileReplacedByAnother() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("audit-head.json").path
        let file = HeadFile(path: path, recheck: 0)
        try file.write(ExportedHead(sequence: 12345, hash: String(repeating: "a", count: 64), first: "f"))
        try file.write(ExportedHead(sequence: 7, hash: String(repeating: "b", count: 64), first: "f"))
        XCTAssertEqual(ExportedHead.read(from: path), ExportedHead(sequence: 7, hash: String(repeating: "b", count: 64), first: "f"),
                       "a shorter head leaves nothing of the longer one behind")
        // `audit export-head` in another process replaces the file; the committer's next head lands in the new one.
        try ExportedHead(sequence: 8, hash: String(repeating: "c", count: 64), first: "f").write(to: path)
        try file.write(ExportedHead(sequence: 9, hash: String(repeating: "d", count: 64), first: "f"))
        XCTAssertEqual(ExportedHead.read(from: path)?.sequence, 9)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)).count, ExportedHead.fileLength)
    }

    func testAuditHashCoversEveryField() throws {
        let key = Self.key
        let fields = AuditChain.Fields(sequence: 1, occurredAt: "2024-11-01T10:00:00.000Z", actorUserID: "u", actorUsername: "ib",
                                       unitID: "x", unitName: "Grenchen", action: "person.read", recordType: "person",
                                       recordID: "p", detail: "", address: "127.0.0.1")
        let base = AuditChain.hash(previous: String(repeating: "0", count: 64), fields, key: key)
        XCTAssertEqual(base, AuditChain.hash(previous: String(repeating: "0", count: 64), fields, key: key))
        XCTAssertNotEqual(base, AuditChain.hash(previous: String(repeating: "1", count: 64), fields, key: key))
        let variants: [(inout AuditChain.Fields) -> Void] = [
            { $0.sequence = 2 }, { $0.occurredAt += "1" }, { $0.actorUserID = "v" }, { $0.actorUsername = "ic" },
            { $0.unitID = "y" }, { $0.unitName = "Derendingen" }, { $0.action = "person.update" }, { $0.recordType = "user" },
            { $0.recordID = "q" }, { $0.detail = "x" }, { $0.address = "10.0.0.1" }, { $0.keyID = "2" },
        ]
        for change in variants {
            var changed = fields
            change(&changed)
            XCTAssertNotEqual(base, AuditChain.hash(previous: String(repeating: "0", count: 64), changed, key: key))
        }
        // Length prefixes: moving a character between fields changes the hash.
        var shifted = fields
        shifted.recordType = "persons"
        shifted.recordID = ""
        var original = fields
        original.recordType = "person"
        original.recordID = "s"
        XCTAssertNotEqual(AuditChain.hash(previous: "", shifted, key: key), AuditChain.hash(previous: "", original, key: key))
        // Another key gives another MAC: without the key nobody recomputes the chain.
        let other = try AuditKeyring.parse("2:" + Data(repeating: 4, count: 32).base64EncodedString(), source: "test")
        XCTAssertNotEqual(AuditChain.hash(previous: "", fields, key: key), AuditChain.hash(previous: "", fields, key: other))
    }

    func testClientAddressTrustsOnlyTheOwnProxysEntry() {
        XCTAssertEqual(ClientAddress.resolve(forwardedFor: "1.2.3.4, 10.0.0.7", remote: "10.0.0.1", trustProxy: true), "10.0.0.7")
        XCTAssertEqual(ClientAddress.resolve(forwardedFor: "1.2.3.4", remote: "10.0.0.1", trustProxy: false), "10.0.0.1")
        XCTAssertEqual(ClientAddress.resolve(forwardedFor: nil, remote: nil, trustProxy: true), "unbekannt")
    }

    func testPlaceholdersAreFilledOnceAndUnknownOnesStay() {
        XCTAssertEqual(Localizer.fill("{count} Personen · {date}", ["count": "3", "date": "1.2.2026"]), "3 Personen · 1.2.2026")
        XCTAssertEqual(Localizer.fill("{a}{b}", ["a": "{b}", "b": "x"]), "{b}x")
        XCTAssertEqual(Localizer.fill("{ offen und {unbekannt} und {", ["a": "1"]), "{ offen und {unbekannt} und {")
        XCTAssertEqual(Localizer.fill("Grüezi {name}!", ["name": "Zoë"]), "Grüezi Zoë!")
    }

    func testSanitisingRemovesLineBreaks() {
        XCTAssertEqual(AuditChain.sanitised("a\nb\r\nc"), "a b  c")
    }

    /// The fast sanitiser replaces exactly what Foundation's control characters name (Cc and Cf) and
    /// cuts at the same place, for every scalar of the Basic Multilingual Plane and a few beyond.
    func testSanitisingMatchesFoundationsControlCharacters() {
        let scalars = (0..<0x1_0000).compactMap(Unicode.Scalar.init) + [0x1_F600, 0xE_0001, 0x1_D173].compactMap(Unicode.Scalar.init)
        for chunk in stride(from: 0, to: scalars.count, by: 512) {
            let text = String(String.UnicodeScalarView(scalars[chunk..<min(chunk + 512, scalars.count)]))
            let expected = String(String(String.UnicodeScalarView(text.unicodeScalars.map {
                CharacterSet.controlCharacters.contains($0) ? " " : $0
            })).prefix(300))
            XCTAssertEqual(AuditChain.sanitised(text, limit: 300), expected, "scalars from \(chunk)")
        }
        XCTAssertEqual(AuditChain.sanitised("x\u{202E}y", limit: 500), "x y")
        XCTAssertEqual(AuditChain.sanitised(String(repeating: "a", count: 20), limit: 5), "aaaaa")
    }

    func testDefaultBcryptCostIsTwelve() throws {
        XCTAssertEqual(AppConfig().bcryptCost, 12)
        let hash = try PasswordHasher(cost: 12).hash("ein langes Passwort")
        XCTAssertTrue(hash.hasPrefix("$2b$12$"), hash)
    }

    func testLongPasswordsAreNotTruncated() throws {
        let hasher = PasswordHasher(cost: 4)
        let long = String(repeating: "Wort ", count: 20)  // 100 characters
        let hash = try hasher.hash(long)
        XCTAssertTrue(hasher.verify(long, against: hash))
        XCTAssertFalse(hasher.verify(String(long.dropLast()), against: hash))
        XCTAssertFalse(hasher.verify(String(long.prefix(72)), against: hash))
    }
}

/// The audit key's configuration.
final class AuditKeyTests: XCTestCase {
    func testKeysAreReadFromTheEnvironmentOrMadeOnceForSQLite() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("si-key-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let made = try AuditKeyring.load(environment: [:], dataDirectory: folder, usesPostgres: false)
        let again = try AuditKeyring.load(environment: [:], dataDirectory: folder, usesPostgres: false)
        XCTAssertEqual(made.current.id, again.current.id)
        let permissions = try FileManager.default.attributesOfItem(atPath: folder + "/audit.key")[.posixPermissions] as? Int
        XCTAssertEqual(permissions, 0o600)
        XCTAssertThrowsError(try AuditKeyring.load(environment: [:], dataDirectory: folder, usesPostgres: true), "PostgreSQL needs a shared key")
        let given = AuditKeyring.generate(id: "2026")
        let keys = try AuditKeyring.load(environment: ["AUDIT_KEY": given, "AUDIT_PREVIOUS_KEYS": AuditKeyring.generate(id: "2025")],
                                         dataDirectory: folder, usesPostgres: true)
        XCTAssertEqual(keys.current.id, "2026")
        XCTAssertNotNil(keys.key("2025"), "old keys verify old entries")
        XCTAssertThrowsError(try AuditKeyring.parse("1:" + Data(repeating: 1, count: 16).base64EncodedString(), source: "short"))
    }
}
