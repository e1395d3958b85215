import Domain
import Fluent
import Foundation
import Persistence
import Platform
import Vapor

/// Batches: the households that moved in during a month (or any chosen), one PDF with one letter
/// per household in the chosen order, written to its adults by name (never to a child), each in the
/// language of the first adult (German where there is no text in it).
enum LetterBatchRoutes {
    struct Input: Decodable, Sendable {
        var kind: String?
        var households: [String]?
        /// Persons chosen one by one (older clients): their households are meant.
        var persons: [String]?
        var bilingual: String?
        var month: String?
        /// The event whose guests are invited (event invitations only).
        var event: String?
    }

    /// One PDF holds at most this many letters (a month's arrivals of the largest municipality fit).
    static let limit = 500

    static func form(_ req: Request) async throws -> Response {
        let all = (try? req.query.get(String.self, at: "alle")) == "1"
        return try await render(req, input: Input(kind: (try? req.query.get(String.self, at: "art")) ?? LetterKind.invitation.rawValue,
                                                  bilingual: "on", month: try? req.query.get(String.self, at: "monat"),
                                                  event: try? req.query.get(String.self, at: "anlass")),
                                errors: FieldMessages(), chooseAll: all)
    }

    /// A household offered in the batch: its adults, its language.
    struct Row {
        let id: UUID
        let familyNames: String
        let adults: [String]
        let members: Int
        let language: LetterLanguage
        let tongue: String
    }

    static func render(_ req: Request, input: Input, errors: FieldMessages, chooseAll: Bool = false) async throws -> Response {
        let scope = try req.scope()
        let today = req.today
        let month = input.month.flatMap { CalendarDate(parsing: $0 + "-01") } ?? CalendarDate(year: today.year, month: today.month, day: 1)!
        // Households with a member who moved in during the month (or the event's guests), plus the ones already chosen.
        let event = try await Self.event(input, req: req)
        let arrived: [UUID]
        if let event {
            let guests = try await scope.query(EventGuest.self, on: req.db).filter(\.$event.$id == event.id!).limit(limit).values(of: \.$person.$id)
            arrived = guests.isEmpty ? [] : try await scope.persons(on: req.db).filter(\.$id ~~ guests).values(of: \.$household.$id)
        } else {
            arrived = try await scope.persons(on: req.db).filter(\.$moveInDate >= month).filter(\.$moveInDate < month.addingMonths(1))
                .limit(limit).values(of: \.$household.$id)
        }
        var householdIDs = Set(arrived)
        let chosen = try await chosenHouseholds(input, scope: scope, on: req.db)
        householdIDs.formUnion(chosen)
        let members = householdIDs.isEmpty ? [] : try await scope.persons(on: req.db).filter(\.$household.$id ~~ Array(householdIDs))
            .sort(\.$birthDate).personRows()
        if !members.isEmpty {
            try await req.audit(.personListed, .persons(members.map(\.id)), detail: "Serienbriefe: Haushalte zur Auswahl")
        }
        let languages = req.reference.languages
        let rows = GermanCollation.sorted(Dictionary(grouping: members, by: \.householdID).map { id, people -> Row in
            let adults = Addressees.choose(people, birthDate: \.birthDate, today: today)
            let tongue = adults.first?.motherTongue
            return Row(id: id, familyNames: GermanCollation.sorted(Array(Set(people.map(\.familyName))), by: { $0 }).joined(separator: " / "),
                       adults: adults.map(\.name.full), members: people.count,
                       language: LetterLanguage.forMotherTongue(tongue) ?? .de, tongue: tongue.map(languages.name) ?? "–")
        }, by: \.familyNames)
        let view = LetterBatchView(input: input, month: String(month.description.prefix(7)), event: event, rows: rows,
                                   chosen: chooseAll ? Set(rows.map(\.id)) : Set(chosen), errors: errors,
                                   pdfAvailable: req.appEnvironment.pdf.isAvailable)
        var page = view.page(req.viewContext)
        if !errors.isEmpty { page.status = .unprocessableEntity }
        return req.render(page)
    }

    /// The event of an event invitation, read through the scope (404 for another municipality's).
    static func event(_ input: Input, req: Request) async throws -> MunicipalEvent? {
        guard let text = input.event, !text.isEmpty else { return nil }
        guard let id = UUID(uuidString: text) else { throw AppError.notFound }
        return try await req.scoped(MunicipalEvent.self, id, record: .event(id))
    }

    /// The chosen households in the order chosen (persons stand for their households).
    static func chosenHouseholds(_ input: Input, scope: AccessScope, on db: any Database) async throws -> [UUID] {
        var ids = (input.households ?? []).compactMap(UUID.init(uuidString:))
        let personIDs = (input.persons ?? []).compactMap(UUID.init(uuidString:))
        if !personIDs.isEmpty, personIDs.count <= limit {
            let households = Dictionary(uniqueKeysWithValues: try await scope.persons(on: db).filter(\.$id ~~ personIDs)
                .rows([\Person.$id, \Person.$household.$id]) { (try $0[\.$id], try $0[\.$household.$id]) })
            for id in personIDs {
                if let household = households[id], !ids.contains(household) { ids.append(household) }
            }
        }
        return ids
    }

    static func pdf(_ req: Request) async throws -> Response {
        let input = try req.form(Input.self)
        let t = req.texts
        let scope = try req.scope()
        let today = req.today
        var errors = FieldMessages()
        let kind = LetterKind(rawValue: input.kind ?? "")
        let event = try await Self.event(input, req: req)
        if kind == nil || !(kind!.isMultilingual || kind!.isEventLetter) { errors.add("kind", t("form.chooseOne")) }
        if kind?.isEventLetter == true, event == nil { errors.add("kind", t("letters.eventMissing")) }
        let sent = (input.households ?? []).count + (input.persons ?? []).count
        if sent > limit { errors.add("households", t("letters.batchTooMany", ["max": String(limit)])) }
        let ids = sent > limit ? [] : try await chosenHouseholds(input, scope: scope, on: req.db)
        if ids.isEmpty, errors["households"] == nil { errors.add("households", t("letters.batchNone")) }
        let members = ids.isEmpty ? [] : try await scope.records(Person.self, on: req.db).filter(\.$household.$id, in: ids).sort(\.$birthDate).fetch()
        let found = Set(members.map(\.$household.id))
        let requestedPersons = Set((input.persons ?? []).compactMap(UUID.init(uuidString:)))
        let missingPersons = requestedPersons.subtracting(members.compactMap(\.id))
        if found.count != ids.count || !missingPersons.isEmpty || (input.households ?? []).compactMap(UUID.init(uuidString:)).count
            != (input.households ?? []).count {
            errors.add("households", t("form.chooseOne"))
            try await req.audit(.recordNotFound, .page, detail: "Serienbriefe: Haushalte ausserhalb der Berechtigung")
        }
        guard errors.isEmpty, let kind else { return try await render(req, input: input, errors: errors) }
        // Each household's letter goes to its first adult, who stands for all adults in the salutation.
        let byHousehold = Dictionary(grouping: members, by: { $0.$household.id })
        var addressees: [UUID: Person] = [:]
        for id in ids {
            if let first = Addressees.choose(byHousehold[id] ?? [], birthDate: \.birthDate, today: today).first { addressees[id] = first }
        }
        let templates = try await LetterRoutes.currentTemplates(on: req.db)
        var subjects = try await LetterSubject.load(Array(addressees.values), officerID: try req.requireUser().userID, scope: scope,
                                                    today: today, on: req.db)
        if kind.isEventLetter, let event {
            // The event's date, time and place fill the text's appointment placeholders.
            subjects = subjects.mapValues { $0.at(event) }
        }
        var sheets: [LetterSheet] = []
        var letters: [(Person, LetterRoutes.Choice, Int)] = []
        var withGaps: [String] = []
        for id in ids {
            guard let person = addressees[id], let subject = subjects[person.id!] else { continue }
            let language = LetterLanguage.forMotherTongue(person.motherTongue) ?? .de
            guard let sheet = LetterComposer.sheet(kind: kind, language: language, bilingual: input.bilingual != nil, subject: subject,
                                                   templates: templates, today: today, texts: t, reference: req.reference) else { continue }
            let usable = sheet.fallbackFrom == nil ? language : .de
            if !sheet.gaps.isEmpty { withGaps.append("\(subject.addressees.map(\.name.full).joined(separator: ", ")): \(sheet.gaps.joined(separator: ", "))") }
            sheets.append(sheet)
            let choice = LetterRoutes.Choice(kind: kind, language: usable, bilingual: input.bilingual != nil && usable != .de,
                                             appointmentID: subject.appointment?.id)
            let version = templates.first { $0.kind == kind && $0.language == usable }?.version ?? 0
            // The letter is recorded for everyone it is written to.
            for adult in subject.addressees.isEmpty ? [person] : subject.addressees { letters.append((adult, choice, version)) }
        }
        guard withGaps.isEmpty else {
            errors.add("households", t("letters.batchGaps", ["list": withGaps.joined(separator: "; ")]))
            return try await render(req, input: input, errors: errors)
        }
        // One document per letter: each starts at page 1, so page 2 says "Seite 2" in every letter.
        let documents = sheets.map { Node.doctype + LetterDocument(title: kind.rawValue, sheets: [$0], toolbar: nil).render(t).render() }
        let data = try await req.appEnvironment.pdf.render(documents: documents,
                                                           stylesheet: req.application.directory.publicDirectory + "css/letter.css")
        let recorded = letters
        _ = try await req.submitOnce { tx in
            try await LetterRoutes.recordAll(recorded, format: .batchPDF, req: req, on: tx)
            return (nil, ())
        }
        return LetterRoutes.download(data, type: "application/pdf", name: "\(kind.rawValue)-serie.pdf")
    }
}

struct LetterBatchView {
    let input: LetterBatchRoutes.Input
    let month: String
    let event: MunicipalEvent?
    let rows: [LetterBatchRoutes.Row]
    let chosen: Set<UUID>
    let errors: FieldMessages
    let pdfAvailable: Bool

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        return WebPage(title: t("letters.batchTitle"), hasErrors: !errors.isEmpty, scripts: [.asset("js/select-all.js")]) {
            h1 { t("letters.batchTitle") }
            paragraph { t("letters.batchIntro") }
            if !pdfAvailable { div(.class("alert"), .role("alert")) { t("letters.pdfMissing") } }
            if let event {
                paragraph(.class("callout")) {
                    t("letters.eventGuests", ["title": event.title, "date": event.heldOn.swissFormat, "place": event.place])
                }
            } else {
                form(.methodGet, .action(Link(.letterBatch)), .class("filter-form")) {
                    textField(FieldSpec(id: "monat", label: t("letters.month")), value: month, type: .month)
                    button(.type(.submit), .class("button")) { t("form.filter") }
                }
            }
            errorSummary(t("form.hasErrors"), errors.order.map { ($0, errors[$0]!) })
            postForm(Link(.letterBatch), csrf: c.csrf, .class("form wide")) {
                hiddenField("month", month)
                if let event { hiddenField("event", event.id!.uuidString) }
                selectField(FieldSpec(id: "kind", label: t("letters.kind"), error: errors["kind"]),
                            options: (event == nil ? [LetterKind.invitation, .welcome] : [LetterKind.eventInvitation, .welcome]).map {
                                SelectOption(value: $0.rawValue, label: t.label("letters.kind", $0), selected: $0.rawValue == input.kind)
                            })
                checkboxField(FieldSpec(id: "bilingual", label: t("letters.bilingual")), checked: input.bilingual != nil)
                fieldset(.class(errors["households"] == nil ? "field batch-households" : "field batch-households has-error"), .id("households"),
                         errors["households"] == nil ? nil : .ariaDescribedBy("households-error")) {
                    legend { t("letters.batchHouseholds") }
                    if let error = errors["households"] { paragraph(.class("field-error"), .id("households-error")) { error } }
                    if rows.isEmpty {
                        paragraph(.class("empty")) { t("letters.batchEmpty") }
                    } else {
                        paragraph(.class("select-all")) {
                            anchor(.href(Link(.letterBatch, query: [("monat", month), ("alle", "1"), ("art", input.kind ?? "invitation")]
                                                + (event.map { [("anlass", $0.id!.uuidString)] } ?? []))),
                                   .class("select-all-link"), Attribute("data-select-all", "households")) { t("letters.selectAll") }
                        }
                    }
                    for row in rows {
                        div(.class("checkbox")) {
                            inputTag(.type(.checkbox), .id("b-\(row.id.uuidString)"), .name("households[]"), .value(row.id.uuidString),
                                     .when(chosen.contains(row.id), .checked))
                            label(.for("b-\(row.id.uuidString)")) {
                                "\(row.familyNames): \(row.adults.joined(separator: ", ")) "
                                span(.class("muted")) {
                                    t("letters.batchRow", ["members": String(row.members), "tongue": row.tongue,
                                                           "language": row.language.germanName])
                                }
                            }
                        }
                    }
                }
                div(.class("actions")) { button(.type(.submit), .class("button primary")) { t("letters.batchSubmit") } }
            }
        }
    }
}
