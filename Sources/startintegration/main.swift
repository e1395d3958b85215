import Foundation
import StartIntegration
import Vapor

// `serve --no-demo` is ours, not Vapor's: take it out before Vapor parses the arguments.
var arguments = CommandLine.arguments
let loadDemo = !arguments.contains("--no-demo")
arguments.removeAll { $0 == "--no-demo" }
let command = arguments.dropFirst().first { !$0.hasPrefix("-") } ?? "serve"

var environment = try Environment.detect(arguments: arguments)
try LoggingSystem.bootstrap(from: &environment)
let app = try await Application.make(environment)

func fail(_ message: String) async -> Never {
    FileHandle.standardError.write(Data("Fehler: \(message)\n".utf8))
    try? await app.asyncShutdown()
    exit(1)
}

let config = AppConfig.fromEnvironment()
do {
    try await configure(app, config: config)
    // After configure: Fluent registers its own prompting `migrate` there, which ours replaces.
    app.registerCommands()
} catch let failure as CommandFailure {
    await fail(failure.description)
} catch {
    await fail("Konfiguration unvollständig: \(error)")
}

if command == "serve" {
    do {
        try await app.prepareForServe(loadDemo: loadDemo)
    } catch {
        await fail(DatabaseFailure.describe(error, config: config))
    }
    print(ServeBanner.text(arguments: arguments, config: config))
}

do {
    try await app.execute()
} catch let failure as CommandFailure {
    await fail(failure.description)
} catch {
    await fail("\(error)")
}
try await app.asyncShutdown()
