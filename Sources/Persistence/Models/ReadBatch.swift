import FluentKit
import FluentPostgresDriver
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// The independent reads of a page sent to PostgreSQL together, as one statement per round.
///
/// On PostgreSQL each statement is a round trip, and a round trip costs the server about as much as a
/// plain page: the person page read thirteen tables one after another (BENCHMARKS.md, tenth round).
/// `together` runs a page's parts (the timeline's sources, the case's records) concurrently; every one-table
/// read they make (`TableRead`, `ScopedCount`) waits until every part either waits for a read or is done,
/// and then the waiting reads go as one statement: each read is a sub-select whose rows PostgreSQL returns
/// as one JSON array (`json_agg`), decoded as rows (`JSONRow`). A part that reads again joins the next round.
/// The areas keep writing their reads as before; on SQLite, which has no round trip, the parts run one
/// after another as they always did.
package final class ReadBatch: @unchecked Sendable {
    /// The part of a batch the current task belongs to.
    @TaskLocal static var participant: Participant?

    struct Participant: Sendable {
        let batch: ReadBatch
        let id: Int
    }

    /// Where a test counts the rounds a batch sends and the reads in each.
    @TaskLocal package static var rounds: RoundLog?

    package final class RoundLog: Sendable {
        private let counted = NIOLockedValueBox([Int]())
        package init() {}
        /// The number of reads of each round sent, in order.
        package var reads: [Int] { counted.withLockedValue { $0 } }
        func count(_ reads: Int) { counted.withLockedValue { $0.append(reads) } }
    }

    /// Runs `parts` and returns their results in their order; on PostgreSQL concurrently, their reads batched.
    package static func together<T: Sendable>(on database: any Database, _ parts: [@Sendable () async throws -> T]) async throws -> [T] {
        guard database is any PostgresDatabase, parts.count > 1, participant == nil else {
            var results: [T] = []
            for part in parts { results.append(try await part()) }
            return results
        }
        let batch = ReadBatch(database: database, parts: parts.count)
        return try await withThrowingTaskGroup(of: (Int, T).self) { group in
            for (id, part) in parts.enumerated() {
                group.addTask {
                    let result: Result<T, any Error>
                    do {
                        result = .success(try await $participant.withValue(Participant(batch: batch, id: id)) { try await part() })
                    } catch {
                        result = .failure(error)
                    }
                    // Done, with or without an error: the others' reads must not wait for this part any longer.
                    await batch.finish(id)
                    return (id, try result.get())
                }
            }
            var results = [T?](repeating: nil, count: parts.count)
            for try await (id, value) in group { results[id] = value }
            return results.map { $0! }
        }
    }

    /// Two parts of different types, as `together` runs a list of parts.
    package static func together<A: Sendable, B: Sendable>(on database: any Database, _ first: @escaping @Sendable () async throws -> A,
                                                         _ second: @escaping @Sendable () async throws -> B) async throws -> (A, B) {
        let parts: [@Sendable () async throws -> Pair<A, B>] = [{ .first(try await first()) }, { .second(try await second()) }]
        let results = try await together(on: database, parts)
        guard case .first(let a) = results[0], case .second(let b) = results[1] else { preconditionFailure("results keep their parts' order") }
        return (a, b)
    }

    private enum Pair<A: Sendable, B: Sendable>: Sendable {
        case first(A)
        case second(B)
    }

    /// One read of a batch: a select written with `?` for its values, and the table name its order refers to.
    package struct Read: Sendable {
        let sql: String
        let binds: [any Encodable & Sendable]
        /// The sub-select's name in the batch: its table, so that its order orders the JSON array too.
        let alias: String
        let orderBy: String

        package init(sql: String, binds: [any Encodable & Sendable], alias: String, orderBy: String) {
            self.sql = sql
            self.binds = binds
            self.alias = alias
            self.orderBy = orderBy
        }
    }

    private enum Outcome {
        case rows([any SQLRow])
        /// This read's part was the last to wait: it runs the round, with these reads of the others.
        case lead([Waiting])
    }

    private struct Waiting {
        let part: Int
        let read: Read
        let continuation: CheckedContinuation<Outcome, any Error>
    }

    private let database: any Database
    private let lock = NIOLock()
    /// The parts neither waiting for a read nor done.
    private var running: Set<Int>
    private var waiting: [Waiting] = []

    private init(database: any Database, parts: Int) {
        self.database = database
        running = Set(0..<parts)
    }

    /// The rows of `read`, run in the current round; nil when the current task is no part of a batch, or
    /// reads inside a transaction (on the transaction's connection, which the batch's statement is not).
    package static func rows(_ read: Read, on database: any Database) async throws -> [any SQLRow]? {
        guard let participant, !database.inTransaction else { return nil }
        return try await participant.batch.rows(read, part: participant.id)
    }

    private func rows(_ read: Read, part: Int) async throws -> [any SQLRow] {
        let outcome = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Outcome, any Error>) in
            let lead: [Waiting]? = lock.withLock {
                running.remove(part)
                guard running.isEmpty else {
                    waiting.append(Waiting(part: part, read: read, continuation: continuation))
                    return nil
                }
                return takeRound(plus: part)
            }
            if let lead { continuation.resume(returning: .lead(lead)) }
        }
        switch outcome {
        case .rows(let rows): return rows
        case .lead(let others): return try await run(others, plus: read)
        }
    }

    private func finish(_ part: Int) async {
        let lead: [Waiting]? = lock.withLock {
            running.remove(part)
            guard running.isEmpty, !waiting.isEmpty else { return nil }
            return takeRound(plus: nil)
        }
        if let lead { _ = try? await run(lead, plus: nil) }
    }

    /// The waiting reads, their parts (and the leading one) counted as running again. Called under the lock.
    private func takeRound(plus part: Int?) -> [Waiting] {
        let round = waiting
        waiting = []
        for waiting in round { running.insert(waiting.part) }
        if let part { running.insert(part) }
        return round
    }

    /// Runs a round: the others' reads and the leader's own (last); hands each waiting read its rows.
    private func run(_ others: [Waiting], plus own: Read?) async throws -> [any SQLRow] {
        let reads = others.map(\.read) + (own.map { [$0] } ?? [])
        do {
            let results = try await Self.execute(reads, on: database)
            for (waiting, rows) in zip(others, results) { waiting.continuation.resume(returning: .rows(rows)) }
            return own == nil ? [] : results[results.count - 1]
        } catch {
            for waiting in others { waiting.continuation.resume(throwing: error) }
            throw error
        }
    }

    /// Each read's rows: a single read as itself, several as one statement,
    /// `SELECT (SELECT coalesce(json_agg("t" ORDER BY …), '[]') FROM (read) AS "t")::text AS "r0", …`:
    /// every read's rows as one JSON array in one row, in the read's own order. Written as text, like the
    /// reads themselves: SQLKit's serializer cost a tenth of the person page's server time.
    static func execute(_ reads: [Read], on database: any Database) async throws -> [[any SQLRow]] {
        rounds?.count(reads.count)
        if reads.count == 1 { return [try await PreparedPostgres.rowsOrUnprepared(reads[0].sql, reads[0].binds, on: database)] }
        var sql = "SELECT "
        var binds: [any Encodable & Sendable] = []
        for (index, read) in reads.enumerated() {
            sql += index == 0 ? "(SELECT coalesce(json_agg(\"" : ", (SELECT coalesce(json_agg(\""
            sql += read.alias
            sql += read.orderBy.isEmpty ? "\"" : "\" ORDER BY " + read.orderBy
            sql += "), '[]') FROM (" + read.sql + ") AS \"" + read.alias + "\")::text AS \"r\(index)\""
            binds += read.binds
        }
        guard let row = try await PreparedPostgres.rowsOrUnprepared(sql, binds, on: database).first else { throw DirectRow.missing("the batch's row") }
        return try reads.indices.map { index in
            try JSONRow.rows(try row.decode(column: "r\(index)", as: String.self))
        }
    }
}
