import Domain
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The outside world the app talks to, in one value that tests swap: the clock, the PDF renderer.
package struct AppEnvironment: Sendable {
    package var clock: any AppClock
    package var pdf: any PDFRendering

    package init(clock: any AppClock, pdf: any PDFRendering) {
        self.clock = clock
        self.pdf = pdf
    }
}

/// The time the app believes it is.
package protocol AppClock: Sendable {
    func now() -> Date
}

/// The system clock, optionally shifted (tests move it forward to expire sessions).
package final class SystemClock: AppClock {
    private let offset = NIOLockedValueBox<TimeInterval>(0)
    package init() {}
    package func now() -> Date { Date().addingTimeInterval(offset.withLockedValue { $0 }) }
    package func advance(by seconds: TimeInterval) { offset.withLockedValue { $0 += seconds } }
}

/// HTML and a print stylesheet in, PDF out.
package protocol PDFRendering: Sendable {
    /// False when the renderer is not installed: the print view still works.
    var isAvailable: Bool { get }
    /// One PDF of several documents (letters), each paginated on its own.
    func render(documents: [String], stylesheet: String) async throws -> Data
}

extension PDFRendering {
    package func render(html: String, stylesheet: String) async throws -> Data {
        try await render(documents: [html], stylesheet: stylesheet)
    }
}

extension Application {
    private struct EnvironmentKey: StorageKey { typealias Value = AppEnvironment }

    package var appEnvironment: AppEnvironment {
        get {
            if let environment = storage[EnvironmentKey.self] { return environment }
            let environment = AppEnvironment(clock: SystemClock(), pdf: WeasyPrint(app: self))
            storage[EnvironmentKey.self] = environment
            return environment
        }
        set { storage[EnvironmentKey.self] = newValue }
    }
}

extension Request {
    package var appEnvironment: AppEnvironment { application.appEnvironment }
    package var now: Date { application.appEnvironment.clock.now() }
    package var today: Domain.CalendarDate { Domain.CalendarDate(now) }
}
