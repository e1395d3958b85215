import Fluent
import Foundation

/// Records of a municipality's persons. They are read only through the access scope: Fluent's
/// `query(on:)` and `find(_:on:)` are shadowed here by deprecated overloads, and the feature targets
/// treat that deprecation as an error, so a forgotten scope does not build.
package protocol MunicipalityScoped: Model where IDValue == UUID {
    /// The municipality the record belongs to; the scope filters on it.
    static var municipalityKey: KeyPath<Self, FieldProperty<Self, UUID>> { get }
}

extension MunicipalityScoped {
    @available(*, deprecated, message: "Person data is read through the access scope: scope.query(…), scope.find(…).")
    package static func query(on database: any Database) -> QueryBuilder<Self> {
        fluentQuery(Self.self, on: database)
    }

    @available(*, deprecated, message: "Person data is read through the access scope: scope.find(…).")
    package static func find(_ id: UUID?, on database: any Database) async throws -> Self? {
        guard let id else { return nil }
        return try await fluentQuery(Self.self, on: database).filter(\._$id == id).first()
    }

    @available(*, deprecated, message: "Person data is read through the access scope: scope.find(…).")
    package static func find(_ id: UUID?, on database: any Database) -> EventLoopFuture<Self?> {
        guard let id else { return database.eventLoop.makeSucceededFuture(nil) }
        return fluentQuery(Self.self, on: database).filter(\._$id == id).first()
    }
}

/// Fluent's own query; in a context that knows only `Model`, the deprecated shadow above is not seen.
private func fluentQuery<T: Model>(_ type: T.Type, on database: any Database) -> QueryBuilder<T> {
    T.query(on: database)
}
