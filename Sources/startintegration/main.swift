import App
import Foundation
import NIOCore
import NIOPosix
import Vapor

#if canImport(Glibc)
import Glibc

// glibc gives the freed top of each thread's heap back to the system at once (madvise) and takes it again
// on the next request: the page faults and cross-core TLB flushes cost an audited page 6 % of its server
// time (BENCHMARKS.md, ninth round). A server keeps it; blocks of 32 MB and more are still mapped apart.
// (`mallopt` is not in Swift's Glibc module: looked up by name.)
if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") {
    let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
    _ = mallopt(-1 /* M_TRIM_THRESHOLD */, 256 << 20)
    _ = mallopt(-3 /* M_MMAP_THRESHOLD */, 32 << 20)
}
#endif

// Swift's tasks run on NIO's event loops: a database answer or a request no longer hops between two
// thread pools (BENCHMARKS.md, «Where the time of an audited page goes»). Must come first, on the main thread, before anything awaits.
NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

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

do {
    try await Startup.configure(app)
} catch {
    await fail(Startup.describe(configurationError: error))
}

if command == "serve" {
    do {
        try await app.prepareForServe(loadDemo: loadDemo)
    } catch {
        await fail(Startup.describe(databaseError: error, app: app))
    }
    print(Startup.banner(arguments: arguments, app: app))
}

do {
    try await app.execute()
} catch {
    await fail(Startup.describe(commandError: error))
}
try await app.asyncShutdown()
