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

    static func render(html: String, app: Application) async throws -> Data {
        guard let program = executable(app) else { throw AppError.pdfUnavailable }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("si-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("letter.html")
        let output = folder.appendingPathComponent("letter.pdf")
        try Data(html.utf8).write(to: input)
        let stylesheet = app.directory.publicDirectory + "css/letter.css"
        let status: Int32 = try await app.threadPool.runIfActive {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = ["--quiet", "-s", stylesheet, "--base-url", app.directory.publicDirectory, input.path, output.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        guard status == 0, let data = try? Data(contentsOf: output) else {
            app.logger.error("WeasyPrint failed with status \(status)")
            throw Abort(.internalServerError)
        }
        return data
    }
}
