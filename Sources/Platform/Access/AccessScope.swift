import Fluent
import FluentSQL
import SQLKit
import Foundation
import Persistence

/// What a user may see of person-related data. Every read of a `MunicipalityScoped` record goes
/// through here; Fluent's own `query(on:)`/`find` on those models does not build in a feature.
public struct AccessScope: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Persons of these municipalities (the user's municipality, or every member of the lead group).
        case municipalities([UUID])
        /// The canton (AGS): figures of all municipalities, no personal data.
        case cantonAggregates
        /// MISA: only the deficit reports sent to MISA.
        case misaInbox
        /// No person-related data at all (administrators, strategic leads).
        case nothing
        /// Seeds, commands and imports: every record. Made only by `SystemAccess`.
        case system
    }

    public let kind: Kind

    init(kind: Kind) { self.kind = kind }

    /// The system scope, for App's seeds and commands and for tests (through `SystemAccess`).
    @_spi(SystemAccess) public static let system = AccessScope(kind: .system)

    /// The municipalities whose persons the user may read (empty for every other kind).
    package var municipalityIDs: [UUID] {
        if case .municipalities(let ids) = kind { return ids }
        return []
    }

    package func mayWork(in municipalityID: UUID) -> Bool {
        switch kind {
        case .municipalities(let ids): ids.contains(municipalityID)
        case .system: true
        case .cantonAggregates, .misaInbox, .nothing: false
        }
    }

    /// Records of the scope's municipalities; nothing at all for a scope without municipalities.
    package func query<Record: MunicipalityScoped>(_ type: Record.Type, on db: any Database) -> QueryBuilder<Record> {
        // None of the scoped models deletes softly: no filter for it (Fluent's costs a reflection walk per query).
        let query = fluentQuery(Record.self, on: db).withDeleted()
        guard let condition = condition(Record.self) else { return query }
        return query.filter(condition)
    }

    /// Records of the scope's municipalities, as `query` finds them, read without Fluent's query builder
    /// (`RecordQuery`: for the reads of the busiest pages).
    package func records<Record: MunicipalityScoped>(_ type: Record.Type, on db: any Database) -> RecordQuery<Record> {
        let records = RecordQuery<Record>.all(on: db)
        guard let condition = condition(Record.self) else { return records }
        return records.adding(condition)
    }

    /// The scope's condition on a record's municipality (nil: every record). By its column: Fluent's operators
    /// build (and reflect over) a model for every condition to find its column (BENCHMARKS.md, fourth round).
    private func condition<Record: MunicipalityScoped>(_ type: Record.Type) -> DatabaseQuery.Filter? {
        let municipality = ColumnNames.shared.path(Record.municipalityKey)
        switch kind {
        case .system: return nil
        case .municipalities(let ids) where !ids.isEmpty: return .value(municipality, .subset(inverse: false), .array(ids.map { .bind($0) }))
        default: return .value(municipality, .equality(inverse: false), .bind(AccessScope.noRecord))
        }
    }

    /// The scope's records among the given ids, found by their primary key. On SQLite the municipality
    /// condition is kept but marked as no index (`+column`): without statistics SQLite otherwise read
    /// the whole municipality's index and checked every row against the ids (EXPLAIN QUERY PLAN at
    /// 1,000,000 persons: 8.7 ms instead of 1.6 ms for a search's 150 candidates).
    package func query<Record: MunicipalityScoped>(_ type: Record.Type, ids: [UUID], on db: any Database) -> QueryBuilder<Record> {
        byID(type, .value(Self.idPath(Record.self), .subset(inverse: false), .array(ids.map { .bind($0) })), on: db)
    }

    /// The scope's records whose ids every group of lookups finds, in one statement (`MatchingIDs`: a group's
    /// lookups united, the groups intersected). Each lookup is a query of this scope (its municipality condition
    /// included) selecting `selected`. On SQLite the record's municipality condition is kept but not used to
    /// find rows, as for a list of ids (`query(_:ids:on:)`).
    package func query<Record: MunicipalityScoped, Key: MunicipalityScoped>(
        _ type: Record.Type, idsFoundBy groups: [[QueryBuilder<Key>]], selecting selected: PartialKeyPath<Key>, on db: any Database
    ) -> QueryBuilder<Record> {
        let matching = MatchingIDs(schema: Record.schemaOrAlias, column: FieldKey.id.description,
                                   selected: ColumnNames.shared.column(selected), groups: groups.map { $0.map(\.query) })
        return byID(type, .sql(matching), on: db)
    }

    /// The scope's records found by a condition on their id; on SQLite the municipality condition is kept but
    /// marked as no index (see `query(_:ids:on:)`).
    private func byID<Record: MunicipalityScoped>(_ type: Record.Type, _ condition: DatabaseQuery.Filter, on db: any Database) -> QueryBuilder<Record> {
        guard case .municipalities(let municipalities) = kind, !municipalities.isEmpty,
              let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite",
              case let key = ColumnNames.shared.column(Record.municipalityKey) else {
            return query(type, on: db).filter(condition)
        }
        return fluentQuery(Record.self, on: db).withDeleted().filter(condition)
            .filter(.sql(UnindexedSubset(schema: Record.schemaOrAlias, column: key, values: municipalities)))
    }

    /// The appointments of participations read through this scope. An appointment is stored under its first
    /// participant's municipality, and a lead group's appointment may invite persons of several member
    /// municipalities: the participation grants its appointment (as a join from it did), not the
    /// appointment's own municipality.
    package func appointments(of participations: [AppointmentParticipant], on db: any Database) async throws -> [Appointment] {
        let ids = Array(Set(participations.map(\.$appointment.id)))
        guard !ids.isEmpty else { return [] }
        return try await RecordQuery<Appointment>.all(on: db)
            .adding(.value(Self.idPath(Appointment.self), .subset(inverse: false), .array(ids.map { .bind($0) }))).fetch()
    }

    /// The id column of a scoped record: every one is declared `@ID(key: .id)` (checked in debug builds).
    static func idPath<Record: MunicipalityScoped>(_ type: Record.Type) -> DatabaseQuery.Field {
        assert(Record()._$id.key == .id, "\(Record.self) has an id column other than «id»")
        return .extendedPath([.id], schema: Record.schemaOrAlias, space: Record.spaceIfNotAliased)
    }

    /// One record by id within the scope, or nil (answered as 404).
    package func find<Record: MunicipalityScoped>(_ type: Record.Type, _ id: UUID, on db: any Database) async throws -> Record? {
        try await records(type, on: db).adding(.value(Self.idPath(Record.self), .equality(inverse: false), .bind(id))).fetchFirst()
    }

    package func persons(on db: any Database) -> QueryBuilder<Person> { query(Person.self, on: db) }
    package func households(on db: any Database) -> QueryBuilder<Household> { query(Household.self, on: db) }

    /// Letterheads of the given municipalities, also outside the scope: a letterhead is the
    /// municipality's public face (sender, logo, signature), never personal data, and a member
    /// municipality without its own writes on its lead municipality's.
    package func publicLetterheads(of municipalityIDs: [UUID], on db: any Database) async throws -> [Letterhead] {
        guard !municipalityIDs.isEmpty else { return [] }
        return try await fluentQuery(Letterhead.self, on: db).filter(\.$municipality.$id ~~ municipalityIDs).all()
    }

    /// The offers the user may see: the canton's, the regional ones of the lead groups the user's
    /// municipalities belong to, and those municipalities' own. The canton (AGS) sees every offer.
    package func offers(on db: any Database) async throws -> QueryBuilder<Offer> {
        let query = Offer.query(on: db)
        switch kind {
        case .system, .cantonAggregates:
            return query
        case .municipalities(let ids) where !ids.isEmpty:
            let groups = try await Municipality.query(on: db).filter(\.$id ~~ ids).all().compactMap(\.$leadGroup.id)
            return query.group(.or) { either in
                either.filter(\.$level == .canton)
                if !groups.isEmpty { either.group(.and) { $0.filter(\.$level == .region).filter(\.$leadGroupID ~~ groups) } }
                either.group(.and) { $0.filter(\.$level == .municipality).filter(\.$municipalityID ~~ ids) }
            }
        default:
            return query.filter(\.$id == AccessScope.noRecord)
        }
    }

    /// Deficit reports: a municipality's own; for MISA only the reports sent to it (never a draft, never
    /// the case behind them).
    package func deficitReports(on db: any Database) -> QueryBuilder<DeficitReport> {
        switch kind {
        case .misaInbox: fluentQuery(DeficitReport.self, on: db).withDeleted().filter(\.$status != .draft)
        default: query(DeficitReport.self, on: db)
        }
    }

    /// The same reports as `deficitReports`, read without Fluent's query builder (`RecordQuery`).
    package func deficitReportRecords(on db: any Database) -> RecordQuery<DeficitReport> {
        switch kind {
        case .misaInbox: RecordQuery<DeficitReport>.all(on: db).filter(\.$status, .notEqual, .draft)
        default: records(DeficitReport.self, on: db)
        }
    }

    /// MISA's questions on a report it may see; a municipality's on its own reports.
    package func reportQuestions(_ reportID: UUID, on db: any Database) async throws -> QueryBuilder<ReportQuestion>? {
        guard try await deficitReports(on: db).filter(\.$id == reportID).count() == 1 else { return nil }
        return fluentQuery(ReportQuestion.self, on: db).withDeleted().filter(\.$report.$id == reportID)
    }

    /// No row has this id: an empty scope matches nothing.
    static let noRecord = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
}

/// Fluent's own query: in a context that knows only `Model`, the deprecated shadow is not seen.
private func fluentQuery<T: Model>(_ type: T.Type, on database: any Database) -> QueryBuilder<T> {
    T.query(on: database)
}
