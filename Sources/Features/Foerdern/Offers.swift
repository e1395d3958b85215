import Domain
import Fluent
import Foundation
import Persistence
import Platform
import Vapor

/// The offers catalogue (Integrationsangebote): the canton's (kept by AGS), the region's (lead group)
/// and the municipality's, filtered by theme, language, place and audience. Outdated offers are
/// archived, never deleted.
enum OfferRoutes {
    struct Filter: Sendable {
        var theme: IntegrationTheme?
        var audience: OfferAudience?
        var language: String?
        var place: String?
        var archived: Bool

        init(_ req: Request) {
            theme = (try? req.query.get(String.self, at: "thema")).flatMap(IntegrationTheme.init(rawValue:))
            audience = (try? req.query.get(String.self, at: "zielgruppe")).flatMap(OfferAudience.init(rawValue:))
            language = (try? req.query.get(String.self, at: "sprache")).flatMap { $0.isEmpty ? nil : String($0.prefix(3)) }
            place = (try? req.query.get(String.self, at: "ort")).map { FieldCheck.trimmed($0) }.flatMap { $0.isEmpty ? nil : String($0.prefix(100)) }
            archived = (try? req.query.get(String.self, at: "archiv")) == "1"
        }
    }

    static func list(_ req: Request) async throws -> Response {
        let filter = Filter(req)
        var query = try await req.scope().offers(on: req.db)
        query = filter.archived ? query.filter(\.$archivedOn != nil) : query.filter(\.$archivedOn == nil)
        let all = try await query.sort(\.$title).limit(1000).all()
        // Themes, audiences and languages are lists in one column: filtered here, among the visible offers.
        let offers = all.filter { offer in
            (filter.theme.map { offer.themes.contains($0) } ?? true)
                && (filter.audience.map { offer.audiences.contains($0) || offer.audiences.contains(.everyone) } ?? true)
                && (filter.language.map { offer.languages.contains($0) } ?? true)
                && (filter.place.map { offer.place.localizedCaseInsensitiveContains($0) } ?? true)
        }
        let names = try await MunicipalityNames.names(Array(Set(offers.compactMap(\.municipalityID))), on: req.db)
        let groups = try await LeadGroup.query(on: req.db).all()
        let groupNames = Dictionary(uniqueKeysWithValues: groups.map { ($0.id!, $0.name) })
        let user = try req.requireUser()
        let editable = Set(offers.filter { mayEdit($0, user: user) }.compactMap(\.id))
        return req.render(OfferListView(offers: offers, filter: filter, municipalityNames: names, groupNames: groupNames,
                                        languages: req.reference.languages, mayEdit: try mayEditAny(req), editable: editable).page(req.viewContext))
    }

    /// Which levels the user may keep: AGS the canton's; an integration officer the region's (in a
    /// lead group) and the municipalities' of the unit.
    static func editableLevels(_ user: AuthenticatedUser) -> [OfferLevel] {
        guard user.has(.editOffers) else { return [] }
        switch user.unitKind {
        case .canton: return [.canton]
        case .leadGroup: return [.region, .municipality]
        case .municipality: return [.municipality]
        case .migrationOffice: return []
        }
    }

    static func mayEditAny(_ req: Request) throws -> Bool { !editableLevels(try req.requireUser()).isEmpty }

    /// The offer, if the user may keep it (404 otherwise, audited).
    static func editable(_ req: Request) async throws -> Offer {
        let id = try req.idParameter("offerID")
        let user = try req.requireUser()
        guard let offer = try await req.scope().offers(on: req.db).filter(\.$id == id).first(), mayEdit(offer, user: user) else {
            try await req.audit(.recordNotFound, .offer(id), detail: req.url.path)
            throw AppError.notFound
        }
        return offer
    }

    static func mayEdit(_ offer: Offer, user: AuthenticatedUser) -> Bool {
        let levels = editableLevels(user)
        guard levels.contains(offer.level) else { return false }
        switch offer.level {
        case .canton: return true
        case .region: return offer.leadGroupID == user.leadGroupID
        case .municipality: return offer.municipalityID.map { user.scope.mayWork(in: $0) } ?? false
        }
    }

    struct Input: Decodable, Sendable {
        var level: String?
        var municipalityID: String?
        var title: String?
        var provider: String?
        var themes: [String]?
        var audiences: [String]?
        var languages: String?
        var place: String?
        var schedule: String?
        var cost: String?
        var subsidy: String?
        var contact: String?
        var validFrom: String?
        var validUntil: String?

        init() {}

        init(_ offer: Offer, languages names: Languages) {
            level = offer.level.rawValue
            municipalityID = offer.municipalityID?.uuidString
            title = offer.title
            provider = offer.provider
            themes = offer.themes.map(\.rawValue)
            audiences = offer.audiences.map(\.rawValue)
            languages = offer.languages.map(names.name).joined(separator: ", ")
            place = offer.place
            schedule = offer.schedule
            cost = offer.cost
            subsidy = offer.subsidy
            contact = offer.contact
            validFrom = offer.validFrom.description
            validUntil = offer.validUntil?.description
        }
    }

    struct Values: Sendable {
        let level: OfferLevel
        let municipalityID: UUID?
        let title: String
        let provider: String
        let themes: [IntegrationTheme]
        let audiences: [OfferAudience]
        let languages: [String]
        let place: String
        let schedule: String
        let cost: String
        let subsidy: String?
        let contact: String?
        let validFrom: CalendarDate
        let validUntil: CalendarDate?

        func apply(to offer: Offer, leadGroupID: UUID?) {
            offer.level = level
            offer.leadGroupID = level == .region ? leadGroupID : nil
            offer.municipalityID = level == .municipality ? municipalityID : nil
            offer.title = title
            offer.provider = provider
            offer.themes = themes
            offer.audiences = audiences
            offer.languages = languages
            offer.place = place
            offer.schedule = schedule
            offer.cost = cost
            offer.subsidy = subsidy
            offer.contact = contact
            offer.validFrom = validFrom
            offer.validUntil = validUntil
        }
    }

    static func validate(_ input: Input, levels: [OfferLevel], scope: AccessScope, reference: ReferenceData, today: CalendarDate,
                         texts t: Localizer) -> Validated<Values> {
        var errors = FieldMessages()
        let level: OfferLevel? = levels.count == 1 ? levels[0] : errors.choice("level", input.level, texts: t)
        if let level, !levels.contains(level) { errors.add("level", t("form.chooseOne")) }
        var municipalityID: UUID?
        if level == .municipality {
            municipalityID = UUID(uuidString: FieldCheck.trimmed(input.municipalityID))
            if municipalityID == nil || !scope.mayWork(in: municipalityID!) { errors.add("municipalityID", t("form.chooseOne")) }
        }
        let title = errors.text("title", input.title, max: 200, required: true, texts: t)
        let provider = errors.text("provider", input.provider, max: 200, required: true, texts: t)
        let themes = (input.themes ?? []).compactMap(IntegrationTheme.init(rawValue:))
        if themes.isEmpty || themes.count != (input.themes ?? []).count { errors.add("themes", t("offers.themeRequired")) }
        let audiences = (input.audiences ?? []).compactMap(OfferAudience.init(rawValue:))
        if audiences.isEmpty || audiences.count != (input.audiences ?? []).count { errors.add("audiences", t("offers.audienceRequired")) }
        var languages: [String] = []
        let typed = errors.text("languages", input.languages, max: 500, texts: t)
        for name in typed.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard let code = reference.languages.resolve(name) else {
                errors.add("languages", t("registration.languageUnknown", ["name": String(name.prefix(60))]))
                break
            }
            if !languages.contains(code) { languages.append(code) }
        }
        let place = errors.text("place", input.place, max: 200, required: true, texts: t)
        let schedule = errors.text("schedule", input.schedule, max: 300, required: true, texts: t)
        let cost = errors.text("cost", input.cost, max: 200, required: true, texts: t)
        let subsidy = errors.optionalText("subsidy", input.subsidy, max: 300, texts: t)
        let contact = errors.optionalText("contact", input.contact, max: 300, texts: t)
        let range = DateRange(earliest: CalendarDate(year: 2000, month: 1, day: 1)!, latest: today.adding(days: 5 * 366))
        let from = errors.date("validFrom", input.validFrom, required: true, range: range, texts: t)
        let until = errors.date("validUntil", input.validUntil, required: false, range: range, texts: t)
        if let from, let until, until < from { errors.add("validUntil", t("offers.untilBeforeFrom")) }
        guard errors.isEmpty, let level, let from else { return .invalid(errors) }
        return .valid(Values(level: level, municipalityID: municipalityID, title: title, provider: provider, themes: themes,
                             audiences: audiences, languages: languages, place: place, schedule: schedule, cost: cost,
                             subsidy: subsidy, contact: contact, validFrom: from, validUntil: until))
    }

    static func newForm(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        var input = Input()
        let levels = editableLevels(user)
        guard !levels.isEmpty else { throw AppError.forbidden }
        input.level = levels[0].rawValue
        input.validFrom = req.today.description
        input.municipalityID = user.scope.municipalityIDs.count == 1 ? user.scope.municipalityIDs[0].uuidString : nil
        return try await render(req, offer: nil, input: input, errors: FieldMessages())
    }

    static func create(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let input = try req.form(Input.self)
        switch validate(input, levels: editableLevels(user), scope: user.scope, reference: req.reference, today: req.today, texts: req.texts) {
        case .invalid(let errors):
            return try await render(req, offer: nil, input: input, errors: errors)
        case .valid(let values):
            let offer = Offer()
            values.apply(to: offer, leadGroupID: user.leadGroupID)
            return try await req.storeOnce { tx in
                try await offer.create(on: tx)
                try await req.audit(.offerChanged, .offer(offer.id!), detail: "Angebot erfasst (\(values.level.rawValue))", in: tx)
                return Link.afterSave(.offers)
            }
        }
    }

    static func editForm(_ req: Request) async throws -> Response {
        let offer = try await editable(req)
        return try await render(req, offer: offer, input: Input(offer, languages: req.reference.languages), errors: FieldMessages())
    }

    static func update(_ req: Request) async throws -> Response {
        let offer = try await editable(req)
        let user = try req.requireUser()
        let input = try req.form(Input.self)
        switch validate(input, levels: editableLevels(user), scope: user.scope, reference: req.reference, today: req.today, texts: req.texts) {
        case .invalid(let errors):
            return try await render(req, offer: offer, input: input, errors: errors)
        case .valid(let values):
            values.apply(to: offer, leadGroupID: user.leadGroupID)
            try await req.db.writeTransaction { tx in
                try await offer.update(on: tx)
                try await req.audit(.offerChanged, .offer(offer.id!), detail: "Angebot geändert", in: tx)
            }
            return req.redirect(to: .offers)
        }
    }

    static func archive(_ req: Request) async throws -> Response {
        let offer = try await editable(req)
        offer.archivedOn = offer.archivedOn == nil ? req.today : nil
        let detail = offer.archivedOn == nil ? "wieder aktiv" : "archiviert"
        try await req.db.writeTransaction { tx in
            try await offer.update(on: tx)
            try await req.audit(.offerArchived, .offer(offer.id!), detail: detail, in: tx)
        }
        return req.redirect(to: .offers, flash: offer.archivedOn == nil ? "offerRestored" : "offerArchived")
    }

    static func render(_ req: Request, offer: Offer?, input: Input, errors: FieldMessages) async throws -> Response {
        let user = try req.requireUser()
        let names = try await MunicipalityNames.names(user.scope.municipalityIDs, on: req.db)
        var page = OfferFormView(offer: offer, input: input, errors: errors, levels: editableLevels(user),
                                 municipalities: GermanCollation.sorted(names.map { SelectOption(value: $0.key.uuidString, label: $0.value,
                                                                                                  selected: $0.key.uuidString == input.municipalityID) },
                                                                        by: \.label),
                                 reference: req.reference).page(req.viewContext)
        if !errors.isEmpty { page.status = .unprocessableEntity }
        return req.render(page)
    }
}

struct OfferListView {
    let offers: [Offer]
    let filter: OfferRoutes.Filter
    let municipalityNames: [UUID: String]
    let groupNames: [UUID: String]
    let languages: Languages
    let mayEdit: Bool
    /// The offers the user keeps (an edit link only where the edit page opens).
    let editable: Set<UUID>

    func owner(_ offer: Offer, _ t: Localizer) -> String {
        switch offer.level {
        case .canton: t("offers.level.canton")
        case .region: offer.leadGroupID.flatMap { groupNames[$0] } ?? t("offers.level.region")
        case .municipality: offer.municipalityID.flatMap { municipalityNames[$0] } ?? t("offers.level.municipality")
        }
    }

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let title = t(filter.archived ? "offers.archiveTitle" : "offers.title")
        return WebPage(title: title) {
            h1 { title }
            paragraph { t("offers.intro") }
            form(.methodGet, .action(Link(.offers)), .class("filter-form offers-filter")) {
                selectField(FieldSpec(id: "thema", label: t("offers.theme")),
                            options: SelectOption.of(IntegrationTheme.self, "theme", chosen: filter.theme?.rawValue, texts: t),
                            placeholder: t("offers.all"))
                selectField(FieldSpec(id: "zielgruppe", label: t("offers.audience")),
                            options: SelectOption.of(OfferAudience.self, "audience", chosen: filter.audience?.rawValue, texts: t),
                            placeholder: t("offers.all"))
                selectField(FieldSpec(id: "sprache", label: t("offers.language")),
                            options: Self.offerLanguages.compactMap { code in
                                languages.contains(code) ? SelectOption(value: code, label: languages.name(code), selected: code == filter.language) : nil
                            },
                            placeholder: t("offers.all"))
                textField(FieldSpec(id: "ort", label: t("offers.place")), value: filter.place ?? "", .maxlength(100))
                if filter.archived { hiddenField("archiv", "1") }
                button(.type(.submit), .class("button")) { t("form.filter") }
            }
            paragraph(.class("no-print")) {
                if mayEdit { anchor(.class("button primary"), .href(Link(.newOffer))) { t("offers.new") } }
                " "
                anchor(.href(filter.archived ? Link(.offers) : Link(.offers, query: [("archiv", "1")]))) {
                    t(filter.archived ? "offers.showCurrent" : "offers.showArchive")
                }
            }
            paragraph(.class("lead"), .role("status")) { t("offers.count", ["count": String(offers.count)]) }
            if offers.isEmpty {
                paragraph(.class("empty")) { t("offers.none") }
            }
            for offer in offers {
                article(.class("offer-card")) {
                    h2 { offer.title }
                    paragraph(.class("muted")) { "\(offer.provider) · \(owner(offer, t))" }
                    dl(.class("sheet")) {
                        div {
                            dt { t("offers.themes") }
                            dd { offer.themes.map { t.label("theme", $0) }.joined(separator: ", ") }
                        }
                        div {
                            dt { t("offers.audiences") }
                            dd { offer.audiences.map { t.label("audience", $0) }.joined(separator: ", ") }
                        }
                        if !offer.languages.isEmpty {
                            div {
                                dt { t("offers.languages") }
                                dd { offer.languages.map(languages.name).joined(separator: ", ") }
                            }
                        }
                        div {
                            dt { t("offers.placeAndTime") }
                            dd { "\(offer.place) · \(offer.schedule)" }
                        }
                        div {
                            dt { t("offers.cost") }
                            dd { [offer.cost, offer.subsidy.map { t("offers.subsidyLine", ["subsidy": $0]) }].compactMap { $0 }.joined(separator: " · ") }
                        }
                        if let contact = offer.contact {
                            div {
                                dt { t("offers.contact") }
                                dd { contact }
                            }
                        }
                        div {
                            dt { t("offers.valid") }
                            dd { "\(offer.validFrom.swissFormat) – \(offer.validUntil?.swissFormat ?? t("offers.open"))" }
                        }
                    }
                    if editable.contains(offer.id!) {
                        paragraph(.class("no-print")) { anchor(.href(Link(.offer(.value(offer.id!))))) { t("offers.edit", ["title": offer.title]) } }
                    }
                }
            }
        }
    }

    /// The languages offered in the filter: those of the welcome folder.
    static let offerLanguages = ["deu", "fra", "ita", "eng", "ara", "fas", "prs", "pus", "kmr", "tir", "amh", "som", "tam", "ukr", "rus",
                                 "tur", "sqi", "por", "spa", "bos", "hrv", "srp", "zho", "vie", "tha", "bod", "ron", "pol", "hun", "bul",
                                 "mkd", "urd"]
}

struct OfferFormView {
    let offer: Offer?
    let input: OfferRoutes.Input
    let errors: FieldMessages
    let levels: [OfferLevel]
    let municipalities: [SelectOption]
    let reference: ReferenceData

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let title = t(offer == nil ? "offers.newTitle" : "offers.editTitle")
        let action = offer.map { Link(.offer(.value($0.id!))) } ?? Link(.newOffer)
        let chosenThemes = Set(input.themes ?? [])
        let chosenAudiences = Set(input.audiences ?? [])
        return WebPage(title: title, hasErrors: !errors.isEmpty) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.offers))) { t("offers.title") } }
            h1 { title }
            errorSummary(t("form.hasErrors"), errors.order.map { ($0, errors[$0]!) })
            postForm(action, csrf: c.csrf, .class("form wide")) {
                if levels.count > 1 {
                    choiceGroup(id: "level", name: "level", legend: t("offers.levelLabel"),
                                options: levels.map { SelectOption(value: $0.rawValue, label: t.label("offers.level", $0), selected: $0.rawValue == input.level) },
                                error: errors["level"], inline: true)
                }
                if levels.contains(.municipality) {
                    selectField(FieldSpec(id: "municipalityID", label: t("offers.municipality"), hint: t("offers.municipalityHint"),
                                          error: errors["municipalityID"]),
                                options: municipalities, placeholder: municipalities.count > 1 ? t("form.pleaseChoose") : nil)
                }
                div(.class("grid-2")) {
                    textField(FieldSpec(id: "title", label: t("offers.titleLabel"), error: errors["title"]), value: input.title ?? "", .maxlength(200))
                    textField(FieldSpec(id: "provider", label: t("offers.provider"), error: errors["provider"]), value: input.provider ?? "",
                              .maxlength(200))
                }
                choiceGroup(id: "themes", name: "themes[]", legend: t("offers.themes"),
                            options: IntegrationTheme.allCases.map { SelectOption(value: $0.rawValue, label: t.label("theme", $0),
                                                                                  selected: chosenThemes.contains($0.rawValue)) },
                            multiple: true, error: errors["themes"], columns: true)
                choiceGroup(id: "audiences", name: "audiences[]", legend: t("offers.audiences"),
                            options: OfferAudience.allCases.map { SelectOption(value: $0.rawValue, label: t.label("audience", $0),
                                                                               selected: chosenAudiences.contains($0.rawValue)) },
                            multiple: true, error: errors["audiences"], columns: true)
                textField(FieldSpec(id: "languages", label: t("offers.languages"), hint: t("registration.moreLanguagesHint"),
                                    error: errors["languages"], note: t("form.optional")),
                          value: input.languages ?? "", .list("language-list"), .autocomplete("off"), .maxlength(500))
                Node.element("datalist", [.id("language-list")], [forEach(reference.languages.all) { option(.value($0.nameGerman)) { "" } }])
                div(.class("grid-2")) {
                    textField(FieldSpec(id: "place", label: t("offers.place"), error: errors["place"]), value: input.place ?? "", .maxlength(200))
                    textField(FieldSpec(id: "schedule", label: t("offers.schedule"), hint: t("offers.scheduleHint"), error: errors["schedule"]),
                              value: input.schedule ?? "", .maxlength(300))
                    textField(FieldSpec(id: "cost", label: t("offers.cost"), hint: t("offers.costHint"), error: errors["cost"]),
                              value: input.cost ?? "", .maxlength(200))
                    textField(FieldSpec(id: "subsidy", label: t("offers.subsidy"), error: errors["subsidy"], note: t("form.optional")),
                              value: input.subsidy ?? "", .maxlength(300))
                    textField(FieldSpec(id: "contact", label: t("offers.contact"), error: errors["contact"], note: t("form.optional")),
                              value: input.contact ?? "", .maxlength(300))
                }
                div(.class("grid-2")) {
                    textField(FieldSpec(id: "validFrom", label: t("offers.validFrom"), error: errors["validFrom"]), value: input.validFrom ?? "",
                              type: .date)
                    textField(FieldSpec(id: "validUntil", label: t("offers.validUntil"), error: errors["validUntil"], note: t("form.optional")),
                              value: input.validUntil ?? "", type: .date)
                }
                div(.class("actions")) {
                    button(.type(.submit), .class("button primary")) { t("form.save") }
                    anchor(.class("button"), .href(Link(.offers))) { t("form.cancel") }
                }
            }
            if let offer {
                actionButton(Link(.offerArchive(.value(offer.id!))), csrf: c.csrf,
                             label: t(offer.archivedOn == nil ? "offers.archive" : "offers.restore"))
            }
        }
    }
}
