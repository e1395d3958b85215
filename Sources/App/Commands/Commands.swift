import Domain
import Fluent
import Foundation
import Persistence
import Platform
import Vapor

/// `migrate`: applies pending migrations without asking.
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Wendet ausstehende Datenbank-Migrationen an." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await context.application.autoMigrate()
        try await prepareDatabase(context.application)
        try await context.application.keyUnkeyedAuditChain()
        context.console.print("Datenbank ist auf dem neuesten Stand.")
    }
}

/// `seed-demo`: loads the organisation and the demo data set into an empty database.
struct SeedDemoCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Lädt die Organisation des Kantons und die Demodaten in eine leere Datenbank." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        try await OrganisationSeed.loadIfEmpty(app)
        guard try await User.query(on: app.db).count() == 0 else {
            context.console.print("Es gibt bereits Benutzer: keine Demodaten geladen.")
            return
        }
        let logins = try await DemoData.seed(app)
        context.console.print(DemoData.describe(logins))
    }
}

/// `create-user`: an account for a real installation (the first administrator, for instance).
struct CreateUserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "role", help: "Rolle: \(Role.allCases.map(\.rawValue).joined(separator: ", "))") var role: String?
        @Option(name: "unit", help: "Einheit: AGS, MISA, der Name einer Gemeinde oder einer Leitgemeinde-Gruppe") var unit: String?
        @Option(name: "username", help: "Benutzername") var username: String?
        @Option(name: "name", help: "Anzeigename (Vorname Name)") var displayName: String?
    }
    var help: String { "Erstellt ein persönliches Konto; das Passwort wird abgefragt oder erzeugt." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        try await OrganisationSeed.loadIfEmpty(app)
        guard let roleText = signature.role, let role = Role(rawValue: roleText) else {
            throw CommandFailure("--role fehlt oder ist unbekannt. Möglich: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let unitName = signature.unit, !unitName.isEmpty else { throw CommandFailure("--unit fehlt.") }
        let units = try await OrganisationalUnit.query(on: app.db).all()
        guard let unit = units.first(where: { $0.name.lowercased() == unitName.lowercased() }) else {
            throw CommandFailure("Einheit «\(unitName)» gibt es nicht.")
        }
        guard let username = signature.username?.lowercased(), Username.isValid(username) else {
            throw CommandFailure("--username fehlt oder ist ungültig (3–50 Zeichen: a–z, 0–9, Punkt, Bindestrich, Unterstrich).")
        }
        guard role.allowedUnitKinds.contains(unit.kind) else {
            throw CommandFailure("Die Rolle \(role.rawValue) passt nicht zur Einheit «\(unit.name)».")
        }
        // From a terminal the password is asked for without echo; from a pipe it is the first line.
        var password = isatty(STDIN_FILENO) != 0
            ? context.console.ask("Passwort (leer lassen, um eines zu erzeugen):", isSecure: true)
            : (readLine() ?? "")
        var generated = false
        if password.isEmpty { password = OneTimePassword.generate(); generated = true }
        let problems = PasswordPolicy.violations(password: password, username: username)
        guard problems.isEmpty else { throw CommandFailure(app.localizer.text(PasswordMessages.key(for: problems[0]))) }
        let user = User(username: username, displayName: signature.displayName ?? username, role: role,
                        unitID: try unit.requireID(), passwordHash: try PasswordHasher(cost: app.config.bcryptCost).hash(password),
                        mustChangePassword: generated)
        try await user.create(on: app.db)
        try await app.auditSystem([AuditDraft(.userCreated, .user(user.id), detail: "über die Kommandozeile",
                                              actor: .system("create-user"), at: app.appEnvironment.clock.now())], on: app.db)
        context.console.print("Konto «\(username)» (\(role.rawValue), \(unit.name)) erstellt.")
        if generated { context.console.print("Einmal-Passwort: \(password) (muss bei der ersten Anmeldung geändert werden)") }
    }
}

/// `audit verify`: checks the whole chain and names the first broken entry; `audit export-head` writes
/// the head to the file outside the database (for a daily backup beside the database's).
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify | export-head") var action: String
    }
    var help: String { "audit verify: prüft die ganze Kette des Audit-Trails; audit export-head: sichert ihren Kopf ausserhalb der Datenbank." }

    func run(using context: CommandContext, signature: Signature) async throws {
        if signature.action == "export-head" {
            try await context.application.exportAuditHead()
            context.console.print("Kopf des Audit-Trails gesichert: \(context.application.auditHeadFile)")
            return
        }
        guard signature.action == "verify" else { throw CommandFailure("Unbekannt: audit \(signature.action). Möglich: audit verify, audit export-head") }
        let app = context.application
        let result = try await AuditLog.verify(on: app.db, keys: app.auditKeys, externalHead: ExportedHead.read(from: app.auditHeadFile))
        if let broken = result.firstBreak {
            throw CommandFailure("Audit-Trail VERLETZT bei Eintrag Nr. \(broken.sequence): \(broken.reason) (\(result.checked) Einträge davor in Ordnung)")
        }
        context.console.print("Audit-Trail intakt: \(result.checked) Einträge geprüft.")
    }
}

/// An error a command reports as one line, with exit code 1.
package struct CommandFailure: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}

extension Application {
    /// Registers the app's own commands beside Vapor's `serve` and `routes`.
    package func registerCommands() {
        asyncCommands.use(MigrateCommand(), as: "migrate")
        asyncCommands.use(SeedDemoCommand(), as: "seed-demo")
        asyncCommands.use(CreateUserCommand(), as: "create-user")
        asyncCommands.use(AuditCommand(), as: "audit")
        asyncCommands.use(SeedSyntheticCommand(), as: "seed-synthetic")
    }

    /// Before `serve`: migrate, and on an empty database load the organisation and (unless --no-demo) the demo data.
    public func prepareForServe(loadDemo: Bool) async throws {
        try await autoMigrate()
        try await prepareDatabase(self)
        try await keyUnkeyedAuditChain()
        try await OrganisationSeed.loadIfEmpty(self)
        try await LetterSeed.loadIfEmpty(self)
        if loadDemo, try await User.query(on: db).count() == 0 {
            _ = try await DemoData.seed(self)
        }
        // The first head outside the database; from now on every audit batch renews it.
        if ExportedHead.read(from: auditHeadFile) == nil { try await exportAuditHead() }
    }

    /// Writes the database's audit head to the file outside it (`audit export-head`, e.g. daily from cron).
    func exportAuditHead() async throws {
        guard let head = try await AuditHead.find(1, on: db) else { return }
        try ExportedHead(sequence: head.sequence, hash: head.hash, first: try await ExportedHead.firstHash(on: db)).write(to: auditHeadFile)
    }
}

extension Application {
    /// A trail written before the chain was keyed is signed with the current key once (if intact).
    func keyUnkeyedAuditChain() async throws {
        switch try await AuditLog.keyUnkeyedChain(keys: auditKeys, on: db) {
        case .nothingToDo: break
        case .keyed(let count): logger.notice("Audit-Trail: \(count) Einträge mit dem Schlüssel \(auditKeys.current.id) signiert")
        case .refused(let reason): logger.critical("Audit-Trail nicht neu signiert: \(reason)")
        }
    }
}
