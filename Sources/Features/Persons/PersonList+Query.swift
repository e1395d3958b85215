import Domain
import Fluent
import Foundation
import Persistence
import Platform

/// Parsing the search form and finding persons by their name keys (an index range per word).
enum PersonSearch {
    struct Input: Decodable, Sendable {
        var name: String?
        var birthDate: String?
    }

    struct Criteria: Sendable {
        /// Folded words; each must begin one of the person's name keys (any order).
        let words: [String]
        let birthDate: CalendarDate?
    }

    static func validate(_ input: Input, today: CalendarDate, texts: Localizer) -> Validated<Criteria> {
        var errors = FieldMessages()
        let name = errors.text("name", input.name, max: 200, texts: texts)
        let words = SearchKeys.words(name)
        let birth = errors.date("birthDate", input.birthDate, required: false,
                                range: .lifetime(today: today), texts: texts)
        if words.isEmpty, FieldCheck.trimmed(input.birthDate).isEmpty { errors.add("name", texts("persons.searchEmpty")) }
        guard errors.isEmpty else { return .invalid(errors) }
        return .valid(Criteria(words: words, birthDate: birth))
    }

    /// Matches read and ranked; of these the closest `shown` are listed (and audited as read). A name as
    /// common as a family's in a town matched 160 persons at 1,000,000: listing and auditing them all
    /// was most of a search's time (BENCHMARKS.md), and nobody reads past the first screens of a list.
    static let limit = 200
    static let shown = 50

    /// Persons whose names match every word (its beginning, or its sound), closest spellings first.
    static func run(_ criteria: Criteria, scope: AccessScope, on db: any Database) async throws -> [PersonRow] {
        var query = matching(criteria.words, scope: scope, on: db)
        if let birth = criteria.birthDate { query = query.filter(\.$birthDate == birth) }
        let persons = try await query.sort(\.$nameKey).sort(\.$birthDate).limit(limit).personRows()
        // Each person's closeness once, not in every comparison of the sort (stable: name order stays for ties).
        return persons.map { (closeness($0, criteria.words), $0) }.enumerated()
            .sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
    }

    /// The scope's persons whose names match every word, as one statement. Each word's beginning and its sound
    /// are two index ranges, united (combined with OR, the database read every key of the municipality: EXPLAIN
    /// QUERY PLAN; BENCHMARKS.md); the words' matches intersected, in a subquery of the persons' read, so the
    /// matching ids stay in the database (BENCHMARKS.md, twelfth round). The longest word bounds the matches (a
    /// single letter would match thousands); the others, intersected with it, are read whole, so that no match
    /// of both is cut off.
    static func matching(_ words: [String], scope: AccessScope, on db: any Database) -> QueryBuilder<Person> {
        let groups = words.sorted { $0.count > $1.count }.enumerated().map { index, word in
            var lookups = [scope.query(PersonSearchKey.self, on: db).filter(\.$key >= word).filter(\.$key < SearchKeys.upperBound(word))]
            if let sound = SearchKeys.soundKey(word) { lookups.append(scope.query(PersonSearchKey.self, on: db).filter(\.$key == sound)) }
            return index == 0 ? lookups.map { $0.limit(5000) } : lookups
        }
        return groups.isEmpty ? scope.persons(on: db)
            : scope.query(Person.self, idsFoundBy: groups, selecting: \PersonSearchKey.$person.$id, on: db)
    }

    /// How far the person's name is from the searched words: 0 when every word begins a name word.
    static func closeness(_ person: PersonRow, _ words: [String]) -> Int {
        let names = SearchKeys.words(person.givenName + " " + person.familyName)
            + [NameFolding.key(person.givenName), NameFolding.key(person.familyName)]
        return words.reduce(0) { total, word in
            // A word that begins a name is as close as can be: no distance to compute (most matches are such).
            total + (names.contains { $0.hasPrefix(word) } ? 0 : names.map { Phonetics.distance(word, $0) }.min() ?? word.count)
        }
    }
}

extension PersonListModel {
    static let pageSize = 50

    static func page(_ number: Int, scope: AccessScope, database db: any Database, reference: ReferenceData) async throws -> PersonListModel {
        let persons = try await scope.persons(on: db).sort(\.$nameKey).sort(\.$birthDate)
            .range(((number - 1) * pageSize)..<(number * pageSize + 1)).personRows()
        let total = try await scope.persons(on: db).count()
        return try await make(Array(persons.prefix(pageSize)), page: number, hasNext: persons.count > pageSize,
                              total: total, isSearch: false, scope: scope, db: db, reference: reference)
    }

    static func search(_ criteria: PersonSearch.Criteria, scope: AccessScope, database db: any Database,
                       reference: ReferenceData) async throws -> PersonListModel {
        let persons = try await PersonSearch.run(criteria, scope: scope, on: db)
        return try await make(Array(persons.prefix(PersonSearch.shown)), page: 1, hasNext: false, total: persons.count, isSearch: true,
                              scope: scope, db: db, reference: reference)
    }

    private static func make(_ persons: [PersonRow], page: Int, hasNext: Bool, total: Int, isSearch: Bool,
                             scope: AccessScope, db: any Database, reference: ReferenceData) async throws -> PersonListModel {
        let ids = scope.municipalityIDs
        let names = try await MunicipalityNames.names(ids, on: db)
        return PersonListModel(
            rows: persons.map { person in
                Row(id: person.id, name: person.name, birthDate: person.birthDate,
                    nationality: reference.countries.name(person.nationality), permit: person.permit?.rawValue ?? "–",
                    municipality: names[person.municipalityID] ?? "")
            },
            page: page, pageCount: max(1, (total + pageSize - 1) / pageSize), hasPrevious: page > 1, hasNext: hasNext, total: total,
            isSearch: isSearch)
    }
}
