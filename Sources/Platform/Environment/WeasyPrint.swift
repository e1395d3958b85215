import Foundation
import Vapor

/// PDFs with WeasyPrint, a separate program (in the project's .venv by default, or WEASYPRINT).
package struct WeasyPrint: PDFRendering {
    let program: String?
    let threadPool: NIOThreadPool
    let logger: Logger

    /// A batch of 500 letters takes about 15 s on two cores; far beyond that something is wrong.
    static let timeoutSeconds = 120

    package init(app: Application) {
        let path = ProcessInfo.processInfo.environment["WEASYPRINT"].flatMap { $0.isEmpty ? nil : $0 }
            ?? app.directory.workingDirectory + ".venv/bin/weasyprint"
        program = FileManager.default.isExecutableFile(atPath: path) ? path : nil
        threadPool = app.threadPool
        logger = app.logger
    }

    package var isAvailable: Bool { program != nil }

    package func render(html: String, stylesheet: String) async throws -> Data {
        guard let program else { throw AppError.pdfUnavailable }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("si-pdf-\(UUID().uuidString)")
        // The letter's HTML holds personal data: readable by this account only.
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("letter.html")
        let output = folder.appendingPathComponent("letter.pdf")
        try Data(html.utf8).write(to: input)
        let status: Int32 = try await threadPool.runIfActive {
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
            logger.error("WeasyPrint failed with status \(status)")
            throw AppError.renderingFailed
        }
        return data
    }
}
