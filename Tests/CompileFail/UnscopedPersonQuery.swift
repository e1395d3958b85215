// A probe that must NOT build inside a feature target (scripts/compile-fail copies it there):
// reading person data without the access scope. Both lines must be refused.
import Fluent
import Foundation
import Persistence

func forgottenScope(_ db: any Database, id: UUID) async throws -> [Person] {
    _ = try await Household.find(id, on: db)
    return try await Person.query(on: db).all()
}
