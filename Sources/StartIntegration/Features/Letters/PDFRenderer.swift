import Foundation
import Vapor

/// HTML + print CSS to PDF with WeasyPrint (a separate program, in the project's .venv by default).
enum PDFRenderer {
    /// WEASYPRINT names the program; otherwise .venv/bin/weasyprint beside the app.
    static func executable(_ app: Application) -> String? {
        let path = ProcessInfo.processInfo.environment["WEASYPRINT"].flatMap { $0.isEmpty ? nil : $0 }
            ?? app.directory.workingDirectory + ".venv/bin/weasyprint"
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// A batch of 500 letters takes about 15 s on two cores; far beyond that something is wrong.
    static let timeoutSeconds = 120

    static func render(html: String, app: Application) async throws -> Data {
        guard let program = executable(app) else { throw AppError.pdfUnavailable }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("si-pdf-\(UUID().uuidString)")
        // The letter's HTML holds personal data: readable by this account only.
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("letter.html")
        let output = folder.appendingPathComponent("letter.pdf")
        try Data(html.utf8).write(to: input)
        let stylesheet = app.directory.publicDirectory + "css/letter.css"
        let status: Int32 = try await app.threadPool.runIfActive {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: program)
            // Only data: URLs may be loaded (the logo): an uploaded SVG cannot make the renderer fetch files or hosts.
            process.arguments = ["--quiet", "--allowed-protocols", "data", "--timeout", "5", "-s", stylesheet, input.path, output.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // A renderer that hangs must not hold a thread of the pool for ever.
            let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
            DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(Self.timeoutSeconds), execute: watchdog)
            process.waitUntilExit()
            watchdog.cancel()
            return process.terminationStatus
        }
        guard status == 0, let data = try? Data(contentsOf: output) else {
            app.logger.error("WeasyPrint failed with status \(status)")
            throw Abort(.internalServerError)
        }
        return data
    }
}
