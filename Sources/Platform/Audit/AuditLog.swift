import Crypto
import Domain
import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import Persistence
import SQLKit
import SQLiteKit
import Vapor

/// Appends to and verifies the audit trail: the only code that writes audit rows.
package enum AuditLog {
    /// At most this many entries per insert statement (SQLite's bound-parameter limit).
    static let rowsPerInsert = 200

    /// Appends the drafts in order, in one transaction: the head row is locked first, so appends from
    /// every app instance form one chain. Pass the transaction of the change recorded, so both commit or neither.
    /// Returns the new head (sequence and hash of the last entry appended).
    @discardableResult
    package static func append(_ drafts: [AuditDraft], keys: AuditKeyring, on database: any Database) async throws -> ExportedHead? {
        guard !drafts.isEmpty else { return nil }
        if database.inTransaction {
            return try await appendLocked(drafts, keys: keys, on: database)
        } else {
            return try await database.transaction { try await appendLocked(drafts, keys: keys, on: $0) }
        }
    }

    /// One batch chained after the head: each draft's stored fields, its hash and the ids it names.
    struct ChainedBatch {
        struct Entry {
            let draft: AuditDraft
            let fields: AuditChain.Fields
            let previous: String
            let hash: String
            /// The records it names (nil: none).
            let set: RecordSet?
        }

        var entries: [Entry] = []
        var head: ExportedHead

        /// The sets of several records among the entries, each once, that `known` does not hold: their rows
        /// are written with the batch (`INSERT` that ignores rows already there).
        func newSets(known: Set<String> = []) -> [RecordSet] {
            var seen = known
            return entries.compactMap { entry in
                guard let set = entry.set, !set.members.isEmpty, seen.insert(set.key).inserted else { return nil }
                return set
            }
        }
    }

    /// The records an entry names, as the key stored with it (`audit_entries.record_set`): the id itself for one
    /// record; for several, a hash of their sorted ids, whose rows (`audit_record_sets`) list them. The same list
    /// seen again is the same set, and its rows are written once.
    struct RecordSet: Equatable {
        let key: String
        /// The ids, sorted and each once; empty when the key is the one id.
        let members: [String]

        init?(_ ids: [UUID]) {
            let texts = Set(ids.map(\.text)).sorted()
            guard let first = texts.first else { return nil }
            if texts.count == 1 {
                key = first
                members = []
                return
            }
            // 128 bits of SHA-256: two different lists sharing a key would take about 2^64 lists.
            let digest = SHA256.hash(data: Array(texts.joined(separator: ",").utf8))
            let hex = Array("0123456789abcdef".utf8)
            var key = Array("set:".utf8)
            for byte in digest.prefix(16) { key += [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]] }
            self.key = String(decoding: key, as: UTF8.self)
            members = texts
        }
    }

    /// The record sets whose rows a committer wrote, and the head its last batch left: a list seen again writes no
    /// rows. A batch that finds the head below that point met a database that lost entries (a restore, a failover
    /// to a replica behind), and maybe the sets' rows with them: it writes every set's rows again, and the
    /// committer starts over. A set written by another instance is written again, and ignored where it is.
    struct WrittenSets: Sendable {
        var keys = Set<String>()
        var through = 0
        static let limit = 100_000

        /// The sets a batch chained after `sequence` need not write.
        func known(after sequence: Int) -> Set<String> { sequence >= through ? keys : [] }

        mutating func add(_ sets: [String], after sequence: Int, head: Int) {
            if sequence < through || keys.count + sets.count > Self.limit { keys.removeAll(keepingCapacity: true) }
            keys.formUnion(sets)
            through = head
        }
    }

    /// What an append wrote: the new head, the keys of the sets whose rows it wrote, the head it was chained after.
    struct Appended {
        let head: ExportedHead
        let newSets: [String]
        let after: Int
    }

    static func chained(_ drafts: [AuditDraft], keys: AuditKeyring, afterSequence sequence: Int, hash: String) -> ChainedBatch {
        var batch = ChainedBatch(head: ExportedHead(sequence: sequence, hash: hash, first: nil))
        var previous = hash
        var sequence = sequence
        for draft in drafts {
            sequence += 1
            let fields = AuditChain.fields(draft, sequence: sequence, keyID: keys.current.id)
            let hash = AuditChain.hash(previous: previous, fields, key: keys.current)
            batch.entries.append(.init(draft: draft, fields: fields, previous: previous, hash: hash, set: RecordSet(draft.record.ids)))
            previous = hash
        }
        batch.head = ExportedHead(sequence: sequence, hash: previous, first: nil)
        return batch
    }

    static let entryColumns = ["id", "sequence", "occurred_at", "actor_user_id", "actor_username", "unit_id", "unit_name", "action",
                               "record_type", "record_id", "detail", "address", "previous_hash", "hash", "key_id", "record_set"]

    /// A chained batch's inserts and the new head, with `?` for each value: the entries, the rows of the sets
    /// of records they name, and the head row.
    static func statements(_ batch: ChainedBatch, sqlite: Bool) -> [(sql: String, values: [any Encodable & Sendable])] {
        var statements: [(sql: String, values: [any Encodable & Sendable])] = []
        let columns = entryColumns.map { "\"\($0)\"" }.joined(separator: ", ")
        let placeholders = "(" + Array(repeating: "?", count: entryColumns.count).joined(separator: ", ") + ")"
        for chunk in stride(from: 0, to: batch.entries.count, by: rowsPerInsert) {
            let entries = batch.entries[chunk..<min(chunk + rowsPerInsert, batch.entries.count)]
            var values: [any Encodable & Sendable] = []
            for entry in entries {
                let f = entry.fields
                values += [RandomUUID.make(), f.sequence, f.occurredAt, entry.draft.actor.userID, f.actorUsername, entry.draft.actor.unitID,
                           f.unitName, f.action, f.recordType, f.recordID.isEmpty ? nil : f.recordID, f.detail, f.address,
                           entry.previous, entry.hash, f.keyID, entry.set?.key]
            }
            statements.append(("INSERT INTO \"\(AuditEntry.schema)\" (\(columns)) VALUES "
                                + Array(repeating: placeholders, count: entries.count).joined(separator: ", "), values))
        }
        // A set seen before already has its rows: they are left as they are.
        let rows = batch.newSets().flatMap { set in set.members.map { (set.key, $0) } }
        for chunk in stride(from: 0, to: rows.count, by: rowsPerInsert * 5) {
            let part = rows[chunk..<min(chunk + rowsPerInsert * 5, rows.count)]
            let list = Array(repeating: "(?, ?)", count: part.count).joined(separator: ", ")
            statements.append((sqlite ? "INSERT OR IGNORE INTO \(setTable) (set_key, record_id) VALUES \(list)"
                                      : "INSERT INTO \(setTable) (set_key, record_id) VALUES \(list) ON CONFLICT DO NOTHING",
                               part.flatMap { [$0.0, $0.1] as [any Encodable & Sendable] }))
        }
        statements.append(("UPDATE \"\(AuditHead.schema)\" SET sequence = ?, hash = ? WHERE id = 1", [batch.head.sequence, batch.head.hash]))
        return statements
    }

    static let setTable = "\"\(AuditRecordSet.schema)\""

    private static func appendLocked(_ drafts: [AuditDraft], keys: AuditKeyring, on database: any Database) async throws -> ExportedHead {
        guard let sql = database as? any SQLDatabase else { throw AppError.internalError("audit needs an SQL database") }
        // Lock the head row first and read it in the same statement: appends from every app instance are
        // serialised by the database.
        struct Head: Decodable { let sequence: Int; let hash: String }
        guard let head = try await sql.raw("UPDATE audit_head SET sequence = sequence WHERE id = 1 RETURNING sequence, hash")
            .first(decoding: Head.self) else { throw AppError.internalError("audit head missing") }
        let batch = chained(drafts, keys: keys, afterSequence: head.sequence, hash: head.hash)
        for statement in statements(batch, sqlite: sql.dialect.name == "sqlite") {
            try await sql.raw(SQLQueryString(statement.sql, binding: statement.values)).run()
        }
        return batch.head
    }

    /// The committer's append on PostgreSQL: the whole batch in one statement, without a transaction around it.
    /// BEGIN, the head's lock, the inserts, the head's update and COMMIT were six round trips a batch, and each
    /// costs about 150 µs of server time (BENCHMARKS.md, ninth round). The statement moves the head only if it
    /// still is `known` (where the committer's last batch left it) and writes the entries only then: all or
    /// nothing, as one statement is. When another instance or a change's entry moved the head, nothing is written,
    /// and the batch is chained anew after the head as it is now. Sets in `written` are not written again.
    static func appendInOneStatement(_ drafts: [AuditDraft], keys: AuditKeyring, on database: any Database,
                                     after known: ExportedHead?, written: WrittenSets = WrittenSets()) async throws -> Appended {
        guard let sql = database as? any SQLDatabase else { throw AppError.internalError("audit needs an SQL database") }
        struct Head: Decodable { let sequence: Int; let hash: String }
        var known = known
        for _ in 0..<20 {
            let after: ExportedHead
            if let known {
                after = known
            } else {
                guard let head = try await sql.raw("SELECT sequence, hash FROM audit_head WHERE id = 1").first(decoding: Head.self) else {
                    throw AppError.internalError("audit head missing")
                }
                after = ExportedHead(sequence: head.sequence, hash: head.hash, first: nil)
            }
            let batch = chained(drafts, keys: keys, afterSequence: after.sequence, hash: after.hash)
            let newSets = batch.newSets(known: written.known(after: after.sequence))
            let rows = try await PreparedPostgres.rowsOrUnprepared(oneStatement, oneStatementValues(batch, after: after, newSets: newSets),
                                                                   on: database)
            if try rows.first?.decode(column: "applied", as: Int.self) == 1 {
                return Appended(head: batch.head, newSets: newSets.map(\.key), after: after.sequence)
            }
            known = nil
        }
        throw AppError.internalError("audit head moved by others twenty times in a row")
    }

    /// The batch's entries and new record sets as one statement (see `appendInOneStatement`); its one row says
    /// whether the head was moved (1) or had moved away from the head it was chained after (0, nothing written).
    /// Each column's values go as one array, so the text is the same for every batch: prepared once per
    /// connection. With a row of placeholders per entry and per id, PostgreSQL parsed and planned every batch
    /// anew (BENCHMARKS.md, eleventh round). An absent user, unit, record or set is an empty text (an array of a
    /// direct encoding holds no nulls).
    static let oneStatement = """
        WITH head AS (UPDATE "\(AuditHead.schema)" SET sequence = ?, hash = ? WHERE id = 1 AND sequence = ? AND hash = ? RETURNING id),
        entries AS (INSERT INTO "\(AuditEntry.schema)" (\(entryColumns.map { "\"\($0)\"" }.joined(separator: ", ")))
            SELECT id, sequence, occurred_at, nullif(actor_user_id, '')::uuid, actor_username, nullif(unit_id, '')::uuid, unit_name,
                   action, record_type, nullif(record_id, ''), detail, address, previous_hash, hash, key_id, nullif(record_set, '')
            FROM unnest(?::uuid[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                AS v(\(entryColumns.joined(separator: ", ")))
            WHERE EXISTS (SELECT 1 FROM head)),
        sets AS (INSERT INTO \(setTable) (set_key, record_id)
            SELECT * FROM unnest(?::text[], ?::text[]) AS r(set_key, record_id) WHERE EXISTS (SELECT 1 FROM head)
            ON CONFLICT DO NOTHING)
        SELECT count(*) AS applied FROM head
        """

    /// The values of `oneStatement` for a batch chained after `head`, with the rows of `newSets`.
    static func oneStatementValues(_ batch: ChainedBatch, after head: ExportedHead, newSets: [RecordSet]) -> [any Encodable & Sendable] {
        let entries = batch.entries
        let fields = entries.map(\.fields)
        let columns: [any Encodable & Sendable] = [
            entries.map { _ in RandomUUID.make() }, fields.map(\.sequence), fields.map(\.occurredAt),
            entries.map { $0.draft.actor.userID?.uuidString ?? "" }, fields.map(\.actorUsername),
            entries.map { $0.draft.actor.unitID?.uuidString ?? "" }, fields.map(\.unitName), fields.map(\.action),
            fields.map(\.recordType), fields.map(\.recordID), fields.map(\.detail), fields.map(\.address),
            entries.map(\.previous), entries.map(\.hash), fields.map(\.keyID), entries.map { $0.set?.key ?? "" },
            newSets.flatMap { set in set.members.map { _ in set.key } }, newSets.flatMap(\.members),
        ]
        return [batch.head.sequence, batch.head.hash, head.sequence, head.hash] + columns
    }

    /// The committer's append on SQLite: one transaction on the audit's own connection (`SQLiteWriter`), run
    /// on the committer's thread, its statements kept prepared and its values bound without SQL text of their
    /// own. Through SQLiteNIO the batch's statements were parsed anew, their values boxed and converted, and
    /// each crossed to a thread pool and back: a fifth of a list page's server time went to the audit's
    /// thread (BENCHMARKS.md, sixth round). Same rows as `appendLocked`, one statement per row.
    /// `synced`: the commit waits for the disk (see `AuditCommitter.syncInterval`).
    /// Sets in `written` are not written again.
    static func appendDirect(_ drafts: [AuditDraft], keys: AuditKeyring, writer: SQLiteWriter, synced: Bool,
                             written: WrittenSets = WrittenSets(), logger: Logger) throws -> Appended {
        try writer.transaction(synced: synced) { connection in
            let head = FirstRow()
            try connection.run("UPDATE audit_head SET sequence = sequence WHERE id = 1 RETURNING sequence, hash", [], head.keep)
            guard let row = head.row, case .integer(let sequence)? = row.column("sequence"), case .text(let hash)? = row.column("hash") else {
                throw AppError.internalError("audit head missing")
            }
            let batch = chained(drafts, keys: keys, afterSequence: sequence, hash: hash)
            let insertEntry = "INSERT INTO \"\(AuditEntry.schema)\" (" + entryColumns.map { "\"\($0)\"" }.joined(separator: ", ")
                + ") VALUES (" + Array(repeating: "?", count: entryColumns.count).joined(separator: ", ") + ")"
            let insertSetRow = "INSERT OR IGNORE INTO \(setTable) (set_key, record_id) VALUES (?, ?)"
            for entry in batch.entries {
                let f = entry.fields
                let values: [SQLiteData] = [
                    .text(timeOrderedID().text), .integer(f.sequence), .text(f.occurredAt), entry.draft.actor.userID.map { .text($0.text) } ?? .null,
                    .text(f.actorUsername), entry.draft.actor.unitID.map { .text($0.text) } ?? .null, .text(f.unitName), .text(f.action),
                    .text(f.recordType), f.recordID.isEmpty ? .null : .text(f.recordID), .text(f.detail), .text(f.address),
                    .text(entry.previous), .text(entry.hash), .text(f.keyID), entry.set.map { .text($0.key) } ?? .null,
                ]
                DirectSQLite.log(insertEntry, values, logger)
                try connection.run(insertEntry, values)
            }
            let newSets = batch.newSets(known: written.known(after: sequence))
            for set in newSets {
                for member in set.members { try connection.run(insertSetRow, [.text(set.key), .text(member)]) }
            }
            let updateHead = "UPDATE \"\(AuditHead.schema)\" SET sequence = ?, hash = ? WHERE id = 1"
            try connection.run(updateHead, [.integer(batch.head.sequence), .text(batch.head.hash)])
            return Appended(head: batch.head, newSets: newSets.map(\.key), after: sequence)
        }
    }

    /// An entry's row id that grows with time (the layout of UUID version 7: milliseconds, then random bits).
    /// Random ids put each new entry on another page of the id's index; these all go to its end.
    static func timeOrderedID(now: Date = Date()) -> UUID {
        let milliseconds = UInt64(max(0, now.timeIntervalSince1970 * 1000))
        var random = SystemRandomNumberGenerator()
        let a = random.next() as UInt64, b = random.next() as UInt64
        return UUID(uuid: (
            UInt8(truncatingIfNeeded: milliseconds >> 40), UInt8(truncatingIfNeeded: milliseconds >> 32),
            UInt8(truncatingIfNeeded: milliseconds >> 24), UInt8(truncatingIfNeeded: milliseconds >> 16),
            UInt8(truncatingIfNeeded: milliseconds >> 8), UInt8(truncatingIfNeeded: milliseconds),
            0x70 | UInt8(truncatingIfNeeded: a & 0x0F), UInt8(truncatingIfNeeded: a >> 8),
            0x80 | UInt8(truncatingIfNeeded: (a >> 16) & 0x3F), UInt8(truncatingIfNeeded: a >> 24),
            UInt8(truncatingIfNeeded: b), UInt8(truncatingIfNeeded: b >> 8), UInt8(truncatingIfNeeded: b >> 16),
            UInt8(truncatingIfNeeded: b >> 24), UInt8(truncatingIfNeeded: b >> 32), UInt8(truncatingIfNeeded: b >> 40)))
    }

    package struct Verification: Sendable {
        package var checked: Int
        /// The first broken entry (its sequence number) and why.
        package var firstBreak: (sequence: Int, reason: String)?
        package var isIntact: Bool { firstBreak == nil }
    }

    /// Walks the whole chain in order, in pages, and names the first entry that does not fit: an edited,
    /// deleted or reordered entry, an entry whose MAC the keys do not confirm, a chain that ends before the
    /// head in the database or before the head kept outside it.
    package static func verify(on database: any Database, keys: AuditKeyring, externalHead: ExportedHead? = nil,
                               pageSize: Int = 2000) async throws -> Verification {
        var expectedSequence = 1
        var previousHash = AuditHead.genesisHash
        var checked = 0
        var externalHead = externalHead
        var indexMemory = RecordIndexCheck.Memory()
        while true {
            let page = try await AuditEntry.query(on: database)
                .filter(\.$sequence >= expectedSequence).sort(\.$sequence).limit(pageSize).all()
            if page.isEmpty { break }
            let indexBreak = try await RecordIndexCheck.firstProblem(in: page, on: database, memory: &indexMemory)
            for entry in page {
                if entry.sequence != expectedSequence {
                    return Verification(checked: checked, firstBreak: (expectedSequence, "Eintrag Nr. \(expectedSequence) fehlt (gelöscht)"))
                }
                if entry.previousHash != previousHash {
                    return Verification(checked: checked, firstBreak: (entry.sequence, "Eintrag Nr. \(entry.sequence): Verweis auf den vorherigen Eintrag stimmt nicht"))
                }
                guard let key = keys.key(entry.keyID) else {
                    return Verification(checked: checked, firstBreak: (entry.sequence, "Eintrag Nr. \(entry.sequence): Schlüssel «\(entry.keyID)» ist nicht bekannt (nicht mit dem Schlüssel des Audit-Trails erstellt)"))
                }
                if AuditChain.hash(previous: previousHash, fields(of: entry), key: key) != entry.hash {
                    return Verification(checked: checked, firstBreak: (entry.sequence, "Eintrag Nr. \(entry.sequence) wurde verändert"))
                }
                // A head kept for another trail (another database) says nothing about this one.
                if entry.sequence == 1, let first = externalHead?.first, first != entry.hash { externalHead = nil }
                if let externalHead, externalHead.sequence == entry.sequence, externalHead.hash != entry.hash {
                    return Verification(checked: checked, firstBreak: (entry.sequence, "Eintrag Nr. \(entry.sequence) stimmt nicht mit dem ausserhalb der Datenbank gesicherten Kopf überein"))
                }
                if let indexBreak, indexBreak.sequence == entry.sequence {
                    return Verification(checked: checked, firstBreak: indexBreak)
                }
                previousHash = entry.hash
                expectedSequence += 1
                checked += 1
            }
        }
        guard let head = try await AuditHead.find(1, on: database) else {
            return Verification(checked: checked, firstBreak: (expectedSequence, "Kopfzeile des Audit-Trails fehlt"))
        }
        if head.sequence != checked || head.hash != previousHash {
            return Verification(checked: checked, firstBreak: (checked + 1, "Eintrag Nr. \(checked + 1) fehlt: die Kette endet vor dem gespeicherten Kopf (Nr. \(head.sequence))"))
        }
        if let externalHead, externalHead.sequence > checked {
            return Verification(checked: checked, firstBreak: (checked + 1, "Eintrag Nr. \(checked + 1) fehlt: die Kette endet vor dem ausserhalb der Datenbank gesicherten Kopf (Nr. \(externalHead.sequence))"))
        }
        return Verification(checked: checked, firstBreak: nil)
    }

    static func fields(of entry: AuditEntry) -> AuditChain.Fields {
        AuditChain.Fields(
            sequence: entry.sequence, occurredAt: entry.occurredAt, actorUserID: entry.actorUserID?.uuidString ?? "",
            actorUsername: entry.actorUsername, unitID: entry.unitID?.uuidString ?? "", unitName: entry.unitName,
            action: entry.action, recordType: entry.recordType, recordID: entry.recordID ?? "",
            detail: entry.detail, address: entry.address, keyID: entry.keyID)
    }

    package enum UpgradeOutcome: Equatable, Sendable {
        case nothingToDo
        case keyed(Int)
        case refused(String)
    }

    /// A chain written before it was keyed (plain SHA-256) is checked once and, when intact, signed anew
    /// with the current key. A broken unkeyed chain is left as it is and reported.
    package static func keyUnkeyedChain(keys: AuditKeyring, on database: any Database) async throws -> UpgradeOutcome {
        guard try await AuditEntry.query(on: database).filter(\.$keyID == "").count() > 0 else { return .nothingToDo }
        return try await database.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw AppError.internalError("audit needs an SQL database") }
            try await sql.update(AuditHead.schema).set("sequence", to: SQLColumn("sequence")).where("id", .equal, 1).run()
            let entries = try await AuditEntry.query(on: tx).sort(\.$sequence).all()
            guard entries.allSatisfy({ $0.keyID.isEmpty }) else { return .refused("Die Kette ist teils mit, teils ohne Schlüssel geschrieben.") }
            var previous = AuditHead.genesisHash
            for (index, entry) in entries.enumerated() {
                guard entry.sequence == index + 1, entry.previousHash == previous,
                      AuditChain.unkeyedHash(previous: previous, fields(of: entry)) == entry.hash else {
                    return .refused("Die ungeschlüsselte Kette ist bei Eintrag Nr. \(index + 1) verletzt; sie wird nicht neu signiert.")
                }
                previous = entry.hash
            }
            previous = AuditHead.genesisHash
            for entry in entries {
                entry.keyID = keys.current.id
                entry.previousHash = previous
                entry.hash = AuditChain.hash(previous: previous, fields(of: entry), key: keys.current)
                try await entry.update(on: tx)
                previous = entry.hash
            }
            try await sql.update(AuditHead.schema).set("hash", to: previous).where("id", .equal, 1).run()
            return .keyed(entries.count)
        }
    }
}

/// The chain's head as kept outside the database (a file the operator backs up): whoever cuts the
/// newest entries from the database and moves its head back is found by `audit verify`.
package struct ExportedHead: Codable, Sendable, Equatable {
    package let sequence: Int
    package let hash: String
    /// The hash of entry 1: which trail the head belongs to (a file of another database is not compared).
    package var first: String?

    package init(sequence: Int, hash: String, first: String?) {
        self.sequence = sequence
        self.hash = hash
        self.first = first
    }

    /// The hash of the trail's first entry, to name the trail in a head.
    package static func firstHash(on database: any Database) async throws -> String? {
        try await AuditEntry.query(on: database).filter(\.$sequence == 1).first()?.hash
    }

    /// The same on the committer's own connection (SQLite). Through the pool, this was the audit database's
    /// first use of a connection, opened after the batch's requests were answered: a shutdown in between
    /// left that connection unclosed (SQLiteNIO asserts on it in debug builds).
    static func firstHash(writer: SQLiteWriter) throws -> String? {
        try writer.transaction(synced: false) { connection in
            let first = FirstRow()
            try connection.run("SELECT hash FROM \"\(AuditEntry.schema)\" WHERE sequence = 1", [], first.keep)
            guard case .text(let hash)? = first.row?.column("hash") else { return nil }
            return hash
        }
    }

    package static func read(from path: String) -> ExportedHead? {
        // The committer rewrites the file in place (`HeadFile`): a read that met a write half-way is read again.
        for attempt in 0..<3 {
            if attempt > 0 { usleep(10_000) }
            if let head = (try? Data(contentsOf: URL(fileURLWithPath: path))).flatMap({ try? JSONDecoder().decode(ExportedHead.self, from: $0) }) {
                return head
            }
        }
        return nil
    }

    /// The head as JSON of always the same length (spaces after it), so that it can be rewritten in place.
    func paddedJSON() throws -> [UInt8] {
        var bytes = Array(try JSONEncoder().encode(self))
        guard bytes.count <= Self.fileLength else { throw AppError.internalError("audit head longer than \(Self.fileLength) bytes") }
        bytes += Array(repeating: UInt8(ascii: " "), count: Self.fileLength - bytes.count)
        return bytes
    }

    static let fileLength = 512

    /// Replaces the file in one step (write and rename), so a reader never sees half a head.
    package func write(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString)")
        try Data(paddedJSON()).write(to: temporary)
        guard rename(temporary.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw AppError.internalError("audit head file \(path) not written")
        }
    }
}

/// The committer's copy of the head outside the database, rewritten after every batch. The first write of a
/// process replaces the file in one step (`ExportedHead.write`); later ones overwrite its bytes in place with
/// one `pwrite` on the file kept open: making a new file and renaming it for every batch cost 2.4 % of a list
/// page (BENCHMARKS.md, sixth round). The text always has the same length, so no write leaves a longer old
/// head's tail behind. A file replaced by someone else (`audit export-head`, a restore) is noticed within
/// `recheck` seconds, and the head is written to the new file.
final class HeadFile {
    private let path: String
    private let recheck: TimeInterval
    private var descriptor: Int32 = -1
    private var inode: UInt64 = 0
    private var checked = Date.distantPast

    init(path: String, recheck: TimeInterval = 1) {
        self.path = path
        self.recheck = recheck
    }

    func write(_ head: ExportedHead) throws {
        if descriptor >= 0, stillTheFile() {
            let bytes = try head.paddedJSON()
            let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
            if written == bytes.count { return }
        }
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        try head.write(to: path)
        descriptor = open(path, O_WRONLY | O_CLOEXEC)
        var status = stat()
        inode = descriptor >= 0 && fstat(descriptor, &status) == 0 ? UInt64(status.st_ino) : 0
        checked = Date()
    }

    /// Whether the path still names the open file (looked up at most every `recheck` seconds).
    private func stillTheFile() -> Bool {
        let now = Date()
        guard now.timeIntervalSince(checked) >= recheck else { return true }
        checked = now
        var status = stat()
        return stat(path, &status) == 0 && UInt64(status.st_ino) == inode
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }
}

/// Group commit: audit entries of concurrent requests are appended in one transaction (one fsync),
/// and each request is answered only after its own entry is durable.
package actor AuditCommitter {
    /// An entry waiting for its batch, and where its request is answered.
    private struct Waiting {
        let draft: AuditDraft
        let done: CheckedContinuation<Void, any Error>
        let loop: (any EventLoop)?

        func answer(_ result: Result<Void, any Error>) {
            // Resumed on the request's own loop, the handler goes on where its response is written; resumed from
            // the committer's thread, it went to any loop and often crossed once more to its channel's.
            if let loop { loop.execute { done.resume(with: result) } } else { done.resume(with: result) }
        }
    }

    /// Entries waiting for the next batch, and whether a drain is under way: behind a lock, so that a request
    /// adds its entry on its own thread (as an actor call, every append first crossed to the committer's thread).
    private nonisolated let queue = NIOLockedValueBox((pending: [Waiting](), draining: false))
    /// Where the committer's last batch left the head (PostgreSQL; nil: read it first).
    private var knownHead: ExportedHead?
    /// The hash of the trail's first entry (it never changes), named in every exported head.
    private var firstHash: String?
    /// Nil once the application has shut its databases down (a request still in flight at shutdown).
    private let database: @Sendable () -> (any Database)?
    private let keys: AuditKeyring
    /// Where the head is kept outside the database after each batch (nil: not kept).
    private let headFile: HeadFile?
    /// The record sets whose rows this committer wrote (`AuditLog.WrittenSets`). Sets are never deleted; a
    /// migration that reverts them under a running instance needs its restart, as any schema change does.
    private var writtenSets = AuditLog.WrittenSets()

    /// The event loop the committer runs on (its own one in the app).
    private nonisolated let eventLoop: any EventLoop

    package init(keys: AuditKeyring, headFile: String?, eventLoop: any EventLoop,
                 database: @escaping @Sendable () -> (any Database)?) {
        self.keys = keys
        self.headFile = headFile.map { HeadFile(path: $0) }
        self.eventLoop = eventLoop
        self.database = database
    }

    /// On its own event loop the committer's awaits (seven statements a batch) resume at once; on the
    /// shared loops each waited about a millisecond behind the pages' work (25 ms a group commit, measured).
    package nonisolated var unownedExecutor: UnownedSerialExecutor {
        eventLoop.executor.asUnownedSerialExecutor()
    }

    /// Set when the application shuts down: the committer's event loop stops after the databases, and a
    /// request that reached it then would wait for ever instead of getting an error.
    private nonisolated let closed = NIOLockedValueBox(false)

    package nonisolated func close() { closed.withLockedValue { $0 = true } }

    /// Appends the entry with the next batch and returns once it is durable; `loop` is where the caller goes on
    /// (its request's event loop).
    package nonisolated func append(_ draft: AuditDraft, answerOn loop: (any EventLoop)? = nil) async throws {
        guard !closed.withLockedValue({ $0 }) else { throw AppError.internalError("audit closed (shutting down)") }
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            let idle = queue.withLockedValue { queue in
                queue.pending.append(Waiting(draft: draft, done: done, loop: loop))
                let idle = !queue.draining
                queue.draining = true
                return idle
            }
            // A drain under way takes the entry with its next batch; only an idle committer is woken.
            if idle { Task { await self.drain() } }
        }
    }

    /// On SQLite, a batch's commit waits for the disk (fsync) only if the last such commit is this long ago.
    /// The others are durable across crashes of the application at once (in the WAL before their requests
    /// are answered), and across a crash of the machine once synced: by a later batch, a change's commit, a
    /// checkpoint, or `sync`, due this long after the last sync. A change and its entry are never among them:
    /// both commit together on the request's connection, synced (`AuditLog.append`). An fsync for every batch
    /// cost a tenth of an audited page's server time (BENCHMARKS.md, ninth round).
    static let syncInterval = TimeAmount.seconds(1)
    private var lastSync = NIODeadline.uptimeNanoseconds(0)
    /// The newest head committed but not yet synced, and whether a sync is scheduled for it.
    private var unsynced: ExportedHead?
    private var syncScheduled = false

    private func scheduleSync() {
        guard !syncScheduled else { return }
        syncScheduled = true
        eventLoop.scheduleTask(deadline: lastSync + Self.syncInterval) { Task { await self.sync() } }
    }

    /// Syncs the batches committed since the last synced one and keeps their head outside the database.
    package func sync() {
        syncScheduled = false
        guard let head = unsynced, let db = database(), let writer = (db.context.configuration as? SQLiteWithReaders)?.writer else { return }
        do {
            try writer.syncWAL()
            lastSync = .now()
            unsynced = nil
            keepOutside(head, writer: writer)
        } catch {
            db.logger.warning("audit: commits not synced: \(error)")
            scheduleSync()
        }
    }

    /// Writes the head to the file outside the database; on SQLite only once synced, so that after a crash of the
    /// machine the file never names entries the database lost (`audit verify` would report them as cut).
    private func keepOutside(_ head: ExportedHead, writer: SQLiteWriter?) {
        guard let headFile else { return }
        if firstHash == nil, let writer { firstHash = try? ExportedHead.firstHash(writer: writer) }
        // A head that cannot name its trail is not written (verify would not know whose it is).
        guard let firstHash else { return }
        var head = head
        head.first = firstHash
        // The head outside the database is a second line of defence: a failed write does not fail the request.
        try? headFile.write(head)
    }

    private func drain() async {
        while true {
            let batch = queue.withLockedValue { queue in
                let batch = queue.pending
                queue.pending = []
                // Set free under the same lock that an append checks it under: no entry is left waiting.
                if batch.isEmpty { queue.draining = false }
                return batch
            }
            if batch.isEmpty { break }
            do {
                guard let db = database() else { throw AppError.internalError("audit database closed (shutting down)") }
                let writer = (db.context.configuration as? SQLiteWithReaders)?.writer
                if let writer {
                    // Blocks the committer's own thread for the batch's transaction (see `appendDirect`).
                    let synced = NIODeadline.now() - lastSync >= Self.syncInterval
                    let appended = try AuditLog.appendDirect(batch.map(\.draft), keys: keys, writer: writer, synced: synced,
                                                             written: writtenSets, logger: db.logger)
                    writtenSets.add(appended.newSets, after: appended.after, head: appended.head.sequence)
                    let head = appended.head
                    for item in batch { item.answer(.success(())) }
                    if synced {
                        lastSync = .now()
                        unsynced = nil
                        keepOutside(head, writer: writer)
                    } else {
                        unsynced = head
                        scheduleSync()
                    }
                } else {
                    let drafts = batch.map(\.draft)
                    let head: ExportedHead?
                    if let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" {
                        do {
                            let appended = try await AuditLog.appendInOneStatement(drafts, keys: keys, on: db, after: knownHead,
                                                                                   written: writtenSets)
                            head = appended.head
                            writtenSets.add(appended.newSets, after: appended.after, head: appended.head.sequence)
                        } catch {
                            knownHead = nil
                            throw error
                        }
                    } else {
                        head = try await AuditLog.append(drafts, keys: keys, on: db)
                    }
                    knownHead = head
                    // The entries are durable: answer first, then keep the head outside the database (its write and
                    // fsync took as long as the batch's commit and held every request of the batch).
                    for item in batch { item.answer(.success(())) }
                    if let head {
                        if headFile != nil, firstHash == nil { firstHash = try? await ExportedHead.firstHash(on: db) }
                        keepOutside(head, writer: nil)
                    }
                }
            } catch {
                for item in batch { item.answer(.failure(error)) }
            }
        }
    }
}

