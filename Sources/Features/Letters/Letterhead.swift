import Domain
import Fluent
import Foundation
import Persistence
import Platform
import Vapor

/// A municipality adds its letterhead (logo, sender, contact, signature) without touching the texts.
enum LetterheadRoutes {
    static let maxLogoBytes = 200 * 1024

    struct Input: Decodable, Sendable {
        var municipalityID: String?
        var sender: String?
        var contact: String?
        var signature: String?
        /// The person who signs and is named as contact (nil: the municipality's first integration officer).
        var contactUserID: String?
        var logo: File?
        var removeLogo: String?
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

    /// The municipality asked for, if the user works in it; another municipality's answers 404 (and is
    /// audited), never a silent switch to the user's own. Without a choice, the user's first municipality.
    static func chosenMunicipality(_ req: Request, _ text: String?) async throws -> UUID {
        let scope = try req.scope()
        guard let text, !text.isEmpty else {
            guard let first = scope.municipalityIDs.first else { throw AppError.forbidden }
            return first
        }
        guard let id = UUID(uuidString: text), scope.mayWork(in: id) else {
            try await req.audit(.recordNotFound, UUID(uuidString: text).map { .municipality($0) } ?? .page,
                                detail: "Briefkopf einer fremden Gemeinde")
            throw AppError.notFound
        }
        return id
    }

    static func edit(_ req: Request) async throws -> Response {
        let municipalityID = try await chosenMunicipality(req, try? req.query.get(String.self, at: "gemeinde"))
        let letterhead = try await req.scope().query(Letterhead.self, on: req.db).filter(\.$municipality.$id == municipalityID).fetchFirst()
        let municipality = try await Municipality.find(municipalityID, on: req.db)
        let input = Input(municipalityID: municipalityID.uuidString,
                          sender: letterhead?.sender ?? "Einwohnergemeinde \(municipality?.name ?? "")",
                          contact: letterhead?.contact ?? "", signature: letterhead?.signature ?? "",
                          contactUserID: letterhead?.contactUserID?.uuidString ?? "")
        return try await render(req, input: input, letterhead: letterhead, errors: FieldMessages())
    }

    static func save(_ req: Request) async throws -> Response {
        let input = try req.form(Input.self)
        let municipalityID = try await chosenMunicipality(req, input.municipalityID)
        let scope = try req.scope()
        let existing = try await scope.records(Letterhead.self, on: req.db).filter(\.$municipality.$id, equals: municipalityID).fetchFirst()
        let t = req.texts
        var errors = FieldMessages()
        let sender = errors.text("sender", input.sender, max: 400, required: true, multiline: true, texts: t)
        let contact = errors.text("contact", input.contact, max: 200, texts: t)
        let signature = errors.text("signature", input.signature, max: 200, required: true, texts: t)
        let signers = try await loadSigners(req)
        let contactText = FieldCheck.trimmed(input.contactUserID)
        let contactUser = UUID(uuidString: contactText)
        if !contactText.isEmpty, !(contactUser.map { id in signers.contains { $0.id == id } } ?? false) {
            errors.add("contactUserID", t("form.chooseOne"))
        }
        var logo: (Data, String)?
        if let file = input.logo, file.data.readableBytes > 0 {
            let data = Data(buffer: file.data)
            if let type = logoType(data) { logo = (data, type) } else { errors.add("logo", t("letterhead.logoInvalid")) }
        }
        guard errors.isEmpty else {
            var kept = input
            kept.municipalityID = municipalityID.uuidString
            return try await render(req, input: kept, letterhead: existing, errors: errors)
        }
        let letterhead = existing ?? Letterhead()
        letterhead.$municipality.id = municipalityID
        letterhead.sender = sender
        letterhead.contact = contact
        letterhead.signature = signature
        letterhead.contactUserID = contactText.isEmpty ? nil : contactUser
        if let logo {
            letterhead.logo = logo.0
            letterhead.logoType = logo.1
        }
        if input.removeLogo != nil {
            letterhead.logo = nil
            letterhead.logoType = nil
        }
        let detail = logo == nil ? "Texte" : "mit Logo"
        return try await req.storeOnce { tx in
            try await letterhead.save(on: tx)
            try await req.audit(.letterheadChanged, .letterhead(letterhead.id!), detail: detail, in: tx)
            return Link.afterSave(.letterhead, query: [("gemeinde", municipalityID.uuidString)])
        }
    }

    /// Who may sign: the active integration officers of the user's unit.
    static func loadSigners(_ req: Request) async throws -> [User] {
        let user = try req.requireUser()
        return try await User.query(on: req.db).filter(\.$unit.$id == user.unitID).filter(\.$role == .integrationOfficer)
            .filter(\.$locked == false).sort(\.$displayName).all()
    }

    static func render(_ req: Request, input: Input, letterhead: Letterhead?, errors: FieldMessages) async throws -> Response {
        let scope = try req.scope()
        let signers = try await loadSigners(req)
        let municipalities = try await Municipality.query(on: req.db).filter(\.$id ~~ scope.municipalityIDs).sort(\.$name).all()
        var page = LetterheadView(
            input: input, errors: errors,
            municipalities: municipalities.map { SelectOption(value: $0.id!.uuidString, label: $0.name, selected: $0.id!.uuidString == input.municipalityID) },
            logo: letterhead?.logo.map { Link.data(mimeType: letterhead?.logoType ?? "image/png", $0) },
            signers: signers.map { SelectOption(value: $0.id!.uuidString, label: $0.displayName, selected: $0.id!.uuidString == input.contactUserID) })
            .page(req.viewContext)
        if !errors.isEmpty { page.status = .unprocessableEntity }
        return req.render(page)
    }
}

struct LetterheadView {
    let input: LetterheadRoutes.Input
    let errors: FieldMessages
    let municipalities: [SelectOption]
    let logo: Link?
    let signers: [SelectOption]

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        return WebPage(title: t("letterhead.title"), hasErrors: !errors.isEmpty) {
            h1 { t("letterhead.title") }
            paragraph { t("letterhead.intro") }
            if municipalities.count > 1 {
                form(.methodGet, .action(Link(.letterhead)), .class("filter-form")) {
                    selectField(FieldSpec(id: "gemeinde", label: t("letterhead.municipality")), options: municipalities)
                    button(.type(.submit), .class("button")) { t("form.filter") }
                }
            }
            errorSummary(t("form.hasErrors"), errors.order.map { ($0, errors[$0]!) })
            postForm(Link(.letterhead), csrf: c.csrf, .class("form"), .enctype("multipart/form-data")) {
                hiddenField("municipalityID", input.municipalityID ?? "")
                textAreaField(FieldSpec(id: "sender", label: t("letterhead.sender"), error: errors["sender"]), value: input.sender ?? "",
                              rows: 4, maxLength: 400)
                textField(FieldSpec(id: "contact", label: t("letterhead.contact"), error: errors["contact"]), value: input.contact ?? "",
                          .maxlength(200))
                selectField(FieldSpec(id: "contactUserID", label: t("letterhead.contactPerson"), hint: t("letterhead.contactPersonHint"),
                                      error: errors["contactUserID"]),
                            options: signers, placeholder: t("letterhead.firstOfficer"))
                textField(FieldSpec(id: "signature", label: t("letterhead.signature"), hint: t("letterhead.signatureHint"),
                                    error: errors["signature"]),
                          value: input.signature ?? "", .maxlength(200))
                if let logo {
                    paragraph { t("letterhead.currentLogo") }
                    paragraph { img(.src(logo), .alt(t("letters.logo")), .class("logo-preview")) }
                    checkboxField(FieldSpec(id: "removeLogo", label: t("letterhead.removeLogo")), checked: false)
                }
                textField(FieldSpec(id: "logo", label: t("letterhead.logo"), error: errors["logo"]), value: "", type: .file,
                          .accept("image/png,image/svg+xml"))
                div(.class("actions")) { button(.type(.submit), .class("button primary")) { t("letterhead.save") } }
            }
        }
    }
}
