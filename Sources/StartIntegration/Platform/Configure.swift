import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import Vapor

/// Sets up database, views, middleware and routes. The executable and the tests both call this.
public func configure(_ app: Application, config: AppConfig) async throws {
    app.config = config
    // The listen address: HOST and PORT from the environment; `serve --hostname/--port` still win.
    let environment = ProcessInfo.processInfo.environment
    if let host = environment["HOST"], !host.isEmpty { app.http.server.configuration.hostname = host }
    if let port = environment["PORT"].flatMap(Int.init) { app.http.server.configuration.port = port }
    if let url = config.databaseURL {
        app.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: url)), as: .psql)
    } else {
        do {
            try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure("Der Datenordner \(config.dataDirectory) (DATA_DIR) kann nicht angelegt werden.")
        }
        app.databases.use(.sqlite(.file(config.sqlitePath)), as: .sqlite)
    }
    app.migrations.add(CreateOrganisation(), CreateAccounts(), CreateAuditTrail(), CreatePersons(), CreateInformieren(), CreateLetters())

    app.localizer = try Localizer.load(language: "de", from: app.directory.resourcesDirectory + "Locales")
    app.views.use(.leaf)
    app.leaf.tags["t"] = TranslateTag(localizer: app.localizer)
    app.leaf.cache.isEnabled = app.environment.isRelease
    // Reference data and the dummy hash are made once here, not racily on first use.
    _ = app.countries
    _ = app.languages
    _ = app.dummyPasswordHash

    // Order matters: headers wrap everything, errors become pages, then assets, user, form token.
    app.middleware = .init()
    app.middleware.use(RouteLoggingMiddleware(logLevel: .info))
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(ErrorPageMiddleware())
    app.middleware.use(FileMiddleware(publicDirectory: app.directory.publicDirectory))
    app.middleware.use(SessionAuthenticator())
    app.middleware.use(CSRFMiddleware())
    app.routes.defaultMaxBodySize = "1mb"

    try registerRoutes(app)
}

/// Prepares an SQLite file for concurrent readers (WAL); a no-op on PostgreSQL.
public func prepareDatabase(_ app: Application) async throws {
    if app.config.databaseURL == nil, let sql = app.db as? any SQLDatabase {
        try await sql.raw("PRAGMA journal_mode=WAL").run()
    }
}

func registerRoutes(_ app: Application) throws {
    let open = app.routes
    LoginFeature.register(open)
    HealthFeature.register(open)

    let loggedIn = app.routes.grouped(RequireLogin())
    StartFeature.register(loggedIn)
    AccountFeature.register(loggedIn)
    AreasFeature.register(loggedIn)
    PersonsFeature.register(loggedIn)
    RegistrationFeature.register(loggedIn)
    TriageFeature.register(loggedIn)
    ContactsFeature.register(loggedIn)
    AppointmentsFeature.register(loggedIn)
    ConversationFeature.register(loggedIn)
    WorkListsFeature.register(loggedIn)
    LettersFeature.register(loggedIn)
    LetterTemplatesFeature.register(loggedIn)
    LetterheadFeature.register(loggedIn)
    OrganisationFeature.register(loggedIn)
    UsersFeature.register(loggedIn)
    AuditTrailFeature.register(loggedIn)
}
