import Fluent
import Foundation
import XCTVapor
import ZIPFoundation
@testable import App
import Domain
import Persistence
@testable import Platform
import SystemAccess
@testable import Letters

final class LetterRulesTests: XCTestCase {
    func testOnlyKnownPlaceholdersAndPlainSections() {
        XCTAssertEqual(LetterTemplateRules.problems(in: "Guten Tag {{person.givenName}}"), [])
        XCTAssertEqual(LetterTemplateRules.problems(in: "{{#appointment.interpreter}}ja{{/appointment.interpreter}}"), [])
        XCTAssertEqual(LetterTemplateRules.problems(in: "{{person.ahvNumber}}"), [.unknownPlaceholder("person.ahvNumber")])
        XCTAssertEqual(LetterTemplateRules.problems(in: "{{{person.givenName}}}"), [.forbiddenTag("{{{person.givenName}}")])
        XCTAssertEqual(LetterTemplateRules.problems(in: "{{> partial}}"), [.forbiddenTag("{{> partial}}")])
        XCTAssertEqual(LetterTemplateRules.problems(in: "{{% CONTENT_TYPE: HTML}}"), [.forbiddenTag("{{% CONTENT_TYPE: HTML}}")])
        XCTAssertEqual(LetterTemplateRules.problems(in: "{{#appointment.interpreter}}offen"), [.unbalancedSection("appointment.interpreter")])
        XCTAssertEqual(LetterTemplateRules.requiredPlaceholders(in: "{{person.givenName}} {{#household.members}}{{givenName}}{{/household.members}} {{#appointment.interpreter}}{{appointment.place}}{{/appointment.interpreter}}"),
                       ["person.givenName", "appointment.place"])
    }

    func testLanguagesForMotherTongues() {
        XCTAssertEqual(LetterLanguage.forMotherTongue("ara"), .ar)
        XCTAssertEqual(LetterLanguage.forMotherTongue("tir"), .ti)
        XCTAssertEqual(LetterLanguage.forMotherTongue("hrv"), .bs)
        XCTAssertEqual(LetterLanguage.forMotherTongue("prs"), .prs)
        XCTAssertEqual(LetterLanguage.forMotherTongue("pes"), .fa)
        XCTAssertEqual(LetterLanguage.forMotherTongue("bul"), .bg)
        XCTAssertNil(LetterLanguage.forMotherTongue("hin"))
        XCTAssertTrue(LetterLanguage.ar.isRightToLeft)
        XCTAssertFalse(LetterLanguage.ti.isRightToLeft)
    }

    func testDatesAreWrittenOutInTheLettersLanguage() {
        let date = CalendarDate(year: 2024, month: 9, day: 12)!
        XCTAssertEqual(LetterComposer.longDate(date, language: .de), "Donnerstag, 12. September 2024")
        XCTAssertTrue(LetterComposer.longDate(date, language: .fr).contains("12 septembre 2024"))
        XCTAssertTrue(LetterComposer.longDate(date, language: .it).contains("12 settembre 2024"))
        XCTAssertTrue(LetterComposer.longDate(date, language: .en).contains("12 September 2024"))
        XCTAssertTrue(LetterComposer.longDate(date, language: .ar).contains("2024"), "Latin digits in Arabic letters")
    }
}

/// Letters end to end: every kind and language, gaps, letterheads, batch, DOCX, PDF (with WeasyPrint).
final class LettersTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make() }
    override func tearDown() async throws { try await app.asyncShutdown(); app = nil }

    /// PDFs need WeasyPrint; scripts/test sets REQUIRE_PDF so that CI cannot skip them silently.
    func requirePDF() throws {
        if !app.appEnvironment.pdf.isAvailable {
            if ProcessInfo.processInfo.environment["REQUIRE_PDF"] == "1" { XCTFail("WeasyPrint is missing"); throw XCTSkip() }
            throw XCTSkip("WeasyPrint not installed")
        }
    }

    static func run(_ program: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// pdftotext of a PDF, without the bidi control characters it adds around right-to-left text.
    static func text(ofPDF data: Data) throws -> (text: String, fonts: String) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("si-\(UUID().uuidString).pdf")
        try data.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let text = try run("pdftotext", ["-layout", url.path, "-"]).unicodeScalars
            .filter { !(0x202A...0x202E).contains($0.value) && !(0x2066...0x2069).contains($0.value) && $0.value != 0x200F && $0.value != 0x200E }
        return (String(String.UnicodeScalarView(text)), try run("pdffonts", [url.path]))
    }

    /// A stretch of the text without placeholders: proof the letter is in that language.
    static func plainSample(_ body: String) -> String {
        let pieces = body.components(separatedBy: "{{").map { $0.components(separatedBy: "}}").last ?? "" }
        let piece = pieces.flatMap { $0.components(separatedBy: "\n") }.map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.count >= 12 } ?? ""
        return String(piece.prefix(20)).trimmingCharacters(in: .whitespaces)
    }

    /// Arabic-script words that pdftotext returns exactly: lam-alef and lam-yeh are drawn as one
    /// ligature glyph, which it maps back in drawing order, so words with them are left out.
    static func ligatureFreeWords(_ text: String) -> [String] {
        text.split(separator: " ").map(String.init).filter { word in
            // Vowel marks (tashkil) are placed on their letter and may come out before or after it.
            !["لا", "لأ", "لإ", "لآ", "لى", "لي"].contains { word.contains($0) } && word.count > 2
                && !word.unicodeScalars.contains { (0x064B...0x0652).contains($0.value) || $0.value == 0x0670 }
        }
    }

    func samira() async throws -> Person { try await app.person(named: "Samira", "Al-Rina") }

    func testShippedTextsAreCompleteAndValid() async throws {
        let templates = try await LetterTemplate.query(on: app.db).all()
        XCTAssertEqual(templates.count, LetterKind.allCases.count * 4 + 2 * 26, "every document in de fr it en, welcome and invitation in 26 more")
        for kind in LetterKind.allCases {
            for language in [LetterLanguage.de, .fr, .it, .en] {
                XCTAssertTrue(templates.contains { $0.kind == kind && $0.language == language }, "\(kind) \(language)")
            }
        }
        for kind in [LetterKind.welcome, .invitation] {
            XCTAssertEqual(Set(templates.filter { $0.kind == kind }.map(\.language)), Set(LetterLanguage.allCases))
        }
        XCTAssertTrue(templates.allSatisfy { $0.reviewStatus == .draft }, "translations are drafts until the canton checks them")
    }

    func testEveryKindAndLanguageShowsNameDateAndTheLanguage() async throws {
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        let person = try await samira()
        let templates = try await LetterTemplate.query(on: app.db).filter(\.$isCurrent == true).all()
        for template in templates {
            let page = try await officer.get("/personen/\(person.id!.uuidString)/briefe/ansicht?art=\(template.kind.rawValue)&sprache=\(template.language.rawValue)")
            let label = "\(template.kind.rawValue)/\(template.language.rawValue)"
            XCTAssertEqual(page.status, .ok, label)
            // Every letter names the person, but the interpreter order: the interpreter needs no names before the conversation.
            XCTAssertEqual(page.body.contains("Al-Rina"), template.kind != .interpreterOrder, label)
            XCTAssertTrue(page.body.contains("lang=\"\(template.language.rawValue)\" dir=\"\(template.language.isRightToLeft ? "rtl" : "ltr")\""), label)
            if template.kind.needsAppointment, template.kind != .interpreterOrder {
                let date = LetterComposer.unbreakable(LetterComposer.longDate(CalendarDate(year: 2024, month: 9, day: 12)!,
                                                                              language: template.language))!
                XCTAssertTrue(page.body.contains(date), "\(label): \(date)")
            }
            // A sentence of the language: the start of the text as the canton wrote it.
            let sample = template.kind.isForm ? (template.labelTexts["title"] ?? "") : Self.plainSample(template.body)
            XCTAssertFalse(sample.isEmpty, label)
            XCTAssertTrue(page.body.contains(sample), "\(label): \(sample)")
        }
    }

    /// Every shipped text as PDF: the person's name, the appointment date and a sentence of the language.
    func testEveryKindAndLanguageAsPDF() async throws {
        try requirePDF()
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        let person = try await samira()
        let templates = try await LetterTemplate.query(on: app.db).filter(\.$isCurrent == true).all()
        for template in templates {
            let language = template.language
            let label = "\(template.kind.rawValue)/\(language.rawValue)"
            let (status, headers, data) = try await officer.downloadPost("/personen/\(person.id!.uuidString)/briefe/pdf?art=\(template.kind.rawValue)&sprache=\(language.rawValue)", pairs: [])
            XCTAssertEqual(status, .ok, label)
            XCTAssertEqual(headers.first(name: .contentType), "application/pdf")
            let (text, fonts) = try Self.text(ofPDF: data)
            let flat = text.replacingOccurrences(of: "\n", with: " ")
            XCTAssertEqual(flat.contains("Al-Rina"), template.kind != .interpreterOrder, label)
            if template.kind.needsAppointment, template.body.contains("{{appointment.date}}") {
                XCTAssertTrue(flat.contains("2024"), "\(label): the appointment's year")
                if !language.isRightToLeft, language != .ta {
                    let date = LetterComposer.longDate(CalendarDate(year: 2024, month: 9, day: 12)!, language: language)
                    let month = date.components(separatedBy: " ").first { $0.count > 3 && !$0.contains(",") && Int($0) == nil && !date.hasPrefix($0) }
                    XCTAssertTrue(month.map { flat.contains($0) } ?? true, "\(label): \(date)")
                }
            }
            let sample = template.kind.isForm ? (template.labelTexts["title"] ?? "") : Self.plainSample(template.body)
            if language.isRightToLeft, language != .ur {
                // Stored and extracted in logical order (ligature glyphs aside).
                let words = Self.ligatureFreeWords(sample.replacingOccurrences(of: "\u{200C}", with: ""))
                XCTAssertFalse(words.isEmpty, label)
                for word in words {
                    XCTAssertTrue(flat.contains(word), "\(label): \(word)")
                    XCTAssertFalse(flat.contains(String(word.reversed())), "\(label): \(word) reversed")
                }
                XCTAssertTrue(fonts.contains("Noto-Sans-Arabic"), fonts)
            } else if let range = Self.complexScripts[language] {
                // Vowel signs, stacks and Nastaliq come out of pdftotext in drawing order; the glyphs and their font are what can be checked.
                XCTAssertTrue(text.unicodeScalars.contains { range.contains($0.value) }, "\(label): its script in the PDF")
                XCTAssertTrue(fonts.contains(Self.expectedFont(language)), "\(label): \(fonts)")
            } else {
                // The sample is cut after 20 characters: leave the cut word out, unless it is the only one.
                let parts = sample.split(separator: " ")
                let words = (parts.count > 1 ? parts.dropLast() : parts[...]).joined(separator: " ")
                XCTAssertTrue(flat.contains(words), "\(label): \(words)")
                if language == .ti { XCTAssertTrue(fonts.contains("Noto-Sans-Ethiopic"), fonts) }
            }
        }
        let letters = try await Unscoped.query(GeneratedLetter.self, on: app.db).filter(\.$format == .pdf).count()
        XCTAssertEqual(letters, templates.count)
    }

    func testEveryKindAsGermanPDF() async throws {
        try requirePDF()
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        let person = try await samira()
        for kind in LetterKind.allCases {
            let (status, _, data) = try await officer.downloadPost("/personen/\(person.id!.uuidString)/briefe/pdf?art=\(kind.rawValue)&sprache=de&zweisprachig=on", pairs: [])
            XCTAssertEqual(status, .ok, kind.rawValue)
            let (text, _) = try Self.text(ofPDF: data)
            XCTAssertTrue(text.contains(kind == .interpreterOrder ? "HEKS Linguadukt" : "Al-Rina"), kind.rawValue)
            XCTAssertTrue(text.contains("Stadt Grenchen"), "the municipality's letterhead")
        }
    }

    func testBilingualSheetHasGermanFirst() async throws {
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        let person = try await samira()
        let page = try await officer.get("/personen/\(person.id!.uuidString)/briefe/ansicht?art=invitation&sprache=ar&zweisprachig=on")
        let german = try XCTUnwrap(page.body.range(of: "lang=\"de\""))
        let arabic = try XCTUnwrap(page.body.range(of: "lang=\"ar\" dir=\"rtl\""))
        XCTAssertLessThan(german.lowerBound, arabic.lowerBound)
        // In the Arabic text the phone number keeps its left-to-right order (isolated); in the German one it needs nothing.
        XCTAssertTrue(page.body.contains("\u{2068}032\u{00A0}555\u{00A0}01\u{00A0}11\u{2069}"))
        XCTAssertTrue(page.body.contains("Telefon 032\u{00A0}555\u{00A0}01\u{00A0}11,"), "a phone number never breaks")
    }

    func testGapsAreShownAndBlockTheLetter() async throws {
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        // Marija Ivanova has no appointment: an invitation cannot be made yet.
        let marija = try await app.person(named: "Marija", "Ivanova")
        let base = "/personen/\(marija.id!.uuidString)/briefe"
        let preview = try await officer.get("\(base)/ansicht?art=invitation&sprache=de")
        XCTAssertEqual(preview.status, .unprocessableEntity)
        XCTAssertTrue(preview.body.contains("Es fehlen Angaben"))
        XCTAssertTrue(preview.body.contains("Termin (Datum)"))
        XCTAssertTrue(preview.body.contains(LetterComposer.gapMarker), "the gap is visible in the letter, never an empty line")
        XCTAssertFalse(preview.body.contains("PDF herunterladen"))
        let (pdfStatus, _, _) = try await officer.downloadPost("\(base)/pdf?art=invitation&sprache=de", pairs: [])
        XCTAssertEqual(pdfStatus, .unprocessableEntity)
        let (docxStatus, _, _) = try await officer.downloadPost("\(base)/docx?art=invitation&sprache=de", pairs: [])
        XCTAssertEqual(docxStatus, .unprocessableEntity)
        // The welcome letter needs no appointment; marked as printed, it is on the timeline.
        let printed = try await officer.post("\(base)/drucken?art=welcome&sprache=de")
        XCTAssertEqual(printed.location, "\(base)/ansicht?art=welcome&sprache=de&ok=printed")
        let value1 = try await officer.get("\(base)/ansicht?art=welcome&sprache=de").status
        XCTAssertEqual(value1, .ok)
        // An officer without a phone number cannot send letters that name it.
        let user = try await User.query(on: app.db).filter(\.$username == "ib.grenchen").first()!
        user.phone = nil
        try await user.update(on: app.db)
        let noPhone = try await officer.get("\(base)/ansicht?art=welcome&sprache=de")
        XCTAssertEqual(noPhone.status, .unprocessableEntity)
        XCTAssertTrue(noPhone.body.contains("Telefonnummer der unterzeichnenden Person"))
        let value2 = try await Unscoped.query(GeneratedLetter.self, on: app.db).count()
        XCTAssertEqual(value2, 1, "only the complete welcome letter was recorded")
    }

    func testLetterheadAppearsOnlyOnItsMunicipalitysLetters() async throws {
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        try await officer.get("/briefkopf")
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 7, count: 64)
        let saved = try await officer.postMultipart("/briefkopf", fields: ["sender": "Stadt Grenchen\nIntegration", "contact": "Telefon 032 555 01 11",
                                                                          "signature": "Nadia Keller, Integrationsbeauftragte"],
                                                   file: ("logo", "grenchen.png", "image/png", png))
        XCTAssertEqual(saved.status, .seeOther, saved.body)
        let person = try await samira()
        let grenchenLetter = try await officer.get("/personen/\(person.id!.uuidString)/briefe/ansicht?art=welcome&sprache=de")
        XCTAssertTrue(grenchenLetter.body.contains("data:image/png;base64,\(png.base64EncodedString())"))
        XCTAssertTrue(grenchenLetter.body.contains("Nadia Keller, Integrationsbeauftragte"))

        let other = TestClient(app)
        _ = try await other.login("ib.derendingen")
        let muster = try await app.person(named: "M.", "Muster")
        let derendingenLetter = try await other.get("/personen/\(muster.id!.uuidString)/briefe/ansicht?art=welcome&sprache=it")
        XCTAssertFalse(derendingenLetter.body.contains("data:image/png"))
        XCTAssertFalse(derendingenLetter.body.contains("Stadt Grenchen"))
        XCTAssertTrue(derendingenLetter.body.contains("Einwohnergemeinde Derendingen"))

        // Refused: a page posing as PNG, an SVG with a script, a file too large.
        for (name, type, data) in [("x.png", "image/png", Data("<html><script>alert(1)</script></html>".utf8)),
                                   ("x.svg", "image/svg+xml", Data("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".utf8)),
                                   ("x.svg", "image/svg+xml", Data("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"></svg>".utf8)),
                                   ("big.png", "image/png", png + Data(repeating: 0, count: 210 * 1024))] {
            try await officer.get("/briefkopf")
            let refused = try await officer.postMultipart("/briefkopf", fields: ["sender": "Geändert", "signature": "X"], file: ("logo", name, type, data))
            XCTAssertEqual(refused.status, .unprocessableEntity, name)
            XCTAssertTrue(refused.body.contains("Nur PNG- oder SVG-Dateien"), name)
        }
        let letterhead = try await Unscoped.query(Letterhead.self, on: app.db).filter(\.$municipality.$id == person.$municipality.id).first()
        XCTAssertEqual(letterhead?.sender, "Stadt Grenchen\nIntegration", "a refused upload changes nothing")
    }

    func testBatchOfMixedLanguagesKeepsTheOrder() async throws {
        try requirePDF()
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        let batchForm = try await officer.get("/briefe/serie?monat=2024-08").body
        XCTAssertTrue(batchForm.contains("Alle auswählen"))
        XCTAssertTrue(batchForm.contains("Brief auf Arabisch"), "the German name of the letter's language")
        let family = try await Unscoped.query(Person.self, on: app.db).filter(\.$familyName == "Al-Rina").sort(\.$birthDate).all()
        let marija = try await app.person(named: "Marija", "Ivanova")
        // «Alle auswählen» without JavaScript: the same list, every household checked.
        let all = try await officer.get("/briefe/serie?monat=2024-08&alle=1&art=welcome").body
        XCTAssertTrue(all.contains("value=\"\(family[0].$household.id.uuidString)\" checked"))
        // Ivanova has no appointment: the batch of invitations is refused as a whole, naming her.
        let refused = try await officer.post("/briefe/serie", pairs: [("kind", "invitation"), ("households[]", family[0].$household.id.uuidString),
                                                                      ("households[]", marija.$household.id.uuidString)])
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains("Marija Ivanova"))
        // Welcome letters: one per household, German for Marija (no Bulgarian welcome text… now there is one), in the chosen order.
        try await officer.get("/briefe/serie")
        let (status, _, data) = try await officer.downloadPost("/briefe/serie", pairs: [("kind", "welcome"),
                                                                                        ("households[]", marija.$household.id.uuidString),
                                                                                        ("households[]", family[0].$household.id.uuidString)])
        XCTAssertEqual(status, .ok)
        let (text, _) = try Self.text(ofPDF: data)
        let pages = text.components(separatedBy: "\u{0C}").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        XCTAssertEqual(pages.count, 2, "one letter per household")
        XCTAssertTrue(pages[0].contains("Marija"))
        XCTAssertTrue(pages[1].contains("Karim Al-Rina") && pages[1].contains("Samira Al-Rina"), "to the adults")
        XCTAssertFalse(pages[1].contains("Lina Al-Rina"), "never to a child")
        XCTAssertTrue(pages[1].unicodeScalars.contains { (0x0600...0x06FF).contains($0.value) }, "Arabic letter for the family")
        XCTAssertTrue(pages[0].unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) }, "Bulgarian letter for Marija")
        // Recorded for each adult it is written to.
        let recorded = try await Unscoped.query(GeneratedLetter.self, on: app.db).filter(\.$format == .batchPDF).all()
        XCTAssertEqual(Set(recorded.map(\.$person.id)), Set([marija.id!] + family.filter { $0.givenName != "Lina" }.map { $0.id! }))
        // Persons sent one by one stand for their households (older clients).
        try await officer.get("/briefe/serie")
        let (byPerson, _, personData) = try await officer.downloadPost("/briefe/serie", pairs: [("kind", "welcome")]
                                                                       + family.map { ("persons[]", $0.id!.uuidString) })
        XCTAssertEqual(byPerson, .ok)
        let (personText, _) = try Self.text(ofPDF: personData)
        XCTAssertEqual(personText.components(separatedBy: "\u{0C}").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.count, 1)
    }

    func testDocxAndTimelineAndAudit() async throws {
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        let person = try await samira()
        let (status, headers, data) = try await officer.downloadPost("/personen/\(person.id!.uuidString)/briefe/docx?art=invitation&sprache=ar&zweisprachig=on", pairs: [])
        XCTAssertEqual(status, .ok)
        XCTAssertTrue(headers.first(name: .contentDisposition)?.contains("invitation-ar.docx") ?? false)
        let archive = try Archive(data: data, accessMode: .read)
        var xml = Data()
        _ = try archive.extract(try XCTUnwrap(archive["word/document.xml"])) { xml.append($0) }
        let document = String(decoding: xml, as: UTF8.self)
        XCTAssertTrue(document.contains("Al-Rina"))
        XCTAssertTrue(document.contains("<w:bidi/>"), "Arabic paragraphs are right to left")
        XCTAssertNotNil(archive["[Content_Types].xml"])
        let timeline = try await officer.get("/personen/\(person.id!.uuidString)").body
        XCTAssertTrue(timeline.contains("Brief erstellt: Einladung zum Erstinformationsgespräch (Arabisch und Deutsch)"))
        XCTAssertTrue(timeline.contains("als Word-Datei erstellt"))
        let audit = try await app.auditEntries(action: .letterGenerated)
        XCTAssertEqual(audit.last?.recordID, person.id!.uuidString)
        XCTAssertEqual(audit.last?.detail, "invitation ar docx")
    }

    func testCantonEditsTextsWithVersionsAndChecks() async throws {
        let expert = TestClient(app)
        _ = try await expert.login("ags.fachexpertin")
        let value4 = try await expert.get("/briefvorlagen").body.contains("Briefvorlagen")
        XCTAssertTrue(value4)
        let path = "/briefvorlagen/invitation/ti"
        let form = try await expert.get(path)
        XCTAssertTrue(form.body.contains("Vorschau mit Beispieldaten"))
        XCTAssertTrue(form.body.contains("Gemeindehaus, Sitzungszimmer 1"), "preview on invented data")
        let current = try await LetterTemplate.query(on: app.db).filter(\.$kind == .invitation).filter(\.$language == .ti).first()!
        var fields: [String: String] = ["languageName": "ትግርኛ", "subject": current.subject, "salutationFemale": current.salutationFemale,
                                        "salutationMale": current.salutationMale, "salutationOther": current.salutationOther,
                                        "body": current.body + "\n\n{{person.ahvNumber}}", "closing": current.closing, "reviewStatus": "checked"]
        let bad = try await expert.post(path, fields)
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.contains("Unbekannter Platzhalter {{person.ahvNumber}}"))
        let value5 = try await LetterTemplate.query(on: app.db).filter(\.$language == .ti).filter(\.$kind == .invitation).count()
        XCTAssertEqual(value5, 1)
        fields["body"] = current.body
        let value6 = try await expert.post(path, fields).status
        XCTAssertEqual(value6, .seeOther)
        let versions = try await LetterTemplate.query(on: app.db).filter(\.$language == .ti).filter(\.$kind == .invitation).sort(\.$version).all()
        XCTAssertEqual(versions.map(\.version), [1, 2])
        XCTAssertEqual(versions.map(\.isCurrent), [false, true])
        XCTAssertEqual(versions.last?.reviewStatus, .checked)
        let value7 = try await expert.get(path).body.contains("v2")
        XCTAssertTrue(value7)
        // Municipalities may not edit the master texts.
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        let value8 = try await officer.get(path).status
        XCTAssertEqual(value8, .forbidden)
    }

    // MARK: Letters right (issue «Everyday use»)

    /// Scripts whose text pdftotext gives back in drawing order: checked by their characters and font.
    static let complexScripts: [LetterLanguage: ClosedRange<UInt32>] = [
        .ta: 0x0B80...0x0BFF, .th: 0x0E00...0x0E7F, .bo: 0x0F00...0x0FFF, .ur: 0x0600...0x06FF,
    ]

    /// The fonts each script needs, as pdffonts names them.
    static func expectedFont(_ language: LetterLanguage) -> String {
        switch language {
        case .ar, .fa, .prs, .ps: "Noto-Sans-Arabic"
        case .ur: "Noto-Nastaliq-Urdu"
        case .am, .ti: "Noto-Sans-Ethiopic"
        case .ta: "Noto-Sans-Tamil"
        case .th: "Noto-Sans-Thai"
        case .bo: "Noto-Serif-Tibetan"
        case .zh: "Noto-Sans-CJK"
        default: "Noto-Sans"
        }
    }

    /// Every script of the 30 languages: its font is in the PDF and embedded, and the fonts on the
    /// system have a glyph for every character of the text (fontconfig answers per character set).
    func testEveryLanguageHasItsFontAndEveryGlyph() async throws {
        try requirePDF()
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        let person = try await samira()
        let templates = try await LetterTemplate.query(on: app.db).filter(\.$isCurrent == true).filter(\.$kind == .invitation).all()
        XCTAssertEqual(Set(templates.map(\.language)), Set(LetterLanguage.allCases))
        for template in templates {
            let language = template.language
            let (status, _, data) = try await officer.downloadPost(
                "/personen/\(person.id!.uuidString)/briefe/pdf?art=invitation&sprache=\(language.rawValue)", pairs: [])
            XCTAssertEqual(status, .ok, language.rawValue)
            let (_, fonts) = try Self.text(ofPDF: data)
            XCTAssertTrue(fonts.contains(Self.expectedFont(language)), "\(language.rawValue): \(fonts)")
            for line in fonts.split(separator: "\n").dropFirst(2) {
                let columns = line.split(separator: " ")
                XCTAssertGreaterThanOrEqual(columns.count, 7, String(line))
                if columns.count >= 7 { XCTAssertEqual(columns[columns.count - 5], "yes", "\(language.rawValue): not embedded: \(line)") }
            }
            let text = [template.subject, template.body, template.closing, template.salutationFemale].joined(separator: " ")
            // The script's own letters must all be in one font (the script's); punctuation may come from another.
            let scalars = Set(text.unicodeScalars.filter { $0.properties.isAlphabetic && $0.value > 0x24F })
            guard !scalars.isEmpty else { continue }
            let charset = scalars.map { String($0.value, radix: 16) }.sorted().joined(separator: " ")
            let families = try Self.run("fc-list", [":charset=\(charset)", "family"])
            if families.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                let missing = try scalars.filter { try Self.run("fc-list", [":charset=\(String($0.value, radix: 16))", "family"]).isEmpty }
                XCTFail("\(language.rawValue): no glyph for \(missing.map { "U+" + String($0.value, radix: 16) }.sorted())")
            }
            let fontNames = families.split(separator: "\n").flatMap { $0.split(separator: ",") }.map { $0.replacingOccurrences(of: " ", with: "-") }
            XCTAssertTrue(fontNames.contains { fonts.contains($0) }, "\(language.rawValue): the PDF uses a font with every letter: \(fontNames)")
        }
    }

    func testTheChooserNeverLeadsToANotFoundPage() async throws {
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        let person = try await samira()
        let chooser = try await officer.get("/personen/\(person.id!.uuidString)/briefe").body
        XCTAssertTrue(chooser.contains("Persisch – فارسی"))
        XCTAssertTrue(chooser.contains("Dari – دری"))
        // Every kind in every language: the text or German with a note, never 404.
        for kind in LetterKind.allCases {
            for language in LetterLanguage.allCases {
                let page = try await officer.get("/personen/\(person.id!.uuidString)/briefe/ansicht?art=\(kind.rawValue)&sprache=\(language.rawValue)")
                XCTAssertEqual(page.status, .ok, "\(kind.rawValue)/\(language.rawValue)")
                let hasText = kind.isMultilingual || [.de, .fr, .it, .en].contains(language)
                XCTAssertEqual(page.body.contains("Für diesen Brief gibt es keinen Text auf"), !hasText, "\(kind.rawValue)/\(language.rawValue)")
            }
        }
        // What is recorded is what was made: the German letter.
        let printed = try await officer.post("/personen/\(person.id!.uuidString)/briefe/drucken?art=summons&sprache=fa")
        XCTAssertEqual(printed.status, .seeOther)
        let letter = try await Unscoped.query(GeneratedLetter.self, on: app.db).first()
        XCTAssertEqual(letter?.language, .de)
    }

    func testHouseholdLettersGoToTheAdultsAndTheSignerIsTheContact() async throws {
        // The counter clerk prints: the letter still names and is signed by the integration officer.
        let counter = TestClient(app)
        _ = try await counter.login("schalter.grenchen")
        let person = try await samira()
        let page = try await counter.get("/personen/\(person.id!.uuidString)/briefe/ansicht?art=invitation&sprache=de").body
        XCTAssertTrue(page.contains("Sehr geehrter Herr Al-Rina, sehr geehrte Frau Al-Rina"), "the adults by name")
        let window = try XCTUnwrap(page.range(of: "<div class=\"address\">")).upperBound
        let address = String(page[window...].prefix(300))
        XCTAssertTrue(address.hasPrefix("<p>Karim Al-Rina</p><p>Samira Al-Rina</p>"), address)
        XCTAssertFalse(address.contains("Lina"), "never a child")
        XCTAssertTrue(page.contains("Ihre Ansprechperson ist Nadia Keller"))
        XCTAssertTrue(page.contains("<p>Nadia Keller</p>"), "signed by the contact person")
        XCTAssertFalse(page.contains("Luca Bernasconi"), "never the clerk who printed it")
        // Phone numbers and dates do not break.
        XCTAssertTrue(page.contains("032\u{00A0}555\u{00A0}01\u{00A0}11"))
        XCTAssertTrue(page.contains("Donnerstag,\u{00A0}12.\u{00A0}September\u{00A0}2024"))
        // A letterhead naming another signer: that person everywhere.
        let derendingenIB = try await User.query(on: app.db).filter(\.$username == "ib.derendingen").first()!
        let letterhead = try await Unscoped.query(Letterhead.self, on: app.db).filter(\.$municipality.$id == person.$municipality.id).first()!
        letterhead.contactUserID = derendingenIB.id
        try await letterhead.update(on: app.db)
        let named = try await counter.get("/personen/\(person.id!.uuidString)/briefe/ansicht?art=invitation&sprache=de").body
        XCTAssertTrue(named.contains("Ihre Ansprechperson ist Claudia Roth"))
        XCTAssertTrue(named.contains("<p>Claudia Roth</p>"))
        XCTAssertFalse(named.contains("Nadia Keller"))
    }

    func testAMemberMunicipalityWritesOnItsLeadsLetterhead() async throws {
        let officer = TestClient(app)
        _ = try await officer.login("ib.derendingen")
        let ana = try await app.person(named: "Ana", "Pereira")
        let page = try await officer.get("/personen/\(ana.id!.uuidString)/briefe/ansicht?art=welcome&sprache=de").body
        XCTAssertTrue(page.contains("Einwohnergemeinde Derendingen"), "the lead's sender")
        XCTAssertTrue(page.contains("Der Briefkopf der Leitgemeinde Derendingen wird verwendet."))
        XCTAssertTrue(page.contains("<p>Claudia Roth</p>"))
    }

    func testTranslationsAreCheckedAgainstTheGermanMaster() async throws {
        let expert = TestClient(app)
        _ = try await expert.login("ags.fachexpertin")
        let matrix = try await expert.get("/briefvorlagen").body
        XCTAssertFalse(matrix.contains("weicht vom deutschen Text ab"), "every shipped translation matches its master")
        let form = try await expert.get("/briefvorlagen/invitation/fa").body
        XCTAssertTrue(form.contains("Gleiche Platzhalter und gleich viele Absätze wie der deutsche Text."))
        // A translation that drops the time and a paragraph is named on the page and in the matrix.
        let current = try await LetterTemplate.query(on: app.db).filter(\.$kind == .invitation).filter(\.$language == .fa)
            .filter(\.$isCurrent == true).first()!
        let paragraphs = current.body.components(separatedBy: "\n\n")
        let shorter = paragraphs.dropLast().joined(separator: "\n\n").replacingOccurrences(of: "{{appointment.time}}", with: "")
        let saved = try await expert.post("/briefvorlagen/invitation/fa", [
            "languageName": current.languageName, "subject": current.subject, "salutationFemale": current.salutationFemale,
            "salutationMale": current.salutationMale, "salutationOther": current.salutationOther, "body": shorter,
            "closing": current.closing, "reviewStatus": "draft"])
        XCTAssertEqual(saved.status, .seeOther)
        let checked = try await expert.get("/briefvorlagen/invitation/fa").body
        XCTAssertTrue(checked.contains("Es fehlt {{appointment.time}} in Text."))
        XCTAssertTrue(checked.contains("Der deutsche Text hat \(paragraphs.count) Absätze, diese Übersetzung \(paragraphs.count - 1)."))
        let flagged = try await expert.get("/briefvorlagen").body
        XCTAssertTrue(flagged.contains("weicht vom deutschen Text ab"))
    }

    func testTheTimelineShowsOneEntryPerLetterInGermanAndOpensItAgain() async throws {
        try requirePDF()
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        let person = try await samira()
        let base = "/personen/\(person.id!.uuidString)/briefe"
        try await officer.get("\(base)/ansicht?art=welcome&sprache=ar&zweisprachig=on")
        _ = try await officer.post("\(base)/drucken?art=welcome&sprache=ar&zweisprachig=on")
        try await officer.get("\(base)/ansicht?art=welcome&sprache=ar&zweisprachig=on")
        _ = try await officer.downloadPost("\(base)/pdf?art=welcome&sprache=ar&zweisprachig=on", pairs: [])
        let timeline = try await officer.get("/personen/\(person.id!.uuidString)").body
        XCTAssertEqual(timeline.components(separatedBy: "Brief erstellt: Willkommensbrief").count - 1, 1, "one entry per letter")
        XCTAssertTrue(timeline.contains("Brief erstellt: Willkommensbrief (Arabisch und Deutsch)"))
        XCTAssertTrue(timeline.contains("gedruckt, als PDF erstellt"))
        XCTAssertFalse(timeline.contains("PRINT"))
        XCTAssertTrue(timeline.contains("\(base)/ansicht?art=welcome&amp;sprache=ar&amp;zweisprachig=on"), "the letter opens again")
    }

    func testFormsPrintTheirFootAndFitTheirPage() async throws {
        try requirePDF()
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        let person = try await samira()
        let base = "/personen/\(person.id!.uuidString)/briefe"
        let form = try await officer.get("\(base)/ansicht?art=integration_conversation_form&sprache=de").body
        XCTAssertTrue(form.contains("Mit Ihrer Unterschrift bestätigen Sie"))
        for label in ["Ort, Datum", "Unterschrift der Person", "Unterschrift Gesprächsleitung Gemeinde", "Unterschrift der dolmetschenden Person"] {
            XCTAssertTrue(form.contains("<span class=\"sign-label\">\(label)</span>"), label)
        }
        XCTAssertFalse(form.contains("<th scope=\"row\">Ort, Datum</th>"), "the foot is not a data row")
        XCTAssertFalse(form.contains("class=\"address\""), "a form has no window address")
        let (_, _, pdf) = try await officer.downloadPost("\(base)/pdf?art=integration_conversation_form&sprache=de", pairs: [])
        let (text, _) = try Self.text(ofPDF: pdf)
        XCTAssertTrue(text.contains("Unterschrift der dolmetschenden Person"))
        XCTAssertTrue(text.contains("Mit Ihrer Unterschrift"))
        // The personal data sheet with its signature line fits one A4 page.
        let (_, _, sheet) = try await officer.downloadPost("\(base)/pdf?art=personal_data_sheet&sprache=de&zweisprachig=on", pairs: [])
        let (sheetText, _) = try Self.text(ofPDF: sheet)
        let pages = sheetText.components(separatedBy: "\u{0C}").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        XCTAssertEqual(pages.count, 1, sheetText)
        XCTAssertTrue(sheetText.contains("Unterschrift"))
    }

    /// A large batch is laid out by several processes: the joined PDF keeps the letters' order, each
    /// letter's own page numbers, the title and embedded fonts.
    func testABatchLaidOutInPartsKeepsOrderPagesAndTitle() async throws {
        try requirePDF()
        let renderer = try XCTUnwrap(app.appEnvironment.pdf as? WeasyPrint)
        // Without pypdf the script renders in one process: the parts would not be tested.
        let pypdf = Process()
        pypdf.executableURL = URL(fileURLWithPath: try XCTUnwrap(renderer.program))
        pypdf.arguments = ["-c", "import pypdf"]
        try pypdf.run()
        pypdf.waitUntilExit()
        XCTAssertEqual(pypdf.terminationStatus, 0, "pypdf is installed (requirements-pdf.txt)")
        let long = String(repeating: "<p>Dieser Absatz verlängert den Brief, damit er auf eine zweite Seite läuft.</p>", count: 45)
        let documents = (1...17).map { number in
            """
            <!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Serie – start.integration</title></head><body>\
            <article class="sheet"><span class="page-label">Seite</span><span class="running-name">Empfänger \(number)</span>\
            <p>Brief Nummer \(number) von 17</p>\(number == 9 ? long : "")</article></body></html>
            """
        }
        let stylesheet = app.directory.publicDirectory + "css/letter.css"
        let single = try await renderer.render(documents: documents, stylesheet: stylesheet, workers: 1)
        let parts = try await renderer.render(documents: documents, stylesheet: stylesheet, workers: 3)
        let (text, fonts) = try Self.text(ofPDF: parts)
        XCTAssertEqual(text, try Self.text(ofPDF: single).text, "the same text, page for page, with or without parts")
        let pages = text.components(separatedBy: "\u{0C}").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        XCTAssertEqual(pages.count, 18, "17 letters, the ninth on two pages")
        let numbers = pages.compactMap { page in (1...17).first { page.contains("Brief Nummer \($0) von") } }
        XCTAssertEqual(numbers, Array(1...17), "the letters in the order given")
        XCTAssertTrue(pages[9].contains("Empfänger 9") && (pages[9].contains("Seite\u{00A0}2") || pages[9].contains("Seite 2")), pages[9])
        XCTAssertFalse(pages[10].contains("Seite"), "the next letter starts at its own page 1")
        XCTAssertTrue(fonts.contains("Noto-Sans"), fonts)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("si-\(UUID().uuidString).pdf")
        try parts.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        XCTAssertTrue(try Self.run("pdfinfo", [url.path]).contains("Serie – start.integration"), "the title of the first part")
    }

    func testPageTwoCarriesTheNameAndPageNumber() async throws {
        try requirePDF()
        // A long text (the canton may write one): the letter runs over two pages.
        let german = try await LetterTemplate.query(on: app.db).filter(\.$kind == .welcome).filter(\.$language == .de).first()!
        german.body += String(repeating: "\n\nDieser Absatz verlängert den Brief, damit er auf eine zweite Seite läuft.", count: 30)
        try await german.update(on: app.db)
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        let person = try await samira()
        let (_, _, pdf) = try await officer.downloadPost("/personen/\(person.id!.uuidString)/briefe/pdf?art=welcome&sprache=de", pairs: [])
        let (text, _) = try Self.text(ofPDF: pdf)
        let pages = text.components(separatedBy: "\u{0C}").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        XCTAssertGreaterThanOrEqual(pages.count, 2)
        XCTAssertFalse(pages[0].contains("Seite 1"), "no header on the first page")
        XCTAssertTrue(pages[1].contains("Seite\u{00A0}2") || pages[1].contains("Seite 2"), pages[1])
        XCTAssertTrue(pages[1].prefix(400).contains("Karim Al-Rina"), "the recipient on page 2")
    }
}
