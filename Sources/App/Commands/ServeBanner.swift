import Foundation
import Platform

/// What `serve` prints before it starts: where to open the app and how to log in.
package enum ServeBanner {
    package static func text(arguments: [String], config: AppConfig) -> String {
        func option(_ names: [String]) -> String? {
            guard let index = arguments.firstIndex(where: names.contains), index + 1 < arguments.count else { return nil }
            return arguments[index + 1]
        }
        let environment = ProcessInfo.processInfo.environment
        let host = option(["--hostname", "-H"]) ?? environment["HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        let port = option(["--port", "-p"]) ?? environment["PORT"].flatMap { $0.isEmpty ? nil : $0 } ?? "8080"
        var lines = ["", "start.integration läuft: http://\(host):\(port)/"]
        if let logins = try? String(contentsOfFile: DemoData.loginsFile(config), encoding: .utf8) {
            lines.append(logins)
        }
        return lines.joined(separator: "\n")
    }
}
