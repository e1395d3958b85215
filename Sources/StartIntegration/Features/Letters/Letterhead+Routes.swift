import Fluent
import Vapor

/// A municipality adds its letterhead (logo, sender, contact, signature) without touching the texts.
enum LetterheadFeature {
    static func register(_ routes: any RoutesBuilder) {
        let officers = routes.requiring(.editLetterhead)
        officers.get("briefkopf", use: edit)
        officers.on(.POST, "briefkopf", body: .collect(maxSize: "1mb"), use: save)
    }

    static let maxLogoBytes = 200 * 1024

    struct Input: Content {
        var municipalityID: String?
        var sender: String?
        var contact: String?
        var signature: String?
        var logo: File?
        var removeLogo: String?
    }

    struct Page: Encodable {
        let municipalityOptions: [SelectOption]
        let input: [String: String]
        let logo: String?
        let errors: FieldMessages
    }

    /// PNG by its signature; SVG only as plain drawing: no scripts, event handlers, foreign objects or outside links.
    static func logoType(_ data: Data) -> String? {
        guard data.count <= maxLogoBytes, !data.isEmpty else { return nil }
        if data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        guard let text = String(data: data, encoding: .utf8)?.lowercased(), text.contains("<svg") else { return nil }
        let forbidden = ["<script", "javascript:", "<foreignobject", "<iframe", "<!entity", "<!doctype", "&#"]
        if forbidden.contains(where: text.contains) { return nil }
        if text.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) != nil { return nil }
        // References may only point inside the drawing (#id); anything else could reach files or hosts.
        if text.range(of: #"href\s*=\s*["'](?!#)"#, options: .regularExpression) != nil { return nil }
        if text.range(of: #"url\(\s*["']?(?!#)"#, options: .regularExpression) != nil { return nil }
        return "image/svg+xml"
    }

    static func chosenMunicipality(_ req: Request, _ text: String?) async throws -> UUID {
        let scope = try req.scope()
        if let id = text.flatMap(UUID.init(uuidString:)) {
            if scope.mayWork(in: id) { return id }
            try await req.audit(.accessDenied, recordType: "municipality", recordID: id, detail: "Briefkopf einer fremden Gemeinde")
        }
        guard let first = scope.municipalityIDs.first else { throw Abort(.forbidden) }
        return first
    }

    static func edit(_ req: Request) async throws -> Response {
        let municipalityID = try await chosenMunicipality(req, try? req.query.get(String.self, at: "gemeinde"))
        let letterhead = try await req.scope().query(Letterhead.self, on: req.db).filter(\.$municipality.$id == municipalityID).first()
        let municipality = try await Municipality.find(municipalityID, on: req.db)
        let input = Input(municipalityID: municipalityID.uuidString,
                          sender: letterhead?.sender ?? "Einwohnergemeinde \(municipality?.name ?? "")",
                          contact: letterhead?.contact ?? "", signature: letterhead?.signature ?? "")
        return try await render(req, input: input, letterhead: letterhead, errors: FieldMessages())
    }

    static func save(_ req: Request) async throws -> Response {
        let input = try req.content.decode(Input.self)
        let municipalityID = try await chosenMunicipality(req, input.municipalityID)
        let existing = try await req.scope().query(Letterhead.self, on: req.db).filter(\.$municipality.$id == municipalityID).first()
        let texts = req.texts
        var errors = FieldMessages()
        let sender = FieldCheck.trimmed(input.sender)
        if sender.isEmpty { errors.add("sender", texts.text("form.required")) }
        else if sender.count > 400 { errors.add("sender", texts.text("form.tooLong", ["max": "400"])) }
        let contact = FieldCheck.trimmed(input.contact)
        if contact.count > 200 { errors.add("contact", texts.text("form.tooLong", ["max": "200"])) }
        let signature = FieldCheck.trimmed(input.signature)
        if signature.isEmpty { errors.add("signature", texts.text("form.required")) }
        var logo: (Data, String)?
        if let file = input.logo, file.data.readableBytes > 0 {
            let data = Data(buffer: file.data)
            if let type = logoType(data) { logo = (data, type) } else { errors.add("logo", texts.text("letterhead.logoInvalid")) }
        }
        guard errors.isEmpty else {
            var kept = input
            kept.municipalityID = municipalityID.uuidString
            return try await render(req, input: kept, letterhead: existing, errors: errors)
        }
        let letterhead = existing ?? Letterhead()
        letterhead.$municipality.id = municipalityID
        letterhead.sender = sender.replacingOccurrences(of: "\r\n", with: "\n")
        letterhead.contact = contact
        letterhead.signature = signature
        if let logo { letterhead.logo = logo.0; letterhead.logoType = logo.1 }
        if input.removeLogo != nil { letterhead.logo = nil; letterhead.logoType = nil }
        let detail = logo == nil ? "Texte" : "mit Logo"
        try await req.db.transaction { tx in
            try await letterhead.save(on: tx)
            try await req.audit(.letterheadChanged, recordType: "letterhead", recordID: letterhead.id, detail: detail, on: tx)
        }
        return req.redirectAfterSave(to: "/briefkopf?gemeinde=\(municipalityID.uuidString)")
    }

    static func render(_ req: Request, input: Input, letterhead: Letterhead?, errors: FieldMessages) async throws -> Response {
        let scope = try req.scope()
        let municipalities = try await Municipality.query(on: req.db).filter(\.$id ~~ scope.municipalityIDs).sort(\.$name).all()
        let page = Page(
            municipalityOptions: municipalities.map { SelectOption(value: $0.id!.uuidString, label: $0.name, selected: $0.id!.uuidString == input.municipalityID) },
            input: ["sender": input.sender ?? "", "contact": input.contact ?? "", "signature": input.signature ?? "", "municipalityID": input.municipalityID ?? ""],
            logo: letterhead?.logo.map { "data:\(letterhead?.logoType ?? "image/png");base64,\($0.base64EncodedString())" },
            errors: errors)
        let response = try await req.renderPage("Letters/letterhead", title: req.texts.text("letterhead.title"), body: page)
        if !errors.isEmpty { response.status = .unprocessableEntity }
        return response
    }
}
