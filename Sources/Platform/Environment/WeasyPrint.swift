import Foundation
import Vapor

/// PDFs with WeasyPrint, a separate program (in the project's .venv by default, or WEASYPRINT): its
/// Python API through Resources/Tools/render_letters.py, which paginates every letter on its own.
package struct WeasyPrint: PDFRendering {
    /// The Python interpreter beside the weasyprint program, and the script.
    let program: String?
    let script: String
    let threadPool: NIOThreadPool
    let logger: Logger

    /// A batch of 500 letters takes about 35 s on two cores; far beyond that something is wrong.
    static let timeoutSeconds = 120

    package init(app: Application) {
        let path = ProcessInfo.processInfo.environment["WEASYPRINT"].flatMap { $0.isEmpty ? nil : $0 }
            ?? app.directory.workingDirectory + ".venv/bin/weasyprint"
        let python = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("python3").path
        program = FileManager.default.isExecutableFile(atPath: path) && FileManager.default.isExecutableFile(atPath: python) ? python : nil
        script = app.directory.resourcesDirectory + "Tools/render_letters.py"
        threadPool = app.threadPool
        logger = app.logger
    }

    package var isAvailable: Bool { program != nil }

    /// Letters per process below which another process costs more than it saves (start-up, fonts, joining).
    static let lettersPerWorker = 8

    /// How many processes lay out a batch: WeasyPrint uses one core, a letter takes about 0.13 s
    /// (BENCHMARKS.md, third round of «Where the time of an audited page goes»).
    package static func workers(letters: Int, cores: Int = ProcessInfo.processInfo.activeProcessorCount) -> Int {
        max(1, min(cores, letters / lettersPerWorker))
    }

    package func render(documents: [String], stylesheet: String) async throws -> Data {
        try await render(documents: documents, stylesheet: stylesheet, workers: Self.workers(letters: documents.count))
    }

    package func render(documents: [String], stylesheet: String, workers: Int) async throws -> Data {
        guard let program, !documents.isEmpty else { throw AppError.pdfUnavailable }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("si-pdf-\(UUID().uuidString)")
        // The letter's HTML holds personal data: readable by this account only.
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = documents.indices.map { folder.appendingPathComponent(String(format: "letter-%04d.html", $0)) }
        let output = folder.appendingPathComponent("letters.pdf")
        for (html, input) in zip(documents, inputs) { try Data(html.utf8).write(to: input) }
        let script = self.script
        let status: Int32 = try await threadPool.runIfActive {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: program)
            // The script lets only data: URLs load (the logo): an uploaded SVG cannot make the renderer fetch files or hosts.
            process.arguments = [script, "--workers", String(workers), stylesheet, output.path] + inputs.map(\.path)
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
