import Foundation
import Platform
import PostgresNIO

/// One line for an operator when the database cannot be used at start: where, and why,
/// without credentials.
package enum DatabaseFailure {
    package static func describe(_ error: any Error, config: AppConfig) -> String {
        let target: String
        if let url = config.databaseURL, let components = URLComponents(string: url) {
            target = "PostgreSQL auf \(components.host ?? "?"):\(components.port.map(String.init) ?? "5432")\(components.path)"
        } else {
            target = "SQLite-Datei \(config.sqlitePath)"
        }
        let cause: String
        if let postgres = error as? PSQLError {
            switch postgres.code {
            case .connectionError: cause = "keine Verbindung (Server läuft nicht oder Adresse falsch)"
            case .server: cause = "der Server lehnt ab: \(postgres.serverInfo?[.message] ?? "unbekannter Grund")"
            default: cause = "\(postgres.code)"
            }
        } else {
            cause = String(describing: error)
        }
        return "Die Datenbank ist nicht erreichbar: \(target) – \(cause)"
    }
}
