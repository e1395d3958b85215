import Fluent
import SQLKit
import XCTVapor
@testable import App
import Domain
import Persistence
@testable import Platform
import SystemAccess

final class AuditTrailTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make() }
    override func tearDown() async throws { try await app.asyncShutdown(); app = nil }

    func testReadsAndChangesOfPersonsAreAudited() async throws {
        let client = TestClient(app)
        _ = try await client.login("ib.grenchen")
        let person = try await app.person(named: "Samira", "Al-Rina")
        let page = try await client.get("/personen/\(person.id!.uuidString)")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("Samira Al-Rina"))
        XCTAssertTrue(page.body.contains("Syrien"))
        let reads = try await app.auditEntries(action: .personRead)
        let read = try XCTUnwrap(reads.last)
        XCTAssertEqual(read.actorUsername, "ib.grenchen")
        XCTAssertEqual(read.unitName, "Grenchen")
        XCTAssertEqual(read.recordID, person.id!.uuidString)
        XCTAssertTrue(read.occurredAt.hasSuffix("Z"), "UTC")

        try await client.get("/personen/\(person.id!.uuidString)/bearbeiten")
        try await client.post("/personen/\(person.id!.uuidString)/bearbeiten",
                              editForm(person, ["phone": "032 652 11 22", "email": "samira@example.org", "focusNote": "Deutschkurs"]))
        let changes = try await app.auditEntries(action: .personUpdated)
        let change = try XCTUnwrap(changes.last)
        XCTAssertEqual(change.recordID, person.id!.uuidString)
        XCTAssertEqual(change.detail, "geändert: phone, email, focusNote")
        XCTAssertFalse(change.detail.contains("652"), "no personal contents in the trail")

        let verification = try await AuditLog.verify(on: app.db, keys: app.auditKeys)
        XCTAssertTrue(verification.isIntact)
        XCTAssertGreaterThan(verification.checked, 5)
    }

    func testEditingAnEntryIsDetectedAndNamed() async throws {
        try await produceEntries()
        let sql = app.db as! any SQLDatabase
        try await sql.update(AuditEntry.schema).set("detail", to: "harmlos").where("sequence", .equal, 4).run()
        let result = try await AuditLog.verify(on: app.db, keys: app.auditKeys)
        XCTAssertEqual(result.firstBreak?.sequence, 4)
        XCTAssertEqual(result.checked, 3)
        XCTAssertTrue(result.firstBreak!.reason.contains("verändert"))
    }

    func testDeletingAnEntryIsDetectedAndNamed() async throws {
        try await produceEntries()
        let sql = app.db as! any SQLDatabase
        try await sql.delete(from: AuditEntry.schema).where("sequence", .equal, 3).run()
        let result = try await AuditLog.verify(on: app.db, keys: app.auditKeys)
        XCTAssertEqual(result.firstBreak?.sequence, 3)
        XCTAssertTrue(result.firstBreak!.reason.contains("fehlt"))
    }

    func testCuttingOffTheNewestEntriesIsDetected() async throws {
        try await produceEntries()
        let sql = app.db as! any SQLDatabase
        let head = try await AuditHead.find(1, on: app.db)!
        try await sql.delete(from: AuditEntry.schema).where("sequence", .equal, head.sequence).run()
        let result = try await AuditLog.verify(on: app.db, keys: app.auditKeys)
        XCTAssertEqual(result.firstBreak?.sequence, head.sequence)
    }

    func testRehashingAnEditedEntryStillBreaksTheNextOne() async throws {
        try await produceEntries()
        // An attacker who edits entry 2 and recomputes its own hash still breaks entry 3's link.
        let entry = try await AuditEntry.query(on: app.db).filter(\.$sequence == 2).first()!
        entry.detail = "gefälscht"
        // Even with the key (an insider), a recomputed entry breaks the link of the next one.
        entry.hash = AuditChain.hash(previous: entry.previousHash, AuditLog.fields(of: entry), key: app.auditKeys.current)
        try await entry.update(on: app.db)
        let result = try await AuditLog.verify(on: app.db, keys: app.auditKeys)
        XCTAssertEqual(result.firstBreak?.sequence, 3)
    }

    func testConcurrentAppendsKeepOneChain() async throws {
        let db = app.db
        let now = app.clock.now()
        let committer = app.auditCommitter
        let keys = app.auditKeys
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Half through the group committer (reads; half of those answered on an event loop, as requests
            // are), half in transactions of their own (changes).
            for index in 0..<40 {
                group.addTask {
                    let draft = AuditDraft(.personRead, .person(UUID()), detail: "p\(index)", actor: .system("test"), at: now)
                    if index.isMultiple(of: 4) {
                        try await committer.append(draft, answerOn: MultiThreadedEventLoopGroup.singleton.any())
                    } else if index.isMultiple(of: 2) {
                        try await committer.append(draft)
                    } else {
                        _ = try await db.writeTransaction { tx in try await AuditLog.append([draft], keys: keys, on: tx) }
                    }
                }
            }
            try await group.waitForAll()
        }
        let result = try await AuditLog.verify(on: app.db, keys: app.auditKeys)
        XCTAssertTrue(result.isIntact, result.firstBreak?.reason ?? "")
    }

    func testOneStatementAppendChainsAfterAHeadMovedByOthers() async throws {
        guard let sql = app.db as? any SQLDatabase, sql.dialect.name == "postgresql" else {
            throw XCTSkip("the one-statement append is PostgreSQL's committer's (SQLite's commits on a connection of its own)")
        }
        let keys = app.auditKeys
        let person = UUID()
        let draft = { (detail: String, ids: AuditRecord) in AuditDraft(.personRead, ids, detail: detail, actor: .system("test"), at: self.app.clock.now()) }
        let before = try await AuditEntry.query(on: app.db).count()
        // An actor without user and unit: its nulls are typed in the statement's value list.
        let first = try await AuditLog.appendInOneStatement([draft("first", .person(UUID()))], keys: keys, on: app.db, after: nil)
        // A change's entry moves the head under the committer's feet.
        let change = draft("change", .person(UUID()))
        let moved = try await app.db.writeTransaction { try await AuditLog.append([change], keys: keys, on: $0) }
        XCTAssertEqual(moved?.sequence, first.sequence + 1)
        let third = try await AuditLog.appendInOneStatement([draft("third", .persons([person, UUID()]))], keys: keys, on: app.db, after: first)
        XCTAssertEqual(third.sequence, first.sequence + 2, "chained after the moved head, not after the one it knew")
        let count = try await AuditEntry.query(on: app.db).count()
        XCTAssertEqual(count, before + 3, "the attempt after the stale head wrote nothing")
        let named = try await AuditRecordIndex.sequences(naming: person.text, limit: 10, on: app.db)
        XCTAssertEqual(named, [third.sequence], "the ids are indexed with their entry")
        // The values go as one array per column: an absent user, unit or record is stored as null, not as text.
        let stored = try await AuditEntry.query(on: app.db).filter(\.$sequence == first.sequence).first()
        XCTAssertNil(try XCTUnwrap(stored).actorUserID)
        XCTAssertNil(stored?.unitID)
        let trail = try await AuditLog.appendInOneStatement([AuditDraft(.auditTrailViewed, .auditTrail, detail: "", actor: .system("test"),
                                                                        at: app.clock.now())], keys: keys, on: app.db, after: nil)
        let withoutRecord = try await AuditEntry.query(on: app.db).filter(\.$sequence == trail.sequence).first()
        XCTAssertNil(try XCTUnwrap(withoutRecord).recordID, "no record: null")
        XCTAssertEqual(withoutRecord?.recordType, AuditRecord.auditTrail.type)
        // A batch of several entries, one with many ids and one without any, in one statement.
        let many = (0..<300).map { _ in UUID() }
        let batch = try await AuditLog.appendInOneStatement([draft("many", .persons(many)), draft("none", .persons([])), draft("one", .person(person))],
                                                            keys: keys, on: app.db, after: trail)
        XCTAssertEqual(batch.sequence, trail.sequence + 3)
        let manyNamed = try await AuditRecordIndex.sequences(naming: many[299].text, limit: 10, on: app.db)
        XCTAssertEqual(manyNamed, [trail.sequence + 1])
        let again = try await AuditRecordIndex.sequences(naming: person.text, limit: 10, on: app.db)
        XCTAssertEqual(again, [batch.sequence, third.sequence], "newest first")
        let result = try await AuditLog.verify(on: app.db, keys: keys)
        XCTAssertTrue(result.isIntact, result.firstBreak?.reason ?? "")
    }

    func testRecordIndexBacklogIsFoundAndMovesIntoTheIndex() async throws {
        guard let writer = (app.databases.configuration(for: .audit) as? SQLiteWithReaders)?.writer else {
            throw XCTSkip("the backlog is the SQLite committer's (PostgreSQL indexes each id at once)")
        }
        let person = UUID()
        let draft = { (detail: String) in
            AuditDraft(.personRead, .person(person), detail: detail, actor: .system("test"), at: self.app.clock.now())
        }
        try await app.auditCommitter.append(draft("before"))
        let first = try await AuditRecordIndex.sequences(naming: person.text, limit: 10, on: app.db)
        XCTAssertEqual(first.count, 1, "a read's id is found")
        let pending = try await AuditRecordBacklog.query(on: app.db).filter(\.$sequence == first[0]).all()
        XCTAssertEqual(pending.map(\.recordIDs), ["[\"\(person.text)\"]"], "in the backlog, one row per entry")
        let named = try await AuditRecordIndex.records(namedBy: first[0], on: app.db)
        XCTAssertEqual(named, [person.text])

        let moved = try AuditLog.indexBacklog(writer: writer)
        XCTAssertGreaterThanOrEqual(moved.moved, 1)
        XCTAssertEqual(moved.left, 0)
        let left = try await AuditRecordBacklog.query(on: app.db).count()
        XCTAssertEqual(left, 0, "the backlog is empty after the move")
        let indexed = try await AuditRecordIndex.query(on: app.db).filter(\.$recordID == person.text).all().map(\.sequence)
        XCTAssertEqual(indexed, first, "the id is in the index now")

        try await app.auditCommitter.append(draft("after"))
        let both = try await AuditRecordIndex.sequences(naming: person.text, limit: 10, on: app.db)
        XCTAssertEqual(both.count, 2)
        XCTAssertEqual(both, both.sorted(by: >), "index and backlog together, newest first")
        let newest = try await AuditRecordIndex.sequences(naming: person.text, limit: 1, on: app.db)
        XCTAssertEqual(newest, [both[0]])
        let result = try await AuditLog.verify(on: app.db, keys: app.auditKeys)
        XCTAssertTrue(result.isIntact, result.firstBreak?.reason ?? "")
    }

    func testRecordIndexBacklogMovesItsOldestEntriesFirstAndKeepsTheRest() async throws {
        guard let writer = (app.databases.configuration(for: .audit) as? SQLiteWithReaders)?.writer else {
            throw XCTSkip("the backlog is the SQLite committer's")
        }
        try AuditLog.indexBacklog(writer: writer)
        let lists = (0..<3).map { _ in [UUID(), UUID(), UUID()] }
        for (index, ids) in lists.enumerated() {
            try await app.auditCommitter.append(AuditDraft(.personListed, .persons(ids), detail: "Liste \(index)", actor: .system("test"),
                                                           at: app.clock.now()))
        }
        // Four ids fit one list of three, not two: the oldest list moves alone.
        let first = try AuditLog.indexBacklog(writer: writer, ids: 4)
        XCTAssertEqual(first.moved, 3)
        XCTAssertEqual(first.left, 6)
        for id in lists[0] {
            let indexed = try await AuditRecordIndex.query(on: app.db).filter(\.$recordID == id.text).count()
            XCTAssertEqual(indexed, 1, "the oldest list's ids are in the index")
        }
        for id in lists[2] {
            let indexed = try await AuditRecordIndex.query(on: app.db).filter(\.$recordID == id.text).count()
            XCTAssertEqual(indexed, 0, "the newest list's ids wait")
            let found = try await AuditRecordIndex.sequences(naming: id.text, limit: 5, on: app.db)
            XCTAssertEqual(found.count, 1, "and are found in the backlog")
        }
        // A limit smaller than one entry still moves that entry (the backlog always shrinks).
        let second = try AuditLog.indexBacklog(writer: writer, ids: 1)
        XCTAssertEqual(second.moved, 3)
        XCTAssertEqual(second.left, 3)
        let rest = try AuditLog.indexBacklog(writer: writer)
        XCTAssertEqual(rest.moved, 3)
        XCTAssertEqual(rest.left, 0)
    }

    func testCommitterMovesTheBacklogIntoTheIndexOnceItIsFull() async throws {
        guard let writer = (app.databases.configuration(for: .audit) as? SQLiteWithReaders)?.writer else {
            throw XCTSkip("the backlog is the SQLite committer's")
        }
        try AuditLog.indexBacklog(writer: writer)
        let lists = (0..<45).map { _ in (0..<50).map { _ in UUID() } }
        for ids in lists {
            try await app.auditCommitter.append(AuditDraft(.personListed, .persons(ids), detail: "Liste", actor: .system("test"),
                                                           at: app.clock.now()))
        }
        // The committer reads the chunk's index pages ahead on a thread of its own, and a later batch moves it.
        var left = try AuditLog.backlogCount(writer: writer)
        for _ in 0..<200 where left >= AuditCommitter.backlogLimit {
            try await app.auditCommitter.append(AuditDraft(.auditTrailViewed, .auditTrail, detail: "", actor: .system("test"), at: app.clock.now()))
            try await Task.sleep(for: .milliseconds(10))
            left = try AuditLog.backlogCount(writer: writer)
        }
        XCTAssertLessThan(left, AuditCommitter.backlogLimit, "2,250 ids were named; the committer moved some")
        XCTAssertGreaterThan(left, 0, "the newest wait")
        let oldest = try await AuditRecordIndex.query(on: app.db).filter(\.$recordID == lists[0][0].text).count()
        XCTAssertEqual(oldest, 1, "the oldest list's ids went first")
        for ids in [lists[0], lists[44]] {
            let found = try await AuditRecordIndex.sequences(naming: ids[49].text, limit: 5, on: app.db)
            XCTAssertEqual(found.count, 1, "every id is found, moved or waiting")
        }
        let result = try await AuditLog.verify(on: app.db, keys: app.auditKeys)
        XCTAssertTrue(result.isIntact, result.firstBreak?.reason ?? "")
    }

    func testEntryIDsGrowWithTime() {
        let earlier = AuditLog.timeOrderedID(now: Date(timeIntervalSince1970: 1_800_000_000))
        let later = AuditLog.timeOrderedID(now: Date(timeIntervalSince1970: 1_800_000_000.002))
        XCTAssertLessThan(earlier.text, later.text, "the id's text sorts by time")
        XCTAssertEqual(Array(earlier.text)[14], "7", "version 7")
        XCTAssertTrue("89AB".contains(Array(earlier.text)[19]), "RFC 4122 variant")
        XCTAssertNotEqual(AuditLog.timeOrderedID(now: Date(timeIntervalSince1970: 1)), AuditLog.timeOrderedID(now: Date(timeIntervalSince1970: 1)))
    }

    func testAdministratorBrowsesFiltersAndVerifies() async throws {
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        let person = try await app.person(named: "Karim", "Al-Rina")
        try await officer.get("/personen/\(person.id!.uuidString)")

        let admin = TestClient(app)
        _ = try await admin.login("admin")
        let all = try await admin.get("/verwaltung/audit")
        XCTAssertEqual(all.status, .ok)
        XCTAssertTrue(all.body.contains("<td>Person angezeigt</td>"))
        let filtered = try await admin.get("/verwaltung/audit?benutzer=ib.grenchen&aktion=person.read")
        XCTAssertTrue(filtered.body.contains(person.id!.uuidString))
        XCTAssertFalse(filtered.body.contains("<td>Anmeldung erfolgreich</td>"))
        let byRecord = try await admin.get("/verwaltung/audit?datensatz=\(person.id!.uuidString)")
        XCTAssertTrue(byRecord.body.contains("ib.grenchen"))
        let badDate = try await admin.get("/verwaltung/audit?von=2024-02-30")
        XCTAssertEqual(badDate.status, .unprocessableEntity)
        XCTAssertTrue(badDate.body.contains("gültiges Datum"))
        XCTAssertTrue(badDate.body.contains("value=\"2024-02-30\""))
        let verified = try await admin.post("/verwaltung/audit/pruefen")
        XCTAssertTrue(verified.body.contains("Der Audit-Trail ist intakt"))
    }

    private func produceEntries() async throws {
        let client = TestClient(app)
        _ = try await client.login("ib.grenchen")
        for name in [("Karim", "Al-Rina"), ("Marija", "Ivanova"), ("Adil", "Al-Rina")] {
            let person = try await app.person(named: name.0, name.1)
            try await client.get("/personen/\(person.id!.uuidString)")
        }
        let value22 = try await AuditLog.verify(on: app.db, keys: app.auditKeys).isIntact
        XCTAssertTrue(value22)
    }
}
