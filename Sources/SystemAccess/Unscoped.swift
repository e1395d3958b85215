import Foundation
import Fluent
import Persistence
@_spi(SystemAccess) import Platform

/// The named, explicit escape from the access scope, for what runs as the system: seeds, commands,
/// imports, tests. Feature targets do not depend on this target, so they cannot use it.
package enum Unscoped {
    /// Every record, for system work.
    package static var scope: AccessScope { AccessScope.system }

    /// All rows of a person-related table.
    package static func query<Record: MunicipalityScoped>(_ type: Record.Type, on database: any Database) -> QueryBuilder<Record> {
        scope.query(type, on: database)
    }

    package static func find<Record: MunicipalityScoped>(_ type: Record.Type, _ id: UUID, on database: any Database) async throws -> Record? {
        try await scope.find(type, id, on: database)
    }
}
