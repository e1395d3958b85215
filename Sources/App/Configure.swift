import Account
import AuditTrail
import Foerdern
import Fordern
import Informieren
import Letters
import Misa
import Organisation
import Persons
import Start
import Users
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Persistence
import Platform
import SQLKit
import Vapor

/// Every area of the programme, in one list: a new area is one target and one line here.
package let allAreas: [any Area] = [
    HealthArea(),
    AccountArea(),
    StartArea(),
    PersonsArea(),
    InformierenArea(),
    FoerdernArea(),
    FordernArea(),
    MisaArea(),
    LettersArea(),
    OrganisationArea(),
    UsersArea(),
    AuditTrailArea(),
]

/// Sets up database, texts, areas, middleware and routes. The executable and the tests both call this.
package func configure(_ app: Application, config: AppConfig) async throws {
    app.config = config
    // The listen address: HOST and PORT from the environment; `serve --hostname/--port` still win.
    let environment = ProcessInfo.processInfo.environment
    if let host = environment["HOST"], !host.isEmpty { app.http.server.configuration.hostname = host }
    if let port = environment["PORT"].flatMap(Int.init) { app.http.server.configuration.port = port }
    if let url = config.databaseURL {
        // Requests and the audit committer each get their own pool: a group commit waiting for its
        // fsync never holds a connection a page needs.
        app.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: url),
                                    maxConnectionsPerEventLoop: config.databasePoolSize), as: .psql)
        app.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: url), maxConnectionsPerEventLoop: 1), as: .audit,
                          isDefault: false)
    } else {
        do {
            try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure("Der Datenordner \(config.dataDirectory) (DATA_DIR) kann nicht angelegt werden.")
        }
        app.databases.use(.sqlite(.file(config.sqlitePath)), as: .sqlite)
        // A second connection to the same file for the audit committer (WAL: readers never wait for it).
        app.databases.use(.sqlite(.file(config.sqlitePath)), as: .audit, isDefault: false)
    }
    app.migrations.add(AllMigrations.list)

    app.localizer = try Localizer.load(language: "de", from: app.directory.resourcesDirectory + "Locales")
    // Reference data, the dummy hash and the outside world are made once here, not racily on first use.
    _ = app.reference
    _ = app.dummyPasswordHash
    _ = app.appEnvironment
    do {
        let keys = try config.auditKey.map { AuditKeyring(current: $0) }
            ?? AuditKeyring.load(environment: ProcessInfo.processInfo.environment, dataDirectory: config.dataDirectory,
                                 usesPostgres: config.databaseURL != nil)
        app.startAuditCommitter(keys: keys)
    } catch let problem as AuditKeyring.Problem {
        throw CommandFailure(problem.description)
    }
    app.areas = AreaRegistry(allAreas)
    // The deficit report attaches the conversation form the letters area makes.
    app.conversationForms = LettersArea().conversationForms

    // Order matters: headers wrap everything, errors become pages, then assets, user, form token.
    app.middleware = .init()
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(ErrorPageMiddleware())
    app.middleware.use(PathGuardMiddleware())
    app.middleware.use(FileMiddleware(publicDirectory: app.directory.publicDirectory))
    app.middleware.use(SessionAuthenticator())
    app.middleware.use(CSRFMiddleware())
    app.middleware.use(RepeatedFormMiddleware())
    app.routes.defaultMaxBodySize = "1mb"

    let loggedIn = app.routes.grouped(RequireLogin())
    for area in allAreas { area.registerRoutes(open: app.routes, loggedIn: loggedIn) }
}

/// Prepares an SQLite file for concurrent readers (WAL); a no-op on PostgreSQL.
package func prepareDatabase(_ app: Application) async throws {
    if app.config.databaseURL == nil, let sql = app.db as? any SQLDatabase {
        try await sql.raw("PRAGMA journal_mode=WAL").run()
    }
}

/// `GET /healthz`: 200 while the database answers, 503 otherwise (for load balancers).
struct HealthArea: Area {
    func registerRoutes(open: any RoutesBuilder, loggedIn: any RoutesBuilder) {
        open.get(.health) { req in
            do {
                guard let sql = req.db as? any SQLDatabase else { throw AppError.internalError("no SQL database") }
                try await sql.raw("SELECT 1").run()
                return Response(status: .ok, body: .init(string: "ok"))
            } catch {
                req.logger.warning("healthz: Datenbank nicht erreichbar")
                return Response(status: .serviceUnavailable, body: .init(string: "Datenbank nicht erreichbar"))
            }
        }
    }
}
