import Foundation
import Vapor
import XCTVapor
@testable import App
import Domain
@testable import Platform

/// The rules that keep the house in order and that the compiler alone does not check.
final class ArchitectureTests: XCTestCase {
    /// Every declared URL is registered, and no route is registered that is not declared.
    func testEveryDeclaredURLIsRegisteredAndNothingElse() async throws {
        let app = try await TestApp.make(seed: false)
        let registered = Set(app.routes.all.map { "/" + $0.path.map { "\($0)" }.joined(separator: "/") })
        let declared = Set(SiteURL.all.map(\.pattern))
        XCTAssertEqual(declared.count, SiteURL.all.count, "a URL is declared twice")
        XCTAssertEqual(registered.subtracting(declared), [], "registered but not declared in SiteURL")
        XCTAssertEqual(declared.subtracting(registered), [], "declared in SiteURL but not registered")
        try await app.asyncShutdown()
    }

    /// Paths are made from SiteURL only: no app path is spelt out in a feature or a view.
    func testNoLiteralAppPaths() throws {
        // A whole string literal that is a path ("/personen"), not an XML attribute (PartName="/word/…").
        let regex = try NSRegularExpression(pattern: #"(?<![=\w])"/[a-zA-Z][a-zA-Z0-9/_-]*""#)
        for folder in ["Sources/Features", "Sources/Platform/Views", "Sources/Platform/Areas"] {
            let root = TestApp.packageRoot + folder
            for file in FileManager.default.enumerator(atPath: root)!.compactMap({ $0 as? String }) where file.hasSuffix(".swift") {
                let lines = try String(contentsOfFile: root + "/" + file, encoding: .utf8).components(separatedBy: "\n")
                for (number, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                    let found = regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line))
                    XCTAssertNil(found, "\(folder)/\(file):\(number + 1) spells a path: \(line)")
                }
            }
        }
    }

    /// Only App, SystemAccess and the tests may take the system's scope.
    func testFeaturesDoNotReachForTheSystemScope() throws {
        let root = TestApp.packageRoot + "Sources/Features"
        for file in FileManager.default.enumerator(atPath: root)!.compactMap({ $0 as? String }) where file.hasSuffix(".swift") {
            let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            XCTAssertFalse(text.contains("@_spi("), "\(file) imports a system interface")
            XCTAssertFalse(text.contains("SystemAccess"), "\(file) names SystemAccess")
        }
    }

    func testLinksAreMadeFromDeclaredURLs() {
        let id = UUID(uuidString: "8F1E5A0C-3B7D-4C2A-9E61-0D4B2F7A1C55")!
        XCTAssertEqual(Link(.person(.value(id))).value, "/personen/8F1E5A0C-3B7D-4C2A-9E61-0D4B2F7A1C55")
        XCTAssertEqual(Link(.workList(.value("zu-planen")), query: [("seite", "2")]).value, "/arbeitslisten/zu-planen?seite=2")
        XCTAssertEqual(SiteURL.letterTemplate(kind: .key, language: .key).pattern, "/briefvorlagen/:kind/:language")
        XCTAssertTrue(SiteURL.household(.key).contains(path: "/haushalte/8F1E5A0C-3B7D-4C2A-9E61-0D4B2F7A1C55"))
        XCTAssertFalse(SiteURL.start.contains(path: "/personen"))
    }
}
