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

/// The connection settings of `DATABASE_URL`, with generic plans for prepared statements: PostgreSQL planned the
/// start page's count statement (eleven sub-counts) anew on every run, because its custom plans looked cheaper
/// on paper than the generic one; planning was 260 of its 320 µs (`pg_stat_statements`). Generic plans are made
/// once per connection; the statements' conditions are equalities and ranges on indexed columns, whose plans do
/// not depend on the values (BENCHMARKS.md, eighth round).
func postgresConfiguration(_ url: String) throws -> SQLPostgresConfiguration {
    var configuration = try SQLPostgresConfiguration(url: url)
    configuration.coreConfiguration.options.additionalStartupParameters.append(("plan_cache_mode", "force_generic_plan"))
    return configuration
}

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
        app.databases.use(.postgres(configuration: try postgresConfiguration(url),
                                    maxConnectionsPerEventLoop: config.databasePoolSize), as: .psql)
        let threads = DatabaseThreads.postgres()
        app.databaseThreads = threads
        app.lifecycle.use(threads)
        app.databases.use(DatabaseConfigurationFactory.postgres(configuration: try postgresConfiguration(url),
                                                                maxConnectionsPerEventLoop: 1)
                            .on(threadPool: app.threadPool, eventLoopGroup: threads.auditLoop), as: .audit, isDefault: false)
    } else {
        do {
            try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure("Der Datenordner \(config.dataDirectory) (DATA_DIR) kann nicht angelegt werden.")
        }
        // SQLite blocks a thread per statement: pages and the audit committer each have their own (`DatabaseThreads`).
        let threads = DatabaseThreads.sqlite()
        app.databaseThreads = threads
        app.lifecycle.use(threads)
        // The direct reads run on read-only connections of their own, their statements kept prepared (`SQLiteReaders`).
        let pages = DatabaseConfigurationFactory.sqlite(.file(config.sqlitePath)).on(threadPool: threads.pages!)
        app.databases.use(SQLiteWithReaders(pages.make(), readers: SQLiteReaders(path: config.sqlitePath)), as: .sqlite)
        // A second connection to the same file for the audit committer (WAL: readers never wait for it),
        // on the committer's own event loop and thread; its group commits run on a connection of its own (`SQLiteWriter`).
        let audit = DatabaseConfigurationFactory.sqlite(.file(config.sqlitePath))
            .on(threadPool: threads.audit!, eventLoopGroup: threads.auditLoop)
        app.databases.use(SQLiteWithReaders(audit.make(), readers: SQLiteReaders(path: config.sqlitePath),
                                            writer: SQLiteWriter(path: config.sqlitePath)), as: .audit, isDefault: false)
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
        app.startAuditCommitter(keys: keys, on: app.databaseThreads?.auditLoop.next())
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

/// The threads the databases block or wait on, besides the app's own: the audit committer has an
/// event loop of its own (its batch's statements resume at once instead of queueing behind the
/// pages' work: a group commit took 25 ms on the shared loops, BENCHMARKS.md, «Where the time of an audited page goes»), and SQLite's
/// blocking calls run on pools of their own, so bcrypt or WeasyPrint on `app.threadPool` never hold up a query.
final class DatabaseThreads: LifecycleHandler, Sendable {
    let pages: NIOThreadPool?
    let audit: NIOThreadPool?
    let auditLoop: MultiThreadedEventLoopGroup

    private init(pages: NIOThreadPool?, audit: NIOThreadPool?) {
        self.pages = pages
        self.audit = audit
        self.auditLoop = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        pages?.start()
        audit?.start()
    }

    static func sqlite() -> DatabaseThreads {
        DatabaseThreads(pages: NIOThreadPool(numberOfThreads: max(2, System.coreCount)), audit: NIOThreadPool(numberOfThreads: 1))
    }

    static func postgres() -> DatabaseThreads { DatabaseThreads(pages: nil, audit: nil) }

    /// The same for an app shut down without `await` (Application's deinit, a failed start).
    func shutdown(_ application: Application) {
        application.closeAuditCommitter()
        application.databases.shutdown()
        try? pages?.syncShutdownGracefully()
        try? audit?.syncShutdownGracefully()
        try? auditLoop.syncShutdownGracefully()
    }

    func shutdownAsync(_ application: Application) async {
        application.closeAuditCommitter()
        await application.syncAuditCommitter()
        // The connections close on these threads: close them first (Fluent's own shutdown later finds nothing left).
        await application.databases.shutdownAsync()
        try? await pages?.shutdownGracefully()
        try? await audit?.shutdownGracefully()
        try? await auditLoop.shutdownGracefully()
    }
}

extension Application {
    private struct DatabaseThreadsKey: StorageKey { typealias Value = DatabaseThreads }

    var databaseThreads: DatabaseThreads? {
        get { storage[DatabaseThreadsKey.self] }
        set { storage[DatabaseThreadsKey.self] = newValue }
    }
}

/// A database configuration whose driver blocks on the given thread pool and runs on the given event loops.
private struct OnThreads: DatabaseConfiguration {
    var inner: any DatabaseConfiguration
    let threadPool: NIOThreadPool
    let eventLoopGroup: (any EventLoopGroup)?

    var middleware: [any AnyModelMiddleware] {
        get { inner.middleware }
        set { inner.middleware = newValue }
    }

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        inner.makeDriver(for: Databases(threadPool: threadPool, on: eventLoopGroup ?? databases.eventLoopGroup))
    }
}

extension DatabaseConfigurationFactory {
    fileprivate func on(threadPool: NIOThreadPool, eventLoopGroup: (any EventLoopGroup)? = nil) -> DatabaseConfigurationFactory {
        DatabaseConfigurationFactory { OnThreads(inner: self.make(), threadPool: threadPool, eventLoopGroup: eventLoopGroup) }
    }
}
