import FluentKit
import Foundation
import SQLKit
import Vapor
import XCTVapor
@testable import App
import Domain
import Persistence
@testable import Platform
import SystemAccess

/// Builds an app on the database the suite runs against: SQLite in a fresh temp folder, or the
/// PostgreSQL named by TEST_DATABASE_URL with an emptied schema.
enum TestApp {
    static let demoPassword = "Demo-Passwort-fuer-Tests-2024"
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path + "/"
    static var postgresURL: String? { ProcessInfo.processInfo.environment["TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 } }

    /// A folder shared by apps that must see the same SQLite file (multi-instance tests).
    static func makeDataDirectory() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("si-test-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The audit chain's key in the tests (a real installation reads AUDIT_KEY).
    static let auditKey = try! AuditKeyring.parse("test:" + Data(repeating: 7, count: 32).base64EncodedString(), source: "test")

    static func config(dataDirectory: String) -> AppConfig {
        var config = AppConfig(databaseURL: postgresURL, dataDirectory: dataDirectory, bcryptCost: 4, demoPassword: demoPassword)
        config.auditKey = auditKey
        return config
    }

    /// A configured app; with `seed`, the schema is new and holds the organisation and demo data.
    static func make(dataDirectory: String? = nil, seed: Bool = true, demoPersons: Bool = true,
                     config customise: (inout AppConfig) -> Void = { _ in }) async throws -> Application {
        let app = try await Application.make(.testing)
        app.directory = DirectoryConfiguration(workingDirectory: packageRoot)
        app.logger.logLevel = .warning
        var config = config(dataDirectory: dataDirectory ?? makeDataDirectory())
        customise(&config)
        try await configure(app, config: config)
        if seed {
            if config.databaseURL != nil, let sql = app.db as? any SQLDatabase {
                try await sql.raw("DROP SCHEMA public CASCADE").run()
                try await sql.raw("CREATE SCHEMA public").run()
            }
            if demoPersons {
                try await app.prepareForServe(loadDemo: true)
            } else {
                try await app.prepareForServe(loadDemo: false)
                _ = try await DemoData.seed(app, withPersons: false)
            }
        }
        return app
    }
}

/// A browser stand-in: keeps cookies and the last form token, follows nothing by itself.
final class TestClient: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]
    var csrf: String?
    /// The one-time key of the last form seen (send it to play a browser's double click).
    var formKey: String?
    /// Sent with every request (e.g. X-Forwarded-For to play another address).
    var extraHeaders = HTTPHeaders()

    init(_ app: Application) { self.app = app }

    /// The Cookie header the browser would send.
    var cookieHeaders: HTTPHeaders {
        var headers = extraHeaders
        if !cookies.isEmpty { headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        return headers
    }

    struct Page {
        let status: HTTPStatus
        let headers: HTTPHeaders
        let body: String
        var location: String? { headers.first(name: .location) }
    }

    @discardableResult
    func get(_ path: String) async throws -> Page {
        try await send(.GET, path, body: nil)
    }

    @discardableResult
    func post(_ path: String, _ form: [String: String] = [:], csrf token: String?? = .none) async throws -> Page {
        var fields = form
        let chosen: String? = token ?? csrf
        if let chosen { fields["_csrf"] = chosen }
        let body = fields.map { "\(escape($0.key))=\(escape($0.value))" }.joined(separator: "&")
        return try await send(.POST, path, body: body)
    }

    /// Posts with repeated keys (checkbox lists).
    @discardableResult
    func post(_ path: String, pairs: [(String, String)]) async throws -> Page {
        let all = pairs + [("_csrf", csrf ?? "")]
        return try await send(.POST, path, body: all.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&"))
    }

    /// A multipart form (file uploads), with the form token.
    @discardableResult
    func postMultipart(_ path: String, fields: [String: String], file: (name: String, filename: String, type: String, data: Data)?) async throws -> Page {
        let boundary = "----si-test-\(UUID().uuidString)"
        var body = Data()
        var all = fields
        all["_csrf"] = csrf ?? ""
        for (key, value) in all {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(key)\"\r\n\r\n\(value)\r\n".utf8))
        }
        if let file {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\nContent-Type: \(file.type)\r\n\r\n".utf8))
            body.append(file.data)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        return try await send(.POST, path, bodyData: body, contentType: "multipart/form-data; boundary=\(boundary)")
    }

    /// Raw bytes of a download (PDF, DOCX).
    func download(_ path: String) async throws -> (HTTPStatus, HTTPHeaders, Data) {
        let headers = cookieHeaders
        let response = try await app.testable().sendRequest(.GET, path, headers: headers)
        return (response.status, response.headers, Data(buffer: response.body))
    }

    /// A form POST whose answer is a download.
    func downloadPost(_ path: String, pairs: [(String, String)]) async throws -> (HTTPStatus, HTTPHeaders, Data) {
        var headers = cookieHeaders
        headers.contentType = .urlEncodedForm
        let all = pairs + [("_csrf", csrf ?? "")]
        let body = all.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
        let response = try await app.testable().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: body))
        return (response.status, response.headers, Data(buffer: response.body))
    }

    func login(_ username: String, password: String = TestApp.demoPassword) async throws -> Page {
        try await get("/login")
        let response = try await post("/login", ["username": username, "password": password])
        // Like a browser, land on the page the login redirects to (and pick up its form token).
        if response.status == .seeOther, let location = response.location { try await get(location) }
        return response
    }

    private func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }

    private func send(_ method: HTTPMethod, _ path: String, body: String?) async throws -> Page {
        try await send(method, path, bodyData: body.map { Data($0.utf8) }, contentType: body == nil ? nil : "application/x-www-form-urlencoded")
    }

    private func send(_ method: HTTPMethod, _ path: String, bodyData: Data?, contentType: String?) async throws -> Page {
        var headers = cookieHeaders
        if let contentType { headers.replaceOrAdd(name: .contentType, value: contentType) }
        let response = try await app.testable().sendRequest(method, path, headers: headers,
                                                            body: bodyData.map { ByteBuffer(data: $0) })
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";").first ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard let name = parts.first?.trimmingCharacters(in: .whitespaces) else { continue }
            let value = parts.count > 1 ? parts[1] : ""
            if value.isEmpty || header.lowercased().contains("max-age=0") { cookies.removeValue(forKey: name) } else { cookies[name] = value }
        }
        let text = response.body.string
        if let range = text.range(of: #"name="_csrf" value="([^"]+)""#, options: .regularExpression) {
            csrf = String(text[range].split(separator: "\"")[3])
        }
        if let range = text.range(of: #"name="_formKey" value="([^"]+)""#, options: .regularExpression) {
            formKey = String(text[range].split(separator: "\"")[3])
        }
        return Page(status: response.status, headers: response.headers, body: text)
    }
}

/// The edit form of a person as the browser would send it, with some fields changed.
func editForm(_ person: Person, _ changes: [String: String] = [:]) -> [String: String] {
    var form: [String: String] = [
        "familyName": person.familyName, "givenName": person.givenName, "sex": person.sex.rawValue,
        "birthDate": person.birthDate.description, "nationality": person.nationality, "motherTongue": person.motherTongue ?? "",
        "germanLevel": person.germanLevel?.rawValue ?? "", "entryDate": person.entryDate?.description ?? "",
        "moveInDate": person.moveInDate?.description ?? "", "permit": person.permit?.rawValue ?? "",
        "asylumStatus": person.asylumStatus?.rawValue ?? "none", "phone": person.phone ?? "", "email": person.email ?? "",
        "focusNote": person.focusNote ?? "",
    ]
    if person.socialAssistance { form["socialAssistance"] = "on" }
    for (key, value) in changes { form[key] = value }
    return form
}

extension Application {
    /// The app's clock, which tests move forward.
    var clock: SystemClock { appEnvironment.clock as! SystemClock }

    func person(named given: String, _ family: String) async throws -> Person {
        try await Unscoped.query(Person.self, on: db).filter(\.$givenName == given).filter(\.$familyName == family).first()!
    }

    func auditEntries(action: AuditAction) async throws -> [AuditEntry] {
        try await AuditEntry.query(on: db).filter(\.$action == action.rawValue).sort(\.$sequence).all()
    }
}
