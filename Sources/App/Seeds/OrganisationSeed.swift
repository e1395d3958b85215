import Domain
import Fluent
import Foundation
import Persistence
import Platform
import Vapor

/// Loads the canton's districts and municipalities (Resources/Data/so-municipalities.csv, source in
/// Resources/Data/README.md) and the units AGS and MISA into an empty database. Later changes
/// (mergers, participation) are made in the UI, not here.
package enum OrganisationSeed {
    package static let cantonUnitName = "AGS"
    package static let migrationOfficeUnitName = "MISA"

    struct MunicipalityRow { let bfsNumber: Int; let name: String; let district: String }

    static func parse(csv: String) throws -> [MunicipalityRow] {
        var rows: [MunicipalityRow] = []
        for (index, line) in csv.split(whereSeparator: \.isNewline).enumerated() where index > 0 {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 3, let number = Int(cells[0]), !cells[1].isEmpty, !cells[2].isEmpty else {
                throw CommandFailure("so-municipalities.csv, Zeile \(index + 1): erwartet bfs_number,name,district")
            }
            rows.append(MunicipalityRow(bfsNumber: number, name: cells[1], district: cells[2]))
        }
        return rows
    }

    package static func loadIfEmpty(_ app: Application) async throws {
        guard try await District.query(on: app.db).count() == 0 else { return }
        let path = app.directory.resourcesDirectory + "Data/so-municipalities.csv"
        let rows = try parse(csv: try String(contentsOfFile: path, encoding: .utf8))
        try await app.db.transaction { db in
            var districts: [String: UUID] = [:]
            for name in Set(rows.map(\.district)).sorted() {
                let district = District(name: name)
                try await district.create(on: db)
                districts[name] = try district.requireID()
            }
            for row in rows {
                let municipality = Municipality(bfsNumber: row.bfsNumber, name: row.name, districtID: districts[row.district]!)
                try await municipality.create(on: db)
                try await OrganisationalUnit(kind: .municipality, name: row.name, municipalityID: municipality.id).create(on: db)
            }
            try await OrganisationalUnit(kind: .canton, name: cantonUnitName).create(on: db)
            try await OrganisationalUnit(kind: .migrationOffice, name: migrationOfficeUnitName).create(on: db)
            try await app.auditSystem([AuditDraft(.organisationChanged, .dataSet,
                                                  detail: "\(districts.count) Bezirke und \(rows.count) Gemeinden geladen",
                                                  actor: .system("seed"), at: app.appEnvironment.clock.now())], on: db)
        }
    }
}
