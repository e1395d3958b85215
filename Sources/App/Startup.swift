import Foundation
import Platform
import Vapor

/// What the executable needs from App, and nothing more (the executable sees only this module).
public enum Startup {
    /// Reads the configuration from the environment, configures the app and registers the commands.
    public static func configure(_ app: Application) async throws {
        try await App.configure(app, config: AppConfig.fromEnvironment())
        // After configure: Fluent registers its own prompting `migrate` there, which ours replaces.
        app.registerCommands()
    }

    public static func describe(configurationError error: any Error) -> String {
        (error as? CommandFailure)?.description ?? "Konfiguration unvollständig: \(error)"
    }

    public static func describe(databaseError error: any Error, app: Application) -> String {
        DatabaseFailure.describe(error, config: app.config)
    }

    public static func describe(commandError error: any Error) -> String {
        (error as? CommandFailure)?.description ?? "\(error)"
    }

    public static func banner(arguments: [String], app: Application) -> String {
        ServeBanner.text(arguments: arguments, config: app.config)
    }
}
