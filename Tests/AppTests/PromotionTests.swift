import Fluent
import XCTVapor
@testable import App
import Domain
import Persistence
@testable import Platform
import SystemAccess

/// Fördern, Fordern and MISA over HTTP: the Muster and Al-Rina journeys, the scope of each unit,
/// the read-only sent report, typed audit events and bad input at the field.
final class PromotionTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make() }
    override func tearDown() async throws { try await app.asyncShutdown(); app = nil }

    func id(from location: String?, after prefix: String) -> String? {
        guard let location, let range = location.range(of: prefix) else { return nil }
        return String(location[range.upperBound...].prefix(36))
    }

    var today: CalendarDate { CalendarDate(app.clock.now()) }

    // MARK: The Muster journey

    func testMusterJourneyFromTheSchoolsReportToMisasDecision() async throws {
        let muster = try await app.person(named: "M.", "Muster")
        let ib = TestClient(app)
        _ = try await ib.login("ib.derendingen")
        let school = try await Unscoped.query(RegularStructure.self, on: app.db).filter(\.$name == "Primarschule Derendingen").first()!
        let course = try await Offer.query(on: app.db).filter(\.$title == "Deutschkurs für Eltern mit Kinderbetreuung").first()!

        // Trigger: the school reports that she cannot speak German.
        _ = try await ib.get("/fordern/faelle/neu?person=\(muster.id!)")
        let opened = try await ib.post("/fordern/faelle/neu", ["personID": muster.id!.uuidString, "triggerSource": "school",
                                                               "regularStructureID": school.id!.uuidString,
                                                               "triggerNote": "Die Lehrperson kann nicht mit der Mutter sprechen.",
                                                               "triggeredOn": today.adding(days: -30).description])
        XCTAssertEqual(opened.status, .seeOther, opened.body)
        let caseID = try XCTUnwrap(id(from: opened.location, after: "/fordern/faelle/"))
        var page = try await ib.get("/fordern/faelle/\(caseID)")
        XCTAssertTrue(page.body.contains("Vorprüfung"), "the case shows its current step")

        // Pre-check: language skills concerned, maxi.
        page = try await ib.post("/fordern/faelle/\(caseID)/vorpruefung", pairs: [
            ("concerned[]", "language_skills"), ("note[language_skills]", "Versteht und spricht kein Deutsch."),
            ("languageLevel", "none"), ("conversationType", "maxi")])
        XCTAssertEqual(page.status, .seeOther, page.body)
        // Summons, planned and printed from the letters area.
        page = try await ib.post("/fordern/faelle/\(caseID)/vorladung", ["plannedOn": today.adding(days: 7).description, "time": "10:00",
                                                                         "place": "Gemeindehaus Derendingen", "interpreterLanguage": "ita"])
        XCTAssertEqual(page.status, .seeOther, page.body)
        let summons = try await ib.get("/personen/\(muster.id!)/briefe/ansicht?art=summons&sprache=de&fall=\(caseID)")
        XCTAssertEqual(summons.status, .ok, summons.body)
        XCTAssertTrue(summons.body.contains("Gemeindehaus Derendingen"), "the summons names the planned conversation")

        // The integration conversation with the measure (the parents' German course, cost refund) and the review date.
        _ = try await ib.get("/integrationsgespraeche/neu?person=\(muster.id!)&fall=\(caseID)")
        let conversation = try await ib.post("/integrationsgespraeche/neu", pairs: [
            ("personID", muster.id!.uuidString), ("caseID", caseID), ("participants[]", muster.id!.uuidString),
            ("heldOn", today.adding(days: -1).description), ("place", "Derendingen"), ("interpreterPresent", "1"),
            ("interpreterLanguage", "ita"), ("interpreterChannel", "heks_linguadukt"),
            ("need", "Frau Muster kann kein Deutsch verstehen und sprechen."),
            ("measures[0][offerID]", course.id!.uuidString), ("measures[0][title]", ""), ("measures[0][responsible]", "person"),
            ("measures[0][dueOn]", today.addingMonths(5).description), ("measures[0][status]", "registered"),
            ("measures[0][costNote]", "Kostenersatz bei der Gemeinde"),
            ("signature[\(muster.id!.uuidString)]", "signed"), ("leadSignature", "signed"), ("interpreterSignature", "signed"),
            ("reviewOn", today.adding(days: -1).addingMonths(6).description)])
        XCTAssertEqual(conversation.status, .seeOther, conversation.body)
        let conversationID = try XCTUnwrap(id(from: conversation.location, after: "/integrationsgespraeche/"))
        let measures = try await Unscoped.query(Measure.self, on: app.db).filter(\.$caseID == UUID(uuidString: caseID)!).all()
        XCTAssertEqual(measures.map(\.title), [course.title])
        XCTAssertEqual(measures.first?.costNote, "Kostenersatz bei der Gemeinde")
        // The printed form is filled from the data.
        let form = try await ib.get("/personen/\(muster.id!)/briefe/ansicht?art=integration_conversation_form&sprache=de&gespraech=\(conversationID)")
        XCTAssertEqual(form.status, .ok)
        XCTAssertTrue(form.body.contains("Frau Muster kann kein Deutsch verstehen und sprechen."))
        XCTAssertTrue(form.body.contains(course.title))

        // Review after six months: not fulfilled; the report to MISA in two clicks.
        page = try await ib.post("/fordern/faelle/\(caseID)/ueberpruefung", ["outcome": "not_fulfilled",
                                                                              "reviewNote": "Kurs abgebrochen.", "nextStep": "Meldung an MISA"])
        XCTAssertEqual(page.status, .seeOther, page.body)
        let check = try await ib.get("/fordern/faelle/\(caseID)/meldung")
        XCTAssertEqual(check.status, .ok)
        XCTAssertTrue(check.body.contains("Sprachkompetenzen"), check.body)
        let sent = try await ib.post("/fordern/faelle/\(caseID)/meldung", ["deficit": "Keine Fortschritte im Deutschkurs."])
        XCTAssertEqual(sent.status, .seeOther, sent.body)
        let report = try await Unscoped.query(DeficitReport.self, on: app.db).filter(\.$fordernCase.$id == UUID(uuidString: caseID)!).first()!
        XCTAssertEqual(report.status, .sent)
        XCTAssertEqual(report.personSignature, .signed)

        // Read-only after sending: a change of the case is refused and changes nothing.
        let change = try await ib.post("/fordern/faelle/\(caseID)/ueberpruefung", ["outcome": "fulfilled", "reviewNote": "doch erfüllt"])
        XCTAssertEqual(change.status, .conflict)
        let unchanged = try await Unscoped.query(FordernCase.self, on: app.db).filter(\.$id == UUID(uuidString: caseID)!).first()!
        XCTAssertEqual(unchanged.reviewOutcome, .notFulfilled)
        // Nor can the municipality record MISA's part.
        let forged = try await ib.post("/misa/meldungen/\(report.id!)/entscheid", ["decision": "no_measure", "decidedOn": today.description])
        XCTAssertEqual(forged.status, .forbidden)

        // MISA: the inbox, the report, the decision.
        let misa = TestClient(app)
        _ = try await misa.login("misa.sachbearbeitung")
        let inbox = try await misa.get("/misa")
        XCTAssertTrue(inbox.body.contains("Muster"))
        // The inbox records which reports it showed, so "who saw this report" finds MISA's list too.
        let listed = try await AuditRecordSet.sequences(naming: report.id!.uuidString, limit: 100, on: app.db)
        let listedEntries = try await app.auditEntries(action: .reportRead)
        XCTAssertTrue(listedEntries.contains { entry in listed.contains(entry.sequence) && entry.detail.hasPrefix("Eingang MISA") },
                      "the inbox names the report it showed")
        _ = try await misa.get("/misa/meldungen/\(report.id!)")
        let status1 = try await misa.post("/misa/meldungen/\(report.id!)/eingang")
        XCTAssertEqual(status1.status, .seeOther)
        let decided = try await misa.post("/misa/meldungen/\(report.id!)/entscheid", [
            "decision": "integration_agreement", "decidedOn": today.description,
            "validUntil": today.addingMonths(12).description, "note": "Integrationsvereinbarung: Deutschkurs A1 innert 12 Monaten."])
        XCTAssertEqual(decided.status, .seeOther, decided.body)

        // The municipality sees the outcome on its start page and on the case.
        let start = try await ib.get("/")
        XCTAssertTrue(start.body.contains("Neue Entscheide von MISA"), "the reminder is on the start page")
        page = try await ib.get("/fordern/faelle/\(caseID)")
        XCTAssertTrue(page.body.contains("Integrationsvereinbarung"))
        let status2 = try await ib.post("/fordern/meldungen/\(report.id!)/kenntnisnahme")
        XCTAssertEqual(status2.status, .seeOther)

        // Every status change is a typed audit event.
        for action: AuditAction in [.caseOpened, .casePrechecked, .caseSummoned, .integrationConversationRecorded, .measureChanged,
                                    .caseReviewed, .reportSent, .reportAcknowledged, .reportDecided, .reportDecisionSeen] {
            let entries = try await app.auditEntries(action: action)
            XCTAssertFalse(entries.isEmpty, "audited: \(action.rawValue)")
        }
    }

    /// A correction is a new report that references the first; the first stays as it was sent.
    func testACorrectionIsANewReport() async throws {
        let ib = TestClient(app)
        _ = try await ib.login("ib.derendingen")
        let first = try await Unscoped.query(DeficitReport.self, on: app.db).first()!
        let caseID = first.$fordernCase.id
        _ = try await ib.get("/fordern/faelle/\(caseID)/meldung")
        let sent = try await ib.post("/fordern/faelle/\(caseID)/meldung", ["deficit": "Korrektur: Adresse geändert."])
        XCTAssertEqual(sent.status, .seeOther, sent.body)
        let reports = try await Unscoped.query(DeficitReport.self, on: app.db).filter(\.$fordernCase.$id == caseID).sort(\.$createdAt).all()
        XCTAssertEqual(reports.count, 2)
        XCTAssertEqual(reports[1].correctsReportID, first.id)
        XCTAssertEqual(reports[0].deficit, first.deficit, "the first report is unchanged")
    }

    // MARK: The Al-Rina journey

    func testAlRinaJourneyFromTheNewcomersEventToTheConversation() async throws {
        let samira = try await app.person(named: "Samira", "Al-Rina")
        let adil = try await app.person(named: "Adil", "Al-Rina")
        let ib = TestClient(app)
        _ = try await ib.login("ib.grenchen")

        // The newcomers' event: the newcomers of the period are invited; Mrs Al-Rina comes and talks to the IB.
        _ = try await ib.get("/foerdern/anlaesse/neu")
        let created = try await ib.post("/foerdern/anlaesse/neu", [
            "title": "Neuzuzüger-Anlass", "heldOn": today.adding(days: -2).description, "time": "18:30", "place": "Parktheater",
            "movedInFrom": samira.moveInDate!.adding(days: -1).description, "movedInUntil": today.adding(days: -3).description])
        XCTAssertEqual(created.status, .seeOther, created.body)
        let eventID = try XCTUnwrap(id(from: created.location, after: "/foerdern/anlaesse/"))
        let event = try await ib.get("/foerdern/anlaesse/\(eventID)")
        XCTAssertTrue(event.body.contains("Samira"), "the newcomers of the period are invited")
        let attendance = try await ib.post("/foerdern/anlaesse/\(eventID)/teilnahme", pairs: [
            ("attended[]", samira.id!.uuidString), ("note[\(samira.id!.uuidString)]", "Fragen zur Bildung von Adil; Integrationsgespräch angezeigt.")])
        XCTAssertEqual(attendance.status, .seeOther, attendance.body)
        let timeline = try await ib.get("/personen/\(samira.id!)")
        XCTAssertTrue(timeline.body.contains("Fragen zur Bildung von Adil"), "the contact lands on her timeline")

        // The integration conversation for Mrs Al-Rina and Adil, with an Arabic interpreter.
        let form = try await ib.get("/integrationsgespraeche/neu?person=\(samira.id!)")
        XCTAssertTrue(form.body.contains(today.addingMonths(6).description), "the review date defaults to six months later")
        let saved = try await ib.post("/integrationsgespraeche/neu", pairs: [
            ("personID", samira.id!.uuidString), ("participants[]", samira.id!.uuidString), ("participants[]", adil.id!.uuidString),
            ("heldOn", today.description), ("place", "Stadthaus Grenchen"), ("interpreterPresent", "1"), ("interpreterLanguage", "ara"),
            ("interpreterChannel", "heks_linguadukt"), ("need", "Bildung für Adil; Deutsch für Frau Al-Rina."),
            ("goals[0][personID]", adil.id!.uuidString), ("goals[0][theme]", "education_and_work"), ("goals[0][text]", "Integrationsjahr"),
            ("goals[1][personID]", samira.id!.uuidString), ("goals[1][theme]", "learning_german"), ("goals[1][text]", "Deutsch A2"),
            ("measurePersons[0]", adil.id!.uuidString), ("measures[0][title]", "Anmeldung Integrationsjahr"),
            ("measures[0][responsible]", "officer"), ("measures[0][dueOn]", today.addingMonths(3).description), ("measures[0][status]", "proposed"),
            ("signature[\(samira.id!.uuidString)]", "signed"), ("signature[\(adil.id!.uuidString)]", "signed"),
            ("leadSignature", "signed"), ("interpreterSignature", "pending"), ("reviewOn", today.addingMonths(6).description)])
        XCTAssertEqual(saved.status, .seeOther, saved.body)
        let conversationID = UUID(uuidString: try XCTUnwrap(id(from: saved.location, after: "/integrationsgespraeche/")))!
        let participants = try await Unscoped.query(IntegrationParticipant.self, on: app.db).filter(\.$conversation.$id == conversationID).all()
        XCTAssertEqual(Set(participants.map(\.$person.id)), [samira.id!, adil.id!])
        let goals = try await Unscoped.query(Goal.self, on: app.db).filter(\.$conversationID == conversationID).all()
        XCTAssertEqual(Set(goals.map(\.$person.id)), [samira.id!, adil.id!])
        let stored = try await Unscoped.query(IntegrationConversation.self, on: app.db).filter(\.$id == conversationID).first()!
        XCTAssertEqual(stored.interpreterLanguage, "ara")
        XCTAssertEqual(stored.reviewOn, today.addingMonths(6))
        // The interpreter signs afterwards, one click.
        let signed = try await ib.post("/integrationsgespraeche/\(conversationID)/unterschriften", ["who": "interpreter", "state": "signed"])
        XCTAssertEqual(signed.status, .seeOther)
        let after = try await Unscoped.query(IntegrationConversation.self, on: app.db).filter(\.$id == conversationID).first()!
        XCTAssertEqual(after.interpreterSignature, .signed)
        // It counts for the half-year figures, with interpreter.
        let overview = try await ib.get("/foerdern")
        XCTAssertEqual(overview.status, .ok)
    }

    /// The newcomers' event invites its guests' households with one batch: the event's date and place in the letter.
    func testEventInvitationsGoToTheGuestsHouseholds() async throws {
        let event = try await Unscoped.query(MunicipalEvent.self, on: app.db).filter(\.$title == "Neuzuzüger-Anlass Grenchen").first()!
        let samira = try await app.person(named: "Samira", "Al-Rina")
        let ib = TestClient(app)
        _ = try await ib.login("ib.grenchen")
        let form = try await ib.get("/briefe/serie?art=event_invitation&alle=1&anlass=\(event.id!)")
        XCTAssertEqual(form.status, .ok)
        XCTAssertTrue(form.body.contains("Neuzuzüger-Anlass Grenchen"))
        XCTAssertTrue(form.body.contains("Samira Al-Rina"), "the guests' households are offered")
        XCTAssertFalse(form.body.contains("Ivanova"), "only the event's guests")
        // Another municipality's event is not found.
        let derendingen = TestClient(app)
        _ = try await derendingen.login("ib.derendingen")
        let foreign = try await derendingen.get("/briefe/serie?art=event_invitation&anlass=\(event.id!)")
        XCTAssertEqual(foreign.status, .notFound)
        // Without the event the invitation is refused at the field.
        let missing = try await ib.post("/briefe/serie", pairs: [("kind", "event_invitation"), ("households[]", samira.$household.id.uuidString)])
        XCTAssertEqual(missing.status, .unprocessableEntity)
        XCTAssertTrue(missing.body.contains(app.localizer.text("letters.eventMissing")))
        guard app.appEnvironment.pdf.isAvailable else {
            if ProcessInfo.processInfo.environment["REQUIRE_PDF"] == "1" { XCTFail("WeasyPrint is missing") }
            return
        }
        _ = try await ib.get("/briefe/serie?art=event_invitation&anlass=\(event.id!)")
        let (status, _, data) = try await ib.downloadPost("/briefe/serie", pairs: [("kind", "event_invitation"), ("event", event.id!.uuidString),
                                                                                   ("households[]", samira.$household.id.uuidString)])
        XCTAssertEqual(status, .ok)
        let text = try Self.pdfText(data)
        XCTAssertTrue(text.contains("Parktheater"), "the event's place: \(text)")
        XCTAssertTrue(text.contains("18:30"), "the event's time")
    }

    static func pdfText(_ data: Data) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("event-\(UUID().uuidString).pdf")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
        process.arguments = [file.path, "-"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }

    // MARK: Scope

    func testEachUnitSeesOnlyWhatItMay() async throws {
        let musterCase = try await Unscoped.query(FordernCase.self, on: app.db).first()!
        let report = try await Unscoped.query(DeficitReport.self, on: app.db).first()!
        let alRinaConversation = try await Unscoped.query(IntegrationConversation.self, on: app.db).filter(\.$place == "Stadthaus Grenchen")
            .sort(\.$heldOn).first()!

        // Grenchen sees no Derendingen case and no Derendingen regional offer.
        let grenchen = TestClient(app)
        _ = try await grenchen.login("ib.grenchen")
        let status3 = try await grenchen.get("/fordern/faelle/\(musterCase.id!)")
        XCTAssertEqual(status3.status, .notFound)
        let status4 = try await grenchen.get("/fordern/meldungen/\(report.id!)/formular.pdf")
        XCTAssertEqual(status4.status, .notFound)
        let offers = try await grenchen.get("/foerdern/angebote")
        XCTAssertTrue(offers.body.contains("Sprachtreff Grenchen"))
        XCTAssertTrue(offers.body.contains("Integrationsjahr"), "the canton's offers")
        XCTAssertFalse(offers.body.contains("Deutschkurs für Eltern mit Kinderbetreuung"), "not another region's offers")

        // MISA: only reports sent to it; never the case, the conversation or another report.
        let misa = TestClient(app)
        _ = try await misa.login("misa.sachbearbeitung")
        let status5 = try await misa.get("/fordern/faelle/\(musterCase.id!)")
        XCTAssertEqual(status5.status, .forbidden)
        let status6 = try await misa.get("/integrationsgespraeche/\(alRinaConversation.id!)")
        XCTAssertEqual(status6.status, .forbidden)
        let status7 = try await misa.get("/personen/\(musterCase.$person.id)")
        XCTAssertEqual(status7.status, .forbidden)
        let draft = DeficitReport()
        draft.$fordernCase.id = musterCase.id!
        draft.$municipality.id = musterCase.$municipality.id
        draft.municipalityName = "Derendingen"
        draft.personName = "Entwurf Person"
        draft.birthDate = CalendarDate(year: 1990, month: 1, day: 1)!
        draft.nationality = "IT"
        draft.address = "–"
        draft.criteriaText = ""
        draft.deficit = ""
        draft.measures = ""
        draft.outcome = ""
        draft.conversationOn = CalendarDate(year: 2024, month: 10, day: 8)!
        draft.personSignature = .pending
        draft.status = .draft
        try await draft.create(on: app.db)
        let inbox = try await misa.get("/misa")
        XCTAssertTrue(inbox.body.contains("Muster"))
        XCTAssertFalse(inbox.body.contains("Entwurf Person"), "a draft never reaches MISA")
        let status8 = try await misa.get("/misa/meldungen/\(draft.id!)")
        XCTAssertEqual(status8.status, .notFound)
        // A decision on a report not sent to MISA is refused and stores nothing.
        let status9 = try await misa.post("/misa/meldungen/\(draft.id!)/entscheid",
                                           ["decision": "warning", "decidedOn": today.description])
        XCTAssertEqual(status9.status, .notFound)
        let stillDraft = try await Unscoped.query(DeficitReport.self, on: app.db).filter(\.$id == draft.id!).first()!
        XCTAssertNil(stillDraft.decision)

        // AGS: offers, but no conversation contents.
        let ags = TestClient(app)
        _ = try await ags.login("ags.fachexpertin")
        let status10 = try await ags.get("/foerdern/angebote")
        XCTAssertEqual(status10.status, .ok)
        let status11 = try await ags.get("/integrationsgespraeche/\(alRinaConversation.id!)")
        XCTAssertEqual(status11.status, .forbidden)
    }

    // MARK: Bad input

    func testBadInputIsRefusedAtTheFieldAndStoresNothing() async throws {
        let samira = try await app.person(named: "Samira", "Al-Rina")
        let ib = TestClient(app)
        _ = try await ib.login("ib.grenchen")
        let conversationsBefore = try await Unscoped.query(IntegrationConversation.self, on: app.db).count()
        let measuresBefore = try await Unscoped.query(Measure.self, on: app.db).count()

        // A review date before the conversation, and a measure without a responsible party.
        _ = try await ib.get("/integrationsgespraeche/neu?person=\(samira.id!)")
        let refused = try await ib.post("/integrationsgespraeche/neu", pairs: [
            ("personID", samira.id!.uuidString), ("participants[]", samira.id!.uuidString), ("heldOn", today.description),
            ("place", "Stadthaus"), ("need", "Deutsch lernen – getippter Text bleibt"), ("measures[0][title]", "Sprachtreff"),
            ("measures[0][dueOn]", today.addingMonths(2).description), ("measures[0][status]", "proposed"),
            ("leadSignature", "signed"), ("reviewOn", today.adding(days: -10).description)])
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains("Deutsch lernen – getippter Text bleibt"), "what was typed is kept")
        XCTAssertTrue(refused.body.contains(app.localizer.text("conversations.reviewBeforeConversation")))
        XCTAssertTrue(refused.body.contains(app.localizer.text("measures.responsibleRequired")))
        XCTAssertTrue(refused.body.contains(#"id="reviewOn""#) && refused.body.contains(#"aria-invalid="true""#))

        // A measure without a responsible party on its own form.
        _ = try await ib.get("/personen/\(samira.id!)/massnahmen/neu")
        let measure = try await ib.post("/personen/\(samira.id!)/massnahmen/neu", ["title": "Kurs", "dueOn": today.addingMonths(1).description,
                                                                                    "status": "proposed"])
        XCTAssertEqual(measure.status, .unprocessableEntity)
        XCTAssertTrue(measure.body.contains(app.localizer.text("measures.responsibleRequired")))

        // A report without a recorded integration conversation (and without signature or refusal).
        _ = try await ib.get("/fordern/faelle/neu?person=\(samira.id!)")
        let opened = try await ib.post("/fordern/faelle/neu", ["personID": samira.id!.uuidString, "triggerSource": "counter",
                                                               "triggerNote": "Hinweis am Schalter", "triggeredOn": today.description])
        let caseID = try XCTUnwrap(id(from: opened.location, after: "/fordern/faelle/"))
        _ = try await ib.post("/fordern/faelle/\(caseID)/vorpruefung", pairs: [
            ("concerned[]", "language_skills"), ("note[language_skills]", "kein Deutsch"), ("conversationType", "midi")])
        let report = try await ib.post("/fordern/faelle/\(caseID)/meldung", ["deficit": "Mein Text"])
        XCTAssertEqual(report.status, .unprocessableEntity)
        XCTAssertTrue(report.body.contains(app.localizer.text("reports.problem.no_conversation")))
        XCTAssertTrue(report.body.contains("Mein Text"))
        let reports = try await Unscoped.query(DeficitReport.self, on: app.db).filter(\.$fordernCase.$id == UUID(uuidString: caseID)!).count()
        XCTAssertEqual(reports, 0)

        // A conversation without the person's signature: the report names the missing signature.
        _ = try await ib.post("/integrationsgespraeche/neu", pairs: [
            ("personID", samira.id!.uuidString), ("caseID", caseID), ("participants[]", samira.id!.uuidString), ("heldOn", today.description),
            ("place", "Stadthaus"), ("need", "Deutsch"), ("signature[\(samira.id!.uuidString)]", "pending"), ("leadSignature", "signed"),
            ("reviewOn", today.addingMonths(6).description)])
        let unsigned = try await ib.post("/fordern/faelle/\(caseID)/meldung", ["deficit": "Mein Text"])
        XCTAssertEqual(unsigned.status, .unprocessableEntity)
        XCTAssertTrue(unsigned.body.contains(app.localizer.text("reports.problem.no_signature_or_refusal")))

        // An offer valid until before it starts.
        _ = try await ib.get("/foerdern/angebote/neu")
        let offer = try await ib.post("/foerdern/angebote/neu", pairs: [
            ("level", "municipality"), ("title", "Velokurs für Frauen"), ("provider", "Pro Velo"), ("themes[]", "leisure_and_social_integration"),
            ("audiences[]", "women"), ("place", "Grenchen"), ("schedule", "Samstag"), ("cost", "gratis"),
            ("validFrom", "2025-05-01"), ("validUntil", "2025-04-01")])
        XCTAssertEqual(offer.status, .unprocessableEntity, offer.body)
        XCTAssertTrue(offer.body.contains(app.localizer.text("offers.untilBeforeFrom")))
        XCTAssertTrue(offer.body.contains("Velokurs für Frauen"))
        let offers = try await Offer.query(on: app.db).filter(\.$title == "Velokurs für Frauen").count()
        XCTAssertEqual(offers, 1 - 1)

        // A MISA decision without a choice, and valid until before the decision.
        let misa = TestClient(app)
        _ = try await misa.login("misa.sachbearbeitung")
        let sent = try await Unscoped.query(DeficitReport.self, on: app.db).filter(\.$status != .draft).first()!
        _ = try await misa.get("/misa/meldungen/\(sent.id!)")
        let decision = try await misa.post("/misa/meldungen/\(sent.id!)/entscheid", ["decidedOn": today.description,
                                                                                     "validUntil": today.adding(days: -1).description,
                                                                                     "note": "Notiz bleibt"])
        XCTAssertEqual(decision.status, .unprocessableEntity)
        XCTAssertTrue(decision.body.contains("Notiz bleibt"))
        XCTAssertTrue(decision.body.contains(app.localizer.text("misa.validBeforeDecision")))

        let conversationsAfter = try await Unscoped.query(IntegrationConversation.self, on: app.db).count()
        let measuresAfter = try await Unscoped.query(Measure.self, on: app.db).count()
        XCTAssertEqual(conversationsAfter, conversationsBefore + 1, "only the valid conversation was stored")
        XCTAssertEqual(measuresAfter, measuresBefore)
    }

    /// The reminders on the IB's start page: a review due within 14 days (demo data), overdue measures.
    func testRemindersOnTheStartPage() async throws {
        let ib = TestClient(app)
        _ = try await ib.login("ib.grenchen")
        let start = try await ib.get("/")
        XCTAssertTrue(start.body.contains(app.localizer.text("reminders.reviewsDue")))
        let list = try await ib.get("/fordern/erinnerungen/ueberpruefungen")
        XCTAssertEqual(list.status, .ok)
        XCTAssertTrue(list.body.contains("Gebremedhin"), "the demo's review due within 14 days")
        let overdue = try await ib.get("/fordern/erinnerungen/massnahmen")
        XCTAssertTrue(overdue.body.contains("Al-Rina"), "the Al-Rina measures of 2025 are overdue")
    }
}
