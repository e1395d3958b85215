import Domain
import Fluent
import Foundation
import Persistence
import SQLKit

/// `audit verify` beside the chain: which records an entry names is hashed in its fields (the record id, or a
/// list's ids at the end of its detail), but found through an index that is not: `record_set` and the set's rows
/// in `audit_record_sets`. An index that no longer matches would hide an entry from «who saw this person»;
/// `verify` names the first entry where it does not.
///
/// Not checked: entries without a set. The entries written before the sets are indexed in `audit_record_refs`
/// (which has no index by entry to compare them page by page), and cannot be told from an entry whose set was
/// removed.
enum RecordIndexCheck {
    /// How many set keys `verify` remembers as checked (a list seen often is checked once).
    static let remembered = 100_000

    /// What `verify` carries from page to page: the set keys it checked, and the sets it made of a list's ids
    /// (the same list is named by many entries: a set's key is a hash of its sorted ids).
    struct Memory {
        var checked = Set<String>()
        var sets: [String: AuditLog.RecordSet] = [:]
    }

    /// The first entry of `page` whose index does not name what its hashed fields name, with the reason.
    static func firstProblem(in page: [AuditEntry], on database: any Database,
                             memory: inout Memory) async throws -> (sequence: Int, reason: String)? {
        guard let sql = database as? any SQLDatabase else { return nil }
        if memory.sets.count > 5_000 { memory.sets.removeAll(keepingCapacity: true) }
        if memory.checked.count > remembered { memory.checked.removeAll(keepingCapacity: true) }
        // Per entry with a set: the key and the ids its hashed fields give (nil: it names nothing).
        var expected: [Int: (key: String, members: [String])?] = [:]
        var wanted = Set<String>()
        for entry in page {
            guard let key = entry.recordSet, let named = named(entry) else { continue }
            switch named {
            case .nothing:
                expected[entry.sequence] = .some(nil)
            case .one(let id):
                expected[entry.sequence] = (id, [])
            case .list(let text, let count):
                let set: AuditLog.RecordSet
                if let known = memory.sets[text] { set = known } else {
                    let ids = text.split(separator: ",").compactMap { UUID(text: String($0)) }
                    // Not a list of ids after all (a detail's own text): nothing to compare.
                    guard ids.count == count, let made = AuditLog.RecordSet(ids) else { continue }
                    set = made
                    memory.sets[text] = set
                }
                expected[entry.sequence] = (set.key, set.members)
                if set.key == key, !memory.checked.contains(key) { wanted.insert(key) }
            }
        }
        // The sets' rows, in one statement per 500 keys.
        var rows: [String: [String]] = [:]
        struct Member: Decodable { let set_key: String; let record_id: String }
        let keys = Array(wanted)
        for start in stride(from: 0, to: keys.count, by: 500) {
            let chunk = keys[start..<min(start + 500, keys.count)].map { SQLBind($0) }
            let found = try await sql.raw("""
                SELECT set_key, record_id FROM audit_record_sets WHERE set_key IN \(SQLGroupExpression(SQLKit.SQLList(chunk)))
                """).all(decoding: Member.self)
            for member in found { rows[member.set_key, default: []].append(member.record_id) }
        }
        for entry in page {
            guard let key = entry.recordSet, let found = expected[entry.sequence] else { continue }
            let problem = (entry.sequence, "Eintrag Nr. \(entry.sequence): der Index der genannten Datensätze stimmt nicht mit dem Eintrag überein")
            // A set for an entry that names nothing, or for other records than it names.
            guard let set = found, set.key == key else { return problem }
            if set.members.isEmpty || memory.checked.contains(key) { continue }
            guard (rows[key] ?? []).sorted() == set.members else { return problem }
            memory.checked.insert(key)
        }
        return nil
    }

    enum Named {
        case nothing
        case one(String)
        /// A list's ids as the detail ends with them (`AuditChain.fields`), comma-separated.
        case list(String, count: Int)
    }

    /// What an entry's hashed fields name: its record id, or a list's ids that end its detail (`AuditChain.fields`);
    /// nil where the detail was cut short or its end is no list of ids (nothing to compare).
    static func named(_ entry: AuditEntry) -> Named? {
        if let id = entry.recordID, !id.isEmpty { return .one(id) }
        // By bytes, from the end: Foundation's backwards search of a String cost a third of `verify`'s time.
        let utf8 = Array(entry.detail.utf8)
        let marker = Array("ids: ".utf8)
        guard utf8.count >= marker.count,
              let start = stride(from: utf8.count - marker.count, through: 0, by: -1).first(where: { utf8[$0..<$0 + marker.count].elementsEqual(marker) })
        else { return .nothing }
        let length = utf8.count - start - marker.count
        // 36 characters and a comma per id; cut short at its limit, the last ids may be missing (counted in
        // bytes, at least the characters: a detail with other letters is left unchecked rather than misjudged).
        let count = (length + 1) / 37
        guard count > 1, (length + 1) % 37 == 0, utf8.count < 500 + 37 * count else { return nil }
        return .list(String(decoding: utf8[(start + marker.count)...], as: UTF8.self), count: count)
    }
}
