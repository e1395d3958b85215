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
        // An actor without user and unit: empty texts in the arrays, stored as nulls.
        let first = try await AuditLog.appendInOneStatement([draft("first", .person(UUID()))], keys: keys, on: app.db, after: nil).head
        // A change's entry moves the head under the committer's feet.
        let change = draft("change", .person(UUID()))
        let moved = try await app.db.writeTransaction { try await AuditLog.append([change], keys: keys, on: $0) }
        XCTAssertEqual(moved?.sequence, first.sequence + 1)
        let third = try await AuditLog.appendInOneStatement([draft("third", .persons([person, UUID()]))], keys: keys, on: app.db, after: first).head
        XCTAssertEqual(third.sequence, first.sequence + 2, "chained after the moved head, not after the one it knew")
        let count = try await AuditEntry.query(on: app.db).count()
        XCTAssertEqual(count, before + 3, "the attempt after the stale head wrote nothing")
        let named = try await AuditRecordSet.sequences(naming: person.text, limit: 10, on: app.db)
        XCTAssertEqual(named, [third.sequence], "the ids are indexed with their entry")
        // The values go as one array per column: an absent user, unit or record is stored as null, not as text.
        let stored = try await AuditEntry.query(on: app.db).filter(\.$sequence == first.sequence).first()
        XCTAssertNil(try XCTUnwrap(stored).actorUserID)
        XCTAssertNil(stored?.unitID)
        let trail = try await AuditLog.appendInOneStatement([AuditDraft(.auditTrailViewed, .auditTrail, detail: "", actor: .system("test"),
                                                                        at: app.clock.now())], keys: keys, on: app.db, after: nil).head
        let withoutRecord = try await AuditEntry.query(on: app.db).filter(\.$sequence == trail.sequence).first()
        XCTAssertNil(try XCTUnwrap(withoutRecord).recordID, "no record: null")
        XCTAssertEqual(withoutRecord?.recordType, AuditRecord.auditTrail.type)
        // A batch of several entries, one with many ids and one without any, in one statement.
        let many = (0..<300).map { _ in UUID() }
        let appended = try await AuditLog.appendInOneStatement(
            [draft("many", .persons(many)), draft("none", .persons([])), draft("one", .person(person)), draft("many again", .persons(many.reversed()))],
            keys: keys, on: app.db, after: trail)
        let batch = appended.head
        XCTAssertEqual(batch.sequence, trail.sequence + 4)
        XCTAssertEqual(appended.newSets, [AuditLog.RecordSet(many)!.key], "the set of many ids, once; one id is no set")
        let manyNamed = try await AuditRecordSet.sequences(naming: many[299].text, limit: 10, on: app.db)
        XCTAssertEqual(manyNamed, [trail.sequence + 4, trail.sequence + 1])
        let again = try await AuditRecordSet.sequences(naming: person.text, limit: 10, on: app.db)
        XCTAssertEqual(again, [trail.sequence + 3, third.sequence], "newest first")
        // A set the committer knows is not written again; one it does not know is ignored where it is.
        let known = try await AuditLog.appendInOneStatement([draft("known", .persons(many))], keys: keys, on: app.db, after: batch,
                                                            written: AuditLog.WrittenSets(keys: [AuditLog.RecordSet(many)!.key], through: batch.sequence))
        XCTAssertEqual(known.newSets, [])
        let unknown = try await AuditLog.appendInOneStatement([draft("unknown", .persons(many))], keys: keys, on: app.db, after: known.head)
        XCTAssertEqual(unknown.newSets, [AuditLog.RecordSet(many)!.key])
        let rows = try await (app.db as! any SQLDatabase).raw("SELECT count(*) AS n FROM audit_record_sets WHERE record_id = \(bind: many[0].text)")
            .first(decoding: Count.self)
        XCTAssertEqual(rows?.n, 1, "one row per id of the set")
        let none = try await AuditEntry.query(on: app.db).filter(\.$sequence == trail.sequence + 2).first()
        XCTAssertEqual(none?.detail, "none")
        XCTAssertNil(none?.recordSet, "no records: no set")
        // Every value has a direct encoding, so the statement runs prepared (not PostgresKit's unnamed way). Chained
        // after a head that is not the head, it writes nothing.
        let stale = ExportedHead(sequence: 0, hash: AuditHead.genesisHash, first: nil)
        let probe = AuditLog.chained([draft("probe", .persons(many))], keys: keys, afterSequence: 0, hash: AuditHead.genesisHash)
        let prepared = try await PreparedPostgres.rows(PreparedPostgres.numbered(AuditLog.oneStatement),
                                                       AuditLog.oneStatementValues(probe, after: stale, newSets: probe.newSets()), on: app.db)
        XCTAssertEqual(try XCTUnwrap(prepared, "bound directly, prepared").first?.decode(column: "applied", as: Int.self), 0)
        let result = try await AuditLog.verify(on: app.db, keys: keys)
        XCTAssertTrue(result.isIntact, result.firstBreak?.reason ?? "")
    }

    struct Count: Decodable { let n: Int }

    /// A list names a set of records: its rows are written once, each of its records finds every entry that named it,
    /// and the same ids in another order are the same set.
    func testRecordSetsAreWrittenOnceAndFoundForEachOfTheirRecords() async throws {
        let sql = try XCTUnwrap(app.db as? any SQLDatabase)
        let (a, b, c, alone) = (UUID(), UUID(), UUID(), UUID())
        let append = { (record: AuditRecord) in
            try await self.app.auditCommitter.append(AuditDraft(.personListed, record, detail: "Liste", actor: .system("test"), at: self.app.clock.now()))
        }
        try await append(.persons([a, b, c]))
        try await append(.persons([a, b, c]))
        try await append(.persons([c, a, b]))
        try await append(.person(alone))
        // Written by another way (a change's entry in its own transaction, no committer's memory): ignored where it is.
        let change = AuditDraft(.personListed, .persons([b, a, c]), detail: "Liste", actor: .system("test"), at: app.clock.now())
        let keys = app.auditKeys
        _ = try await app.db.writeTransaction { try await AuditLog.append([change], keys: keys, on: $0) }
        let key = try XCTUnwrap(AuditLog.RecordSet([a, b, c])).key
        let rows = try await sql.raw("SELECT count(*) AS n FROM audit_record_sets WHERE set_key = \(bind: key)").first(decoding: Count.self)
        XCTAssertEqual(rows?.n, 3, "one row per id, written once for four entries")
        let entries = try await AuditEntry.query(on: app.db).filter(\.$recordSet == key).sort(\.$sequence).all()
        XCTAssertEqual(entries.count, 4, "every entry of the list names the set")
        let sequences = entries.map(\.sequence)
        for id in [a, b, c] {
            let found = try await AuditRecordSet.sequences(naming: id.text, limit: 10, on: app.db)
            XCTAssertEqual(found, sequences.reversed(), "newest first")
        }
        let newest = try await AuditRecordSet.sequences(naming: b.text, limit: 2, on: app.db)
        XCTAssertEqual(newest, Array(sequences.reversed().prefix(2)))
        let named = try await AuditRecordSet.records(namedBy: sequences[0], on: app.db)
        XCTAssertEqual(named.sorted(), [a, b, c].map(\.text).sorted())
        // One record is its own key: no rows.
        let single = try await AuditEntry.query(on: app.db).filter(\.$recordSet == alone.text).all()
        XCTAssertEqual(single.count, 1)
        let singleRows = try await sql.raw("SELECT count(*) AS n FROM audit_record_sets WHERE set_key = \(bind: alone.text)").first(decoding: Count.self)
        XCTAssertEqual(singleRows?.n, 0)
        let aloneFound = try await AuditRecordSet.sequences(naming: alone.text, limit: 10, on: app.db)
        XCTAssertEqual(aloneFound, [single[0].sequence])
        let aloneNamed = try await AuditRecordSet.records(namedBy: single[0].sequence, on: app.db)
        XCTAssertEqual(aloneNamed, [alone.text])
        // An entry that names nothing has no set.
        try await app.auditCommitter.append(AuditDraft(.auditTrailViewed, .auditTrail, detail: "", actor: .system("test"), at: app.clock.now()))
        let last = try await AuditEntry.query(on: app.db).sort(\.$sequence, .descending).first()
        XCTAssertNil(try XCTUnwrap(last).recordSet)
        let nothing = try await AuditRecordSet.records(namedBy: last!.sequence, on: app.db)
        XCTAssertEqual(nothing, [])
        // Entries written before the sets are found in the old index.
        let earlier = UUID()
        try await sql.raw("INSERT INTO audit_record_refs (sequence, record_id) VALUES (\(bind: sequences[0]), \(bind: earlier.text))").run()
        let earlierFound = try await AuditRecordSet.sequences(naming: earlier.text, limit: 10, on: app.db)
        XCTAssertEqual(earlierFound, [sequences[0]])
        let withEarlier = try await AuditRecordSet.records(namedBy: sequences[0], on: app.db)
        XCTAssertEqual(withEarlier.sorted(), ([a, b, c, earlier]).map(\.text).sorted())
        let result = try await AuditLog.verify(on: app.db, keys: app.auditKeys)
        XCTAssertTrue(result.isIntact, result.firstBreak?.reason ?? "")
    }

    /// `verify` compares the index beside the chain (an entry's set, the set's rows) with the records the entry's
    /// hashed fields name: an index that drifted would hide the entry from «who saw this person».
    func testVerifyFindsAnIndexThatNoLongerNamesWhatTheEntryNames() async throws {
        let sql = try XCTUnwrap(app.db as? any SQLDatabase)
        let (a, b, c, alone) = (UUID(), UUID(), UUID(), UUID())
        for record in [AuditRecord.persons([a, b, c]), .person(alone), .persons([b, c])] {
            try await app.auditCommitter.append(AuditDraft(.personListed, record, detail: "Liste · ids: kein Verweis", actor: .system("test"), at: app.clock.now()))
        }
        func verified() async throws -> AuditLog.Verification { try await AuditLog.verify(on: app.db, keys: app.auditKeys) }
        let intact = try await verified()
        XCTAssertTrue(intact.isIntact, intact.firstBreak?.reason ?? "")
        let key = try XCTUnwrap(AuditLog.RecordSet([a, b, c])).key
        let listed = try await AuditEntry.query(on: app.db).filter(\.$recordSet == key).first()!.sequence
        let single = try await AuditEntry.query(on: app.db).filter(\.$recordSet == alone.text).first()!.sequence

        // A person taken out of the set's rows.
        try await sql.raw("DELETE FROM audit_record_sets WHERE set_key = \(bind: key) AND record_id = \(bind: b.text)").run()
        let removed = try await verified()
        XCTAssertEqual(removed.firstBreak?.sequence, listed)
        XCTAssertTrue(removed.firstBreak?.reason.contains("Index der genannten Datensätze") == true, removed.firstBreak?.reason ?? "")
        try await sql.raw("INSERT INTO audit_record_sets (set_key, record_id) VALUES (\(bind: key), \(bind: b.text))").run()
        let restored = try await verified()
        XCTAssertTrue(restored.isIntact, restored.firstBreak?.reason ?? "")
        // A person added to the set's rows.
        try await sql.raw("INSERT INTO audit_record_sets (set_key, record_id) VALUES (\(bind: key), \(bind: alone.text))").run()
        let added = try await verified()
        XCTAssertEqual(added.firstBreak?.sequence, listed)
        try await sql.raw("DELETE FROM audit_record_sets WHERE set_key = \(bind: key) AND record_id = \(bind: alone.text)").run()
        // An entry pointed at another list, or one person's entry at another person.
        let other = try XCTUnwrap(AuditLog.RecordSet([b, c])).key
        try await sql.raw("UPDATE audit_entries SET record_set = \(bind: other) WHERE sequence = \(bind: listed)").run()
        let moved = try await verified()
        XCTAssertEqual(moved.firstBreak?.sequence, listed)
        try await sql.raw("UPDATE audit_entries SET record_set = \(bind: key) WHERE sequence = \(bind: listed)").run()
        try await sql.raw("UPDATE audit_entries SET record_set = \(bind: UUID().text) WHERE sequence = \(bind: single)").run()
        let elsewhere = try await verified()
        XCTAssertEqual(elsewhere.firstBreak?.sequence, single)
        XCTAssertEqual(elsewhere.checked, single - 1, "the chain up to it is intact")
    }

    /// The committer does not write a set's rows again, unless it finds the trail shorter than it left it (a restore,
    /// a failover to a replica behind): then the set's rows may be gone with the entries, and it writes them again.
    func testTheCommitterWritesSetsAgainWhenTheTrailWentBack() async throws {
        let sql = try XCTUnwrap(app.db as? any SQLDatabase)
        let ids = [UUID(), UUID(), UUID()]
        let key = try XCTUnwrap(AuditLog.RecordSet(ids)).key
        let list = { AuditDraft(.personListed, .persons(ids), detail: "Liste", actor: .system("test"), at: self.app.clock.now()) }
        try await app.auditCommitter.append(list())
        let before = try await AuditEntry.query(on: app.db).sort(\.$sequence, .descending).first()
        let first = try XCTUnwrap(before)
        // Rows deleted behind the committer's back while the trail goes on: it remembers the set and writes no rows.
        try await sql.raw("DELETE FROM audit_record_sets WHERE set_key = \(bind: key)").run()
        try await app.auditCommitter.append(list())
        let unwritten = try await sql.raw("SELECT count(*) AS n FROM audit_record_sets WHERE set_key = \(bind: key)").first(decoding: Count.self)
        XCTAssertEqual(unwritten?.n, 0, "a set the committer wrote is not written again")
        // The database goes back to before the first list: its entries and the set's rows are gone.
        let previous = try await AuditEntry.query(on: app.db).filter(\.$sequence == first.sequence - 1).first()
        let back = try XCTUnwrap(previous)
        try await sql.raw("DELETE FROM audit_entries WHERE sequence >= \(bind: first.sequence)").run()
        try await sql.raw("UPDATE audit_head SET sequence = \(bind: back.sequence), hash = \(bind: back.hash) WHERE id = 1").run()
        try await app.auditCommitter.append(list())
        let rows = try await sql.raw("SELECT count(*) AS n FROM audit_record_sets WHERE set_key = \(bind: key)").first(decoding: Count.self)
        XCTAssertEqual(rows?.n, 3, "written again after the trail went back")
        let found = try await AuditRecordSet.sequences(naming: ids[1].text, limit: 5, on: app.db)
        XCTAssertEqual(found, [first.sequence], "the new entry took the lost one's number, and is found")
        let result = try await AuditLog.verify(on: app.db, keys: app.auditKeys)
        XCTAssertTrue(result.isIntact, result.firstBreak?.reason ?? "")
    }

    func testARecordSetsKeyDependsOnItsIdsNotOnTheirOrder() throws {
        let (a, b, c) = (UUID(), UUID(), UUID())
        let set = try XCTUnwrap(AuditLog.RecordSet([a, b, c]))
        XCTAssertEqual(AuditLog.RecordSet([c, b, a, b]), set, "order and repetition do not matter")
        XCTAssertNotEqual(AuditLog.RecordSet([a, b])?.key, set.key)
        XCTAssertEqual(set.members, [a, b, c].map(\.text).sorted())
        XCTAssertTrue(set.key.hasPrefix("set:"))
        XCTAssertEqual(set.key.count, 4 + 32)
        XCTAssertTrue(set.key.dropFirst(4).allSatisfy { "0123456789abcdef".contains($0) })
        XCTAssertEqual(AuditLog.RecordSet([a, a])?.key, a.text, "one record: its id")
        XCTAssertEqual(AuditLog.RecordSet([a])?.members, [])
        XCTAssertNil(AuditLog.RecordSet([]))
    }

    /// Reverting the sets puts their ids into the old index (nothing lost); preparing them again moves what
    /// SQLite's committer left in its backlog into that index.
    func testTheRecordSetsMigrationLosesNoId() async throws {
        let sql = try XCTUnwrap(app.db as? any SQLDatabase)
        let (a, b) = (UUID(), UUID())
        let single = UUID()
        try await app.auditCommitter.append(AuditDraft(.personListed, .persons([a, b]), detail: "Liste", actor: .system("test"), at: app.clock.now()))
        try await app.auditCommitter.append(AuditDraft(.personRead, .person(single), detail: "", actor: .system("test"), at: app.clock.now()))
        let listed = try await AuditRecordSet.sequences(naming: a.text, limit: 5, on: app.db)
        XCTAssertEqual(listed.count, 1)
        let read = try await AuditRecordSet.sequences(naming: single.text, limit: 5, on: app.db)
        XCTAssertEqual(read.count, 1)
        try await AddAuditRecordSets().revert(on: app.db)
        struct Ref: Decodable, Equatable { let sequence: Int; let record_id: String }
        let refs = try await sql.raw("SELECT sequence, record_id FROM audit_record_refs WHERE sequence = \(bind: listed[0]) ORDER BY record_id")
            .all(decoding: Ref.self)
        XCTAssertEqual(refs, [a, b].map(\.text).sorted().map { Ref(sequence: listed[0], record_id: $0) })
        let singleRefs = try await sql.raw("SELECT sequence, record_id FROM audit_record_refs WHERE record_id = \(bind: single.text)").all(decoding: Ref.self)
        XCTAssertEqual(singleRefs, [Ref(sequence: read[0], record_id: single.text)], "one record's entry too")
        let waiting = UUID()
        if sql.dialect.name == "sqlite" {
            try await sql.raw("INSERT INTO audit_record_backlog (sequence, record_ids) VALUES (\(bind: listed[0]), \(bind: "[\"\(waiting.text)\"]"))").run()
        }
        try await AddAuditRecordSets().prepare(on: app.db)
        let found = try await AuditRecordSet.sequences(naming: a.text, limit: 5, on: app.db)
        XCTAssertEqual(found, listed, "found again, now in the old index")
        let singleFound = try await AuditRecordSet.sequences(naming: single.text, limit: 5, on: app.db)
        XCTAssertEqual(singleFound, read)
        if sql.dialect.name == "sqlite" {
            let moved = try await AuditRecordSet.sequences(naming: waiting.text, limit: 5, on: app.db)
            XCTAssertEqual(moved, listed, "the backlog's id moved into the old index")
            let left = try await sql.raw("SELECT count(*) AS n FROM audit_record_backlog").first(decoding: Count.self)
            XCTAssertEqual(left?.n, 0)
        }
        // Sets are written again (by a process started after the migration: this committer remembers the set's rows
        // from before the revert, as the comment on `writtenSets` says).
        let change = AuditDraft(.personListed, .persons([a, b]), detail: "Liste", actor: .system("test"), at: app.clock.now())
        let keys = app.auditKeys
        _ = try await app.db.writeTransaction { try await AuditLog.append([change], keys: keys, on: $0) }
        let again = try await AuditRecordSet.sequences(naming: b.text, limit: 5, on: app.db)
        XCTAssertEqual(again.count, 2)
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
