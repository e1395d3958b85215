import Domain
import Fluent
import FluentPostgresDriver
import FluentSQL
import Persistence
@testable import Persons
import Platform
import SQLiteKit
import SystemAccess
import XCTVapor
import XCTest

/// On SQLite, list rows and models are read by a writer and decoder of the project's own (DirectSQLite);
/// they must find, order and decode exactly what Fluent does (on PostgreSQL both sides go through Fluent).
final class DirectReadTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make() }
    override func tearDown() async throws { try await app.asyncShutdown(); app = nil }

    /// The municipality with the most persons. Ids are random: the municipality of "the first person" may hold
    /// only one, and a paged read there would compare empty lists (a CI run failed so).
    static func largestMunicipality(of persons: [Person]) throws -> (key: UUID, value: [Person]) {
        let largest = try XCTUnwrap(Dictionary(grouping: persons, by: { $0.$municipality.id }).max { $0.value.count < $1.value.count })
        XCTAssertGreaterThan(largest.value.count, 6, "the demo data has a municipality with persons to page through")
        return largest
    }

    func testDirectReadsFindOrderAndDecodeWhatFluentDoes() async throws {
        let db = app.db
        let all = try await Unscoped.query(Person.self, on: db).all()
        XCTAssertGreaterThan(all.count, 5, "the demo data has persons to compare")
        let largest = try Self.largestMunicipality(of: all)
        let municipality = largest.key
        // Ids inside the scope and outside it.
        let someIDs = largest.value.prefix(3).map { $0.id! } + all.filter { $0.$municipality.id != municipality }.prefix(3).map { $0.id! }
        let scope = try await Sessions.scope(role: .integrationOfficer, unitKind: .municipality, municipalityID: municipality,
                                             leadGroupID: nil, on: db)
        let born = all.map(\.birthDate).sorted()[all.count / 2]
        // The beginnings of a person's two names, as a search folds them.
        let named = largest.value[0]
        let family = String(SearchKeys.words(named.familyName)[0].prefix(3)), given = String(SearchKeys.words(named.givenName)[0].prefix(2))
        let queries: [(String, @Sendable () -> QueryBuilder<Person>)] = [
            ("order over several columns", { Unscoped.query(Person.self, on: db).sort(\.$familyName).sort(\.$givenName, .descending).sort(\.$id) }),
            ("equality, range, limit and offset", {
                Unscoped.query(Person.self, on: db).filter(\.$municipality.$id == municipality).filter(\.$birthDate >= born)
                    .sort(\.$birthDate, .descending).sort(\.$id).range(1..<4)
            }),
            ("null", { Unscoped.query(Person.self, on: db).filter(\.$closedOn == nil).sort(\.$id) }),
            ("not null and unequal", { Unscoped.query(Person.self, on: db).filter(\.$permit != nil).filter(\.$sex != .other).sort(\.$id) }),
            ("one of and none of", {
                Unscoped.query(Person.self, on: db).filter(\.$stage ~~ [.toTriage, .planned, .held]).filter(\.$permit !~ [.s]).sort(\.$id)
            }),
            ("an empty list", { Unscoped.query(Person.self, on: db).filter(\.$id ~~ [UUID]()) }),
            ("either", {
                Unscoped.query(Person.self, on: db).group(.or) { $0.filter(\.$sex == .female).filter(\.$targetGroup == nil) }
                    .sort(\.$birthDate).sort(\.$id)
            }),
            ("below and up to, both within either", {
                Unscoped.query(Person.self, on: db).group(.or) { either in
                    either.group(.and) { $0.filter(\.$birthDate < born).filter(\.$sex == .male) }
                    either.filter(\.$birthDate <= born)
                }.sort(\.$id)
            }),
            ("the scope's ids with their municipality unindexed", {
                scope.query(Person.self, ids: someIDs, on: db).sort(\.$id)
            }),
            ("ids found by lookups, united and intersected (a name search)", {
                PersonSearch.matching([family, given], scope: scope, on: db).sort(\.$id)
            }),
        ]
        let direct = db is any SQLiteDatabase
        for (name, query) in queries {
            if direct { XCTAssertNotNil(try DirectSQLite.select(query().query, columns: []), "\(name): read directly on SQLite") }
            let expected = try await query().all()
            if name != "an empty list" { XCTAssertFalse(expected.isEmpty, "\(name): the comparison is not between two empty lists") }
            let rows = try await query().personRows()
            XCTAssertEqual(rows.map(\.id), expected.map { $0.id! }, name)
            XCTAssertEqual(rows.map(\.birthDate), expected.map(\.birthDate), name)
            XCTAssertEqual(rows.map(\.moveInDate), expected.map(\.moveInDate), name)
            XCTAssertEqual(rows.map(\.permit), expected.map(\.permit), name)
            XCTAssertEqual(rows.map(\.targetGroup), expected.map(\.targetGroup), name)
            XCTAssertEqual(rows.map(\.stage), expected.map(\.stage), name)
            XCTAssertEqual(rows.map(\.householdID), expected.map { $0.$household.id }, name)
            let models = try await query().fetch()
            XCTAssertEqual(models.map(\.id), expected.map(\.id), name)
            XCTAssertEqual(models.map(\.createdAt), expected.map(\.createdAt), name)
            XCTAssertEqual(models.map(\.germanLevel), expected.map(\.germanLevel), name)
            XCTAssertEqual(models.map(\.socialAssistance), expected.map(\.socialAssistance), name)
            XCTAssertEqual(models.map(\.motherTongue), expected.map(\.motherTongue), name)
        }
        let emptyList = try await queries[5].1().personRows()
        XCTAssertTrue(emptyList.isEmpty)
        // Inside a transaction the direct reader uses the transaction's connection (it sees its own writes).
        try await db.transaction { tx in
            let person = try await Unscoped.query(Person.self, on: tx).sort(\.$id).fetchFirst()!
            person.givenName = "Geändert im Ablauf"
            try await person.update(on: tx)
            let read = try await Unscoped.query(Person.self, on: tx).filter(\.$id == person.id!).personRows()
            XCTAssertEqual(read.map(\.givenName), ["Geändert im Ablauf"])
        }
    }

    /// Outside a transaction the reads run on the read-only connections with their statements kept
    /// prepared (`SQLiteReaders`): the same statement with other values finds other rows, and a write
    /// through Fluent's connections is seen at once.
    func testReadsRunOnTheReadOnlyConnectionsAndSeeWhatWasJustWritten() async throws {
        let db = app.db
        guard db is any SQLiteDatabase else { throw XCTSkip("the readers are SQLite's") }
        let readers = try XCTUnwrap((db.context.configuration as? SQLiteWithReaders)?.readers, "the app reads SQLite through its readers")
        XCTAssertThrowsError(try readers.read("UPDATE persons SET given_name = 'x'", [], { _ in }), "the readers cannot write")
        let persons = try await Unscoped.query(Person.self, on: db).sort(\.$id).limit(2).all()
        XCTAssertEqual(persons.count, 2)
        @Sendable func name(_ id: UUID) async throws -> String? {
            try await Unscoped.query(Person.self, on: db).filter(\.$id == id).personRows().first?.givenName
        }
        let first = try await name(persons[0].id!), second = try await name(persons[1].id!)
        XCTAssertEqual(first, persons[0].givenName)
        XCTAssertEqual(second, persons[1].givenName)
        persons[0].givenName = "Nach dem Lesen geändert"
        try await persons[0].update(on: db)
        let changed = try await name(persons[0].id!)
        XCTAssertEqual(changed, "Nach dem Lesen geändert")
        // These reads did go through the readers: once they are closed, a read fails.
        readers.close()
        do {
            _ = try await name(persons[1].id!)
            XCTFail("a read after the readers closed")
        } catch is SQLiteReadError {}
    }

    /// On PostgreSQL the reads run as named prepared statements (`PreparedPostgres`) and their rows are decoded
    /// from the bytes (`PostgresDirectRow`): the same values as PostgresKit's Codable rows, the statement kept
    /// by the connection and found again, and a value it cannot bind left to PostgresKit.
    func testPostgresReadsArePreparedAndDecodeWhatPostgresKitDoes() async throws {
        XCTAssertEqual(PreparedPostgres.numbered(#"SELECT "a" FROM "t" WHERE "b" = ? AND "c" IN (?, ?)"#),
                       #"SELECT "a" FROM "t" WHERE "b" = $1 AND "c" IN ($2, $3)"#)
        let db = app.db
        guard db is any PostgresDatabase, let sql = db as? any SQLDatabase else { throw XCTSkip("PostgreSQL only") }
        let born = CalendarDate(year: 1950, month: 1, day: 1)!
        let text = """
            SELECT id, household_id, given_name, mother_tongue, birth_date, stage, permit, created_at, social_assistance,
                   email, target_group
            FROM persons WHERE stage <> $1 AND birth_date >= $2 AND closed_on IS NULL AND given_name <> $3 ORDER BY id
            """
        let binds: [any Encodable & Sendable] = [InformierenStage.closed, born, "niemand"]
        struct Person_: Decodable, Equatable {
            let id: UUID, household_id: UUID, given_name: String, mother_tongue: String?, birth_date: CalendarDate
            let stage: InformierenStage, permit: ResidencePermit?, created_at: Date?, social_assistance: Bool
            let email: String?, target_group: TargetGroup?
        }
        let expected = try await sql.raw(SQLQueryString(text.replacingOccurrences(of: "$1", with: "'closed'")
            .replacingOccurrences(of: "$2", with: "'\(born)'").replacingOccurrences(of: "$3", with: "'niemand'"))).all(decoding: Person_.self)
        XCTAssertGreaterThan(expected.count, 5, "the demo data has persons to compare")
        XCTAssertTrue(expected.contains { $0.email == nil || $0.target_group == nil }
                      && expected.contains { $0.email != nil || $0.target_group != nil }, "both kinds of optional value")
        let prepared = try await PreparedPostgres.rows(text, binds, on: db)
        let rows = try XCTUnwrap(prepared, "enums, dates and text are bound directly")
        XCTAssertEqual(try rows.map { try $0.decode(model: Person_.self) }, expected)
        // Run twice inside one transaction (one connection): the second run uses the statement the first prepared.
        try await db.transaction { tx in
            let first = try await PreparedPostgres.rows(text, binds, on: tx)
            let again = try await PreparedPostgres.rows(text, binds, on: tx)
            XCTAssertEqual(first?.count, expected.count)
            XCTAssertEqual(again?.count, expected.count)
            struct Statement: Decodable { let statement: String }
            let kept = try await (tx as! any SQLDatabase).raw("SELECT statement FROM pg_prepared_statements").all(decoding: Statement.self)
            XCTAssertEqual(kept.filter { $0.statement == text }.count, 1, "prepared once on this connection")
        }
        // Another instance's migration added a column to a table a kept statement reads with `*`: PostgreSQL
        // refuses the kept statement, and the read is left to the unnamed way (nil).
        struct RolledBack: Error {}
        do {
            try await db.transaction { tx in
                let sql = tx as! any SQLDatabase
                try await sql.raw("CREATE TABLE prepared_probe (a integer)").run()
                try await sql.raw("INSERT INTO prepared_probe VALUES (1)").run()
                let probe = #"SELECT "prepared_probe".* FROM "prepared_probe" WHERE a = $1"#
                let before = try await PreparedPostgres.rows(probe, [1], on: tx)
                XCTAssertEqual(before?.count, 1)
                try await sql.raw("ALTER TABLE prepared_probe ADD COLUMN b integer").run()
                let after = try await PreparedPostgres.rows(probe, [1], on: tx)
                XCTAssertNil(after, "left to the unnamed way")
                throw RolledBack()
            }
        } catch is RolledBack {}
        // A nil value is bound as NULL.
        let none: String? = nil
        let nulls = try await PreparedPostgres.rows("SELECT count(*) AS n FROM persons WHERE $1::text IS NULL", [none], on: db)
        let everyone = try await Unscoped.query(Person.self, on: db).count()
        XCTAssertEqual(try nulls?.first?.decode(column: "n", as: Int.self), everyone)
        // A value without a direct encoding: nil, and the caller runs the statement through PostgresKit.
        struct Unknown: Encodable, Sendable { let x: Int }
        let unknown = try await PreparedPostgres.rows("SELECT $1::jsonb AS j", [Unknown(x: 1)], on: db)
        XCTAssertNil(unknown)
    }

    /// On PostgreSQL the reads of a page's parts go together (`ReadBatch`): one statement per round, the rows
    /// as JSON. They must find, order and decode exactly what the same reads find one by one; an error of
    /// one part is thrown once every part is done. On SQLite the parts run one after another.
    func testBatchedReadsFindOrderAndDecodeWhatSingleReadsDo() async throws {
        let db = app.db
        let first = try Self.largestMunicipality(of: try await Unscoped.query(Person.self, on: db).sort(\.$id).all()).value[0]
        first.givenName = "x\" onfocus=\"alert(1)\\ \n\t\u{202E}😀 &amp; <script>?"
        first.phone = "?"
        first.email = nil
        try await first.update(on: db)
        let household = first.$household.id
        let scope = try await Sessions.scope(role: .integrationOfficer, unitKind: .municipality, municipalityID: first.$municipality.id,
                                             leadGroupID: nil, on: db)
        @Sendable func encoded(_ value: some Encodable) throws -> Data {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            return try encoder.encode(value)
        }
        let parts: [@Sendable () async throws -> Data] = [
            { try encoded(try await scope.records(Person.self, on: db).filter(\.$household.$id, equals: household).sort(\.$birthDate).sort(\.$id).fetch()) },
            { try encoded(try await scope.records(Person.self, on: db).sort(\.$familyName).sort(\.$givenName, .descending).sort(\.$id).range(1..<6).fetch()) },
            {
                let rows = try await scope.records(Person.self, on: db).filter(\.$sex, .equality(inverse: true), .other).sort(\.$moveInDate, .descending).sort(\.$id).limit(7).personRows()
                return try encoded(rows.map { "\($0.id) \($0.givenName) \($0.birthDate) \(String(describing: $0.moveInDate)) \(String(describing: $0.permit))" })
            },
            { try encoded(try await scope.records(Household.self, on: db).filter(\.$id, equals: household).fetch()) },
            {
                try encoded(try await scope.counts([ScopedCount(Person.self, []),
                                                    ScopedCount(Person.self, [.atLeast(\Person.$moveInDate, "2000-01-01")])], on: db))
            },
            { try encoded(try await scope.records(Person.self, on: db).filter(\.$id, equals: UUID()).fetch()) },
            {
                // Two reads one after the other: the second joins the next round.
                let found = try await scope.records(Household.self, on: db).filter(\.$id, equals: household).fetchFirst()
                return try encoded(try await scope.records(Person.self, on: db).filter(\.$household.$id, equals: try XCTUnwrap(found).requireID())
                    .sort(\.$id).fetch())
            },
        ]
        var single: [Data] = []
        for part in parts { single.append(try await part()) }
        let log = ReadBatch.RoundLog()
        let together = try await ReadBatch.$rounds.withValue(log) { try await ReadBatch.together(on: db, parts) }
        XCTAssertEqual(together.count, single.count)
        for (index, (batched, alone)) in zip(together, single).enumerated() {
            XCTAssertEqual(String(decoding: batched, as: UTF8.self), String(decoding: alone, as: UTF8.self), "part \(index)")
        }
        let members = try JSONDecoder().decode([Person].self, from: together[0])
        XCTAssertTrue(members.contains { $0.givenName == first.givenName && $0.phone == "?" && $0.email == nil }, "hostile text as it was written")
        XCTAssertFalse(try JSONDecoder().decode([Person].self, from: together[1]).isEmpty, "the comparison is not between empty lists")
        if db is any PostgresDatabase {
            XCTAssertEqual(log.reads, [7, 1], "one statement for the seven first reads, one for the read that followed")
        } else {
            XCTAssertEqual(log.reads, [], "SQLite reads one by one")
        }

        // A read inside a transaction stays on the transaction's connection: it sees the transaction's own write.
        let firstID = try first.requireID()
        let inTransaction: [@Sendable () async throws -> String] = [
            { try await scope.records(Person.self, on: db).filter(\.$id, equals: firstID).fetchFirst()?.givenName ?? "" },
            {
                try await db.transaction { tx in
                    let found = try await Unscoped.query(Person.self, on: tx).filter(\.$id == firstID).first()
                    let person = try XCTUnwrap(found)
                    person.givenName = "Im Ablauf geändert"
                    try await person.update(on: tx)
                    return try await scope.records(Person.self, on: tx).filter(\.$id, equals: firstID).fetchFirst()?.givenName ?? ""
                }
            },
        ]
        let names = try await ReadBatch.together(on: db, inTransaction)
        XCTAssertEqual(names[1], "Im Ablauf geändert")

        struct Refused: Error {}
        let failing: [@Sendable () async throws -> Int] = [
            { try await scope.records(Person.self, on: db).fetch().count },
            { throw Refused() },
            { try await scope.records(Household.self, on: db).fetch().count },
        ]
        do {
            _ = try await ReadBatch.together(on: db, failing)
            XCTFail("the part's error is thrown")
        } catch is Refused {}
    }

    /// MISA's inbox (newest first, by name within a day) is one range of an index that holds every column it
    /// shows: no sort of a day's reports in a temporary tree, no read of each report's row (`IndexMisaInbox`).
    func testMisaInboxIsOneRangeOfACoveringIndex() async throws {
        let db = app.db
        guard db is any SQLiteDatabase, let sql = db as? any SQLDatabase else { throw XCTSkip("SQLite's planner") }
        let columns = "id, sent_on, municipality_name, person_name, status, decision, corrects_report_id"
        for (condition, index) in [("status <> 'draft'", "deficit_reports_inbox_all"), ("status = 'sent'", "deficit_reports_inbox_status")] {
            let plan = try await sql.raw(SQLQueryString("""
                EXPLAIN QUERY PLAN SELECT \(unsafeRaw: columns) FROM deficit_reports WHERE \(unsafeRaw: condition)
                ORDER BY sent_on DESC, person_name ASC LIMIT 26 OFFSET 25
                """)).all().map { try $0.decode(column: "detail", as: String.self) }
            XCTAssertTrue(plan.contains { $0.contains("COVERING INDEX \(index)") }, "\(condition): \(plan)")
            XCTAssertFalse(plan.contains { $0.contains("TEMP B-TREE") }, "\(condition): \(plan)")
        }
    }

    /// A name search is one statement whose persons are found by primary key and whose name keys are index
    /// ranges: nothing scans a municipality's persons or keys, however many it holds.
    func testSearchFindsPersonsByKeyAndNamesByIndexRanges() async throws {
        let db = app.db
        guard let lite = db as? any SQLiteDatabase else { throw XCTSkip("SQLite's planner") }
        let person = try await Unscoped.query(Person.self, on: db).first()!
        let scope = try await Sessions.scope(role: .integrationOfficer, unitKind: .municipality, municipalityID: person.$municipality.id,
                                             leadGroupID: nil, on: db)
        let words = ["muster", "ma"]
        let query = PersonSearch.matching(words, scope: scope, on: db).sort(\.$nameKey).sort(\.$birthDate).limit(200)
        // A range for each word's beginning, and one for its sound where it has one.
        let lookups = words.map { SearchKeys.soundKey($0) == nil ? 1 : 2 }.reduce(0, +)
        let (statement, binds) = try XCTUnwrap(try DirectSQLite.select(query.query, columns: []))
        let plan = try await lite.query("EXPLAIN QUERY PLAN " + statement, binds).get()
            .map { try $0.decode(column: "detail", as: String.self) }
        XCTAssertTrue(plan.contains { $0.hasPrefix("SEARCH persons USING INDEX sqlite_autoindex_persons_1 (id=?)") }, "\(plan)")
        XCTAssertEqual(plan.filter { $0.contains("person_search_keys_lookup (municipality_id=? AND key") }.count, lookups, "\(plan)")
        XCTAssertFalse(plan.contains { $0.hasPrefix("SCAN persons") || $0.hasPrefix("SCAN person_search_keys") }, "\(plan)")
    }

    func testTheWriterLeavesWhatItDoesNotKnowToFluent() throws {
        let db = app.db
        let plain = Unscoped.query(Person.self, on: db).filter(\.$familyName == "Muster").filter(\.$closedOn == nil)
            .sort(\.$givenName).limit(3)
        let written = try XCTUnwrap(try DirectSQLite.select(plain.query, columns: ["id", "given_name"]))
        XCTAssertEqual(written.sql, #"SELECT "persons"."id" AS "id", "persons"."given_name" AS "given_name" FROM "persons" WHERE "persons"."family_name" = ? AND "persons"."closed_on" IS NULL ORDER BY "persons"."given_name" ASC LIMIT 3"#)
        XCTAssertEqual(written.binds, [.text("Muster")])
        let joined = Unscoped.query(Person.self, on: db).join(Household.self, on: \Person.$household.$id == \Household.$id)
        XCTAssertNil(try DirectSQLite.select(joined.query, columns: []))
        let custom = Unscoped.query(Person.self, on: db).filter(.sql(SQLRaw("1 = 1")))
        XCTAssertNil(try DirectSQLite.select(custom.query, columns: []))
        let contains = Unscoped.query(Person.self, on: db).filter(\.$familyName, .contains(inverse: false, .prefix), "Mu")
        XCTAssertNil(try DirectSQLite.select(contains.query, columns: []))
    }
}
