import Fluent
import Foundation
import Vapor

/// What a user may see of person-related data: the municipalities whose persons they may read.
/// Computed once per request from the user's unit and role; every query of persons and
/// households goes through it (an architecture test forbids `Person.query` elsewhere).
public struct AccessScope: Sendable {
    /// Municipalities whose persons this user may see; empty for the canton, MISA and administrators.
    public let municipalityIDs: [UUID]
    public let role: Role

    static func of(role: Role, unit: OrganisationalUnit, on db: any Database) async throws -> AccessScope {
        guard role.has(.viewPersons) else { return AccessScope(municipalityIDs: [], role: role) }
        switch unit.kind {
        case .municipality:
            return AccessScope(municipalityIDs: [unit.$municipality.id].compactMap { $0 }, role: role)
        case .leadGroup:
            guard let groupID = unit.$leadGroup.id else { return AccessScope(municipalityIDs: [], role: role) }
            let members = try await Municipality.query(on: db).filter(\.$leadGroup.$id == groupID).all()
            var ids = Set(members.compactMap(\.id))
            if let group = try await LeadGroup.find(groupID, on: db) { ids.insert(group.$leadMunicipality.id) }
            return AccessScope(municipalityIDs: ids.sorted { $0.uuidString < $1.uuidString }, role: role)
        case .canton, .migrationOffice:
            return AccessScope(municipalityIDs: [], role: role)
        }
    }

    public func mayWork(in municipalityID: UUID) -> Bool { municipalityIDs.contains(municipalityID) }

    /// Records of the user's municipalities; nothing at all for a scope without municipalities.
    func query<Record: MunicipalityScoped>(_ type: Record.Type, on db: any Database) -> QueryBuilder<Record> {
        let query = Record.query(on: db)
        let ids = municipalityIDs.isEmpty ? [AccessScope.nothing] : municipalityIDs
        return query.filter(.path(["municipality_id"], schema: Record.schemaOrAlias), .subset(inverse: false), .array(ids.map { .bind($0) }))
    }

    func persons(on db: any Database) -> QueryBuilder<Person> { query(Person.self, on: db) }
    func households(on db: any Database) -> QueryBuilder<Household> { query(Household.self, on: db) }

    /// One record by id within the scope, or nil (answered as 404).
    func find<Record: MunicipalityScoped>(_ type: Record.Type, _ id: UUID, on db: any Database) async throws -> Record?
        where Record.IDValue == UUID {
        try await query(type, on: db).filter(.path(["id"], schema: Record.schemaOrAlias), .equality(inverse: false), .bind(id)).first()
    }


    /// No row has this id: used to make an empty scope match nothing.
    private static let nothing = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
}

extension Request {
    /// The current user's scope; routes behind `RequireLogin` always have one.
    func scope() throws -> AccessScope { try requireUser().scope }

    /// A scoped person or 404; an attempt on another unit's record is audited.
    func scopedPerson(_ id: UUID) async throws -> Person {
        try await scoped(Person.self, id, recordType: "person")
    }

    /// A scoped record or 404; an attempt on another unit's record is audited.
    func scoped<Record: MunicipalityScoped>(_ type: Record.Type, _ id: UUID, recordType: String) async throws -> Record
        where Record.IDValue == UUID {
        if let record = try await scope().find(type, id, on: db) { return record }
        try await audit(.recordNotFound, recordType: recordType, recordID: id, detail: url.path)
        throw Abort(.notFound)
    }

    /// The id in the route parameter `name`, or 404.
    func idParameter(_ name: String) throws -> UUID {
        guard let id = parameters.get(name, as: UUID.self) else { throw Abort(.notFound) }
        return id
    }
}
