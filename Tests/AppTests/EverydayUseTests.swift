import Fluent
import XCTVapor
@testable import App
import Domain
import Persistence
@testable import Platform
import SystemAccess

/// Everyday use over HTTP: a household from the counter to the signed conversation, next steps that
/// come back, corrections with reasons, and typed data kept over an expired session.
final class EverydayUseTests: XCTestCase {
    var app: Application!
    var grenchen: Municipality!

    override func setUp() async throws {
        app = try await TestApp.make(demoPersons: false)
        grenchen = try await Municipality.query(on: app.db).filter(\.$name == "Grenchen").first()
    }
    override func tearDown() async throws { try await app.asyncShutdown(); app = nil }

    var today: CalendarDate { CalendarDate(app.clock.now()) }

    /// The Ahmadi family from Afghanistan: Dari, permit F (provisionally admitted), two adults, two children.
    static let first: [String: String] = [
        "familyName": "Ahmadi", "givenName": "Hamida", "sex": "female", "birthDate": "1990-04-02", "nationality": "AF",
        "motherTongue": "Dari", "moveInDate": "2026-10-20", "entryDate": "2024-05-01", "status": "F"]
    static let others: [[String: String]] = [
        ["givenName": "Karim", "sex": "male", "birthDate": "1986-01-15", "relationship": "partner"],
        ["givenName": "Sara", "sex": "female", "birthDate": "2013-06-30", "relationship": "child"],
        ["givenName": "Omid", "sex": "male", "birthDate": "2017-09-12", "relationship": "child"],
    ]

    func pairs(_ persons: [[String: String]], action: String) -> [(String, String)] {
        var pairs: [(String, String)] = [("municipalityID", grenchen.id!.uuidString), ("street", "Bielstrasse 8"),
                                         ("postalCode", "2540"), ("place", "Grenchen"), ("action", action)]
        for (index, person) in persons.enumerated() {
            for (key, value) in person.sorted(by: { $0.key < $1.key }) { pairs.append(("persons[\(index)][\(key)]", value)) }
        }
        return pairs
    }

    /// The family as the form sends it after «Weitere Person hinzufügen» carried the shared values over.
    var family: [[String: String]] {
        [Self.first] + Self.others.map { other in
            var person = Self.first.filter { ["familyName", "nationality", "motherTongue", "moveInDate", "entryDate", "status"].contains($0.key) }
            for (key, value) in other { person[key] = value }
            return person
        }
    }

    /// The planning form for a single conversation of these persons in some days.
    func planIn(days: Int, _ members: [Person]) -> [(String, String)] {
        [("date", today.adding(days: days).description), ("time", "10:00"), ("place", "Stadthaus"), ("format", "single")]
            + members.map { ("participants[]", $0.id!.uuidString) }
    }

    /// Registers the family and returns the household's id.
    func registerFamily(_ counter: TestClient) async throws -> UUID {
        try await counter.get("/anmeldung")
        let saved = try await counter.post("/anmeldung", pairs: pairs(family, action: "save"))
        XCTAssertEqual(saved.status, .seeOther, saved.body)
        let path = try XCTUnwrap(saved.location?.components(separatedBy: "?").first)
        return try XCTUnwrap(UUID(uuidString: String(path.split(separator: "/").last!)))
    }

    func testTheCounterRegistersAHouseholdWithCarriedOverValuesAndChecksTheAnswers() async throws {
        let counter = TestClient(app)
        _ = try await counter.login("schalter.grenchen")
        try await counter.get("/anmeldung")
        // «Weitere Person hinzufügen» without JavaScript: the new block has the shared values and the cursor.
        let added = try await counter.post("/anmeldung", pairs: pairs([Self.first], action: "addPerson"))
        XCTAssertEqual(added.status, .ok)
        XCTAssertTrue(added.body.contains(#"id="p1-familyName" name="persons[1][familyName]" value="Ahmadi""#), "family name carried over")
        XCTAssertTrue(added.body.contains(#"name="persons[1][givenName]" value="" autocomplete="off" autofocus"#), "focus on the new block")
        XCTAssertTrue(added.body.contains(#"id="p1-motherTongue" name="persons[1][motherTongue]" value="Dari""#))
        XCTAssertTrue(added.body.contains(#"id="p1-moveInDate" name="persons[1][moveInDate]" type="date" value="2026-10-20""#))
        let statusSelect = try XCTUnwrap(added.body.range(of: #"id="p1-status""#))
        XCTAssertTrue(added.body[statusSelect.lowerBound...].prefix(2000).contains(#"<option value="F" selected>"#), "permit carried over")
        XCTAssertTrue(added.body.contains("(optional)"), "optional fields are marked")
        XCTAssertTrue(added.body.contains(#"name="persons[1][relationship]""#), "the relationship is asked")
        XCTAssertFalse(added.body.contains(#"name="persons[0][relationship]""#), "not for the first person")
        XCTAssertTrue(added.body.contains(#"<template id="person-template">"#), "a script may add blocks without a round trip")

        // A further person without the relationship: a message at the field, nothing stored.
        var missing = family
        missing[1]["relationship"] = nil
        let refused = try await counter.post("/anmeldung", pairs: pairs(missing, action: "review"))
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains(#"id="p1-relationship-error""#))
        XCTAssertTrue(refused.body.contains("Bitte angeben, wie die Person zur ersten Person des Haushalts steht."))
        XCTAssertTrue(refused.body.contains(#"value="Karim""#), "typed values kept")

        // Check your answers: everything on one page, nothing stored yet.
        let review = try await counter.post("/anmeldung", pairs: pairs(family, action: "review"))
        XCTAssertEqual(review.status, .ok, review.body)
        XCTAssertTrue(review.body.contains("Angaben prüfen"))
        for text in ["Hamida", "Karim", "Sara", "Omid", "Dari", "F – vorläufig aufgenommene Person", "Partner/in", "Kind",
                     "Asyl: vorläufig aufgenommen"] {
            XCTAssertTrue(review.body.contains(text), text)
        }
        XCTAssertTrue(review.body.contains(#"name="persons[3][relationship]" value="child""#), "the answers travel as hidden fields")
        let stored = try await Unscoped.query(Person.self, on: app.db).count()
        XCTAssertEqual(stored, 0)
        // «Angaben ändern» goes back to the form with everything kept.
        let edit = try await counter.post("/anmeldung", pairs: pairs(family, action: "edit"))
        XCTAssertTrue(edit.body.contains(#"id="p3-givenName" name="persons[3][givenName]" value="Omid""#))

        // Saved: one household, four persons, one question for the card answered for all.
        let saved = try await counter.post("/anmeldung", pairs: pairs(family, action: "save"))
        XCTAssertEqual(saved.status, .seeOther)
        let page = try await counter.get(try XCTUnwrap(saved.location))
        XCTAssertTrue(page.body.contains("Anmeldung gespeichert"))
        XCTAssertTrue(page.body.contains("Wie es weitergeht"))
        XCTAssertTrue(page.body.contains("Nächster Schritt:"))
        XCTAssertTrue(page.body.contains("Triage: schriftlich oder mündlich"))
        XCTAssertFalse(page.body.contains("/termine/neu"), "the counter gets no link it may not follow")
        let persons = try await Unscoped.query(Person.self, on: app.db).sort(\.$birthDate).all()
        XCTAssertEqual(persons.map(\.givenName), ["Karim", "Hamida", "Sara", "Omid"])
        XCTAssertTrue(persons.allSatisfy { $0.permit == .f && $0.asylumStatus == .provisionallyAdmitted && $0.motherTongue == "prs" })
        XCTAssertTrue(persons.allSatisfy { $0.familyName == "Ahmadi" && $0.targetGroup == .provisionallyAdmitted })
        XCTAssertEqual(persons.map(\.relationship), [.partner, nil, .child, .child])
        XCTAssertEqual(Set(persons.map(\.$household.id)).count, 1)

        // The next registration proposes the postal code used last.
        let next = try await counter.get("/anmeldung")
        XCTAssertTrue(next.body.contains(#"id="postalCode" name="postalCode" value="2540""#))
    }

    /// The integration officer's way from the household's task list to the printed invitation and the signed record.
    func testTheTaskListLeadsFromPlanningToSignatures() async throws {
        let counter = TestClient(app)
        _ = try await counter.login("schalter.grenchen")
        let householdID = try await registerFamily(counter)
        let members = try await Unscoped.query(Person.self, on: app.db).filter(\.$household.$id == householdID).sort(\.$birthDate).all()
        let hamida = members[1]
        try await counter.get("/personen/\(hamida.id!.uuidString)/triage")
        let triaged = try await counter.post("/personen/\(hamida.id!.uuidString)/triage", [
            "triage": "oral", "reason": "Familie mit Kindern", "guide": "standard", "folderStatus": "handed_over",
            "folderDate": today.description, "folderLanguage": "other", "wholeHousehold": "on"])
        XCTAssertEqual(triaged.status, .seeOther)

        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        // The work list has one row for the household, with its next action.
        let toPlan = try await officer.get("/arbeitslisten/zu-planen").body
        XCTAssertTrue(toPlan.contains("Ahmadi"))
        XCTAssertTrue(toPlan.contains("/termine/neu?haushalt=\(householdID.uuidString)"))
        XCTAssertEqual(toPlan.components(separatedBy: "Gespräch planen</a>").count - 1, 1, "one row per household")
        let household = try await officer.get("/haushalte/\(householdID.uuidString)").body
        XCTAssertTrue(household.contains("Aufgaben des Haushalts"))
        XCTAssertTrue(household.contains("/termine/neu?haushalt=\(householdID.uuidString)"))
        // Planning proposes an interpreter in Dari through HEKS.
        let form = try await officer.get("/termine/neu?haushalt=\(householdID.uuidString)").body
        XCTAssertTrue(form.contains(#"id="interpreterNeeded" name="interpreterNeeded" type="checkbox" checked"#))
        XCTAssertTrue(form.contains(#"<option value="prs" selected>Dari</option>"#))
        XCTAssertTrue(form.contains(#"<option value="heks_linguadukt" selected>"#))
        let planned = today.adding(days: -3)
        var plan: [(String, String)] = [("date", planned.description), ("time", "09:30"), ("place", "Stadthaus Grenchen, Büro 4"),
                                         ("format", "single"), ("interpreterNeeded", "on"), ("interpreterLanguage", "prs"),
                                         ("interpreterChannel", "heks_linguadukt"), ("interpreterStatus", "requested")]
        plan += members.map { ("participants[]", $0.id!.uuidString) }
        let created = try await officer.post("/termine/neu", pairs: plan)
        XCTAssertEqual(created.status, .seeOther, created.body)
        let appointmentPath = try XCTUnwrap(created.location?.components(separatedBy: "?").first)
        let appointmentID = try XCTUnwrap(UUID(uuidString: String(appointmentPath.split(separator: "/").last!)))
        // The appointment is the hub: the next step is the invitation, in Dari and German, to the adults.
        let hub = try await officer.get(try XCTUnwrap(created.location)).body
        XCTAssertTrue(hub.contains("Nächster Schritt:"))
        XCTAssertTrue(hub.contains("Einladung erstellen (Dari und Deutsch)"))
        XCTAssertTrue(hub.contains("Dolmetschauftrag erstellen"))
        let invitation = "/personen/\(members[0].id!.uuidString)/briefe/ansicht?art=invitation&sprache=prs&zweisprachig=on&termin=\(appointmentID.uuidString)"
        XCTAssertTrue(hub.contains(invitation.replacingOccurrences(of: "&", with: "&amp;")), "the link goes to the oldest adult's letter")
        let letter = try await officer.get(invitation)
        XCTAssertEqual(letter.status, .ok, letter.body)
        XCTAssertTrue(letter.body.contains("Sehr geehrter Herr Ahmadi, sehr geehrte Frau Ahmadi"), "both adults by name")
        XCTAssertFalse(letter.body.contains("Frau Sara") || letter.body.contains("Herr Omid"), "never to a child")
        XCTAssertTrue(letter.body.contains("Karim Ahmadi") && letter.body.contains("Hamida Ahmadi"), "both adults in the address")
        XCTAssertTrue(letter.body.contains(#"lang="prs" dir="rtl""#))
        // The letter is marked printed: the checklist and the task list follow.
        let printed = try await officer.post("/personen/\(members[0].id!.uuidString)/briefe/drucken?art=invitation&sprache=prs&zweisprachig=on&termin=\(appointmentID.uuidString)")
        XCTAssertEqual(printed.status, .seeOther)
        let appointment = try await Unscoped.query(Appointment.self, on: app.db).filter(\.$id == appointmentID).first()!
        XCTAssertTrue(appointment.checklistInvitation)
        let letters = try await Unscoped.query(GeneratedLetter.self, on: app.db).all()
        XCTAssertEqual(letters.map(\.appointmentID), [appointmentID])
        let afterPrint = try await officer.get(appointmentPath).body
        XCTAssertTrue(afterPrint.contains("erstellt am \(today.swissFormat)"))

        // The interpreter order: the kind of conversation, the number of persons and the languages, no names.
        let order = try await officer.get("/personen/\(members[0].id!.uuidString)/briefe/ansicht?art=interpreter_order&sprache=de&termin=\(appointmentID.uuidString)").body
        XCTAssertTrue(order.contains("Erstinformationsgespräch"))
        XCTAssertTrue(order.contains("Anzahl Personen"))
        XCTAssertTrue(order.contains("Dari"))
        for member in members { XCTAssertFalse(order.contains(member.givenName), member.givenName) }

        // Held a day later than planned; the children need not sign.
        let conversationPath = appointmentPath + "/gespraech"
        let conversationForm = try await officer.get(conversationPath).body
        let participants = try await Unscoped.query(AppointmentParticipant.self, on: app.db).with(\.$person).all()
        for participant in participants {
            let checked = conversationForm.contains(#"id="req-\#(participant.id!.uuidString)" name="signatureRequired[\#(participant.id!.uuidString)]" type="checkbox" checked"#)
            XCTAssertEqual(checked, !Addressees.isMinor(participant.person.birthDate, today: today), participant.person.givenName)
        }
        var record: [(String, String)] = [("heldOn", planned.adding(days: 1).description), ("interpreterPresent", "on"),
                                          ("nextSteps[]", "referred_to_offers"), ("signatureRequiredShown", "1")]
        record += ConversationTopic.allCases.map { ("topics[]", $0.rawValue) }
        for participant in participants {
            let key = participant.id!.uuidString
            record.append(("attendance[\(key)]", "present"))
            record.append(("consent[\(key)]", "signature_page_only"))
            if !Addressees.isMinor(participant.person.birthDate, today: today) { record.append(("signatureRequired[\(key)]", "on")) }
        }
        let held = try await officer.post(conversationPath, pairs: record)
        XCTAssertEqual(held.status, .seeOther, held.body)
        let heldPage = try await officer.get(appointmentPath).body
        XCTAssertTrue(heldPage.contains("Gespräch vom \(planned.adding(days: 1).swissFormat)"), "the held date everywhere")
        XCTAssertTrue(heldPage.contains("Geplant war"))
        XCTAssertTrue(heldPage.contains("Unterschrift nicht nötig"))
        // Two adults' signatures are missing, the children's never.
        let missing = try await officer.get("/arbeitslisten/unterschriften").body
        XCTAssertTrue(missing.contains("2 Unterschriften fehlen"))
        XCTAssertFalse(missing.contains("Sara Ahmadi"))
        // «Heute unterschrieben»: one click per person.
        for adult in participants where !Addressees.isMinor(adult.person.birthDate, today: today) {
            try await officer.get(appointmentPath)
            let signed = try await officer.post(appointmentPath + "/unterschrift", ["participant": adult.id!.uuidString])
            XCTAssertEqual(signed.status, .seeOther)
        }
        let signatures = try await Unscoped.query(AppointmentParticipant.self, on: app.db).all()
        XCTAssertEqual(signatures.filter { $0.signatureOn == today }.count, 2)
        let none = try await officer.get("/arbeitslisten/unterschriften").body
        XCTAssertTrue(none.contains("Keine offenen Einträge."))
        let done = try await officer.get("/haushalte/\(householdID.uuidString)").body
        XCTAssertFalse(done.contains("Nächster Schritt:"), "every step is done")
        XCTAssertTrue(done.contains("Unterschriften vollständig"))
        // The timeline shows the held date, the planned one as history.
        let timeline = try await officer.get("/personen/\(members[0].id!.uuidString)").body
        XCTAssertTrue(timeline.contains(planned.adding(days: 1).swissFormat))
        XCTAssertTrue(timeline.contains("geplant für \(planned.swissFormat)"))
    }

    /// One appointment for two households: each gets its own invitation, addressed to its own adults, and the
    /// checklist's invitation is done only when both have theirs.
    func testAnAppointmentForTwoHouseholdsInvitesEachOnItsOwn() async throws {
        let counter = TestClient(app)
        _ = try await counter.login("schalter.grenchen")
        let ahmadi = try await registerFamily(counter)
        // A second household whose adult is older than the Ahmadis': the oldest invited person of the appointment.
        try await counter.get("/anmeldung")
        let single = [["familyName": "Berisha", "givenName": "Agim", "sex": "male", "birthDate": "1958-03-09", "nationality": "MK",
                       "motherTongue": "Albanisch", "moveInDate": "2026-10-20", "entryDate": "2026-10-01", "status": "B"]]
        let saved = try await counter.post("/anmeldung", pairs: pairs(single, action: "save"))
        XCTAssertEqual(saved.status, .seeOther, saved.body)
        let karim = try await app.person(named: "Karim", "Ahmadi"), agim = try await app.person(named: "Agim", "Berisha")
        let berisha = agim.$household.id

        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        try await officer.get("/termine/neu")
        let group = planIn(days: 7, [karim, agim]).map { $0.0 == "format" ? ("format", "group") : $0 } + [("groupConfirmed", "on")]
        let created = try await officer.post("/termine/neu", pairs: group)
        XCTAssertEqual(created.status, .seeOther, created.body)
        let appointmentPath = try XCTUnwrap(created.location?.components(separatedBy: "?").first)
        let appointmentID = try XCTUnwrap(UUID(uuidString: String(appointmentPath.split(separator: "/").last!)))
        func invitation(_ person: Person) -> String { "/personen/\(person.id!.uuidString)/briefe/ansicht?art=invitation" }

        let hub = try await officer.get(appointmentPath).body
        XCTAssertTrue(hub.contains(invitation(karim)), "the Ahmadis' invitation goes to their adults")
        XCTAssertTrue(hub.contains(invitation(agim)), "the Berishas' invitation to theirs")
        XCTAssertTrue(hub.contains("an Karim Ahmadi") && hub.contains("an Agim Berisha"), "each invitation names its addressee")
        // The Ahmadis' task list never offers a letter to a person of the other household.
        let tasks = try await officer.get("/haushalte/\(ahmadi.uuidString)").body
        XCTAssertTrue(tasks.contains(invitation(karim)), "the task list links the Ahmadis' own letter")
        XCTAssertFalse(tasks.contains(invitation(agim)))

        // The Ahmadis' letter printed: their step is done, the Berishas' is not, nor the appointment's checklist.
        let printed = try await officer.post("/personen/\(karim.id!.uuidString)/briefe/drucken?art=invitation&sprache=prs&zweisprachig=on&termin=\(appointmentID.uuidString)")
        XCTAssertEqual(printed.status, .seeOther, printed.body)
        func checklist() async throws -> Bool {
            try await Unscoped.query(Appointment.self, on: app.db).filter(\.$id == appointmentID).first()!.checklistInvitation
        }
        let afterFirst = try await checklist()
        XCTAssertFalse(afterFirst, "one household of two is invited")
        let berishaTasks = try await officer.get("/haushalte/\(berisha.uuidString)").body
        XCTAssertTrue(berishaTasks.contains(invitation(agim)), "the Berishas' invitation is still to do")
        let hubAfter = try await officer.get(appointmentPath).body
        XCTAssertEqual(hubAfter.components(separatedBy: "erstellt am \(today.swissFormat)").count - 1, 1, "only the Ahmadis' letter is made")

        let second = try await officer.post("/personen/\(agim.id!.uuidString)/briefe/drucken?art=invitation&sprache=de&termin=\(appointmentID.uuidString)")
        XCTAssertEqual(second.status, .seeOther, second.body)
        let afterBoth = try await checklist()
        XCTAssertTrue(afterBoth, "both households are invited")
    }

    func testASecondFirstInformationConversationNeedsAConfirmation() async throws {
        let counter = TestClient(app)
        _ = try await counter.login("schalter.grenchen")
        let householdID = try await registerFamily(counter)
        let members = try await Unscoped.query(Person.self, on: app.db).filter(\.$household.$id == householdID).all()
        for member in members { member.stage = .held; try await member.update(on: app.db) }
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        try await officer.get("/termine/neu")
        let plan = planIn(days: 7, members)
        let refused = try await officer.post("/termine/neu", pairs: plan)
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains("Bereits informiert"))
        XCTAssertTrue(refused.body.contains(#"id="confirmSecond""#))
        let none = try await Unscoped.query(Appointment.self, on: app.db).count()
        XCTAssertEqual(none, 0)
        let confirmed = try await officer.post("/termine/neu", pairs: plan + [("confirmSecond", "on")])
        XCTAssertEqual(confirmed.status, .seeOther, confirmed.body)
    }

    func testNextStepsComeBackUntilDoneAndContactsAreCorrectedOrDeletedWithAReason() async throws {
        let counter = TestClient(app)
        _ = try await counter.login("schalter.grenchen")
        let householdID = try await registerFamily(counter)
        let hamida = try await Unscoped.query(Person.self, on: app.db).filter(\.$household.$id == householdID)
            .filter(\.$givenName == "Hamida").first()!
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        let newContact = "/personen/\(hamida.id!.uuidString)/kontakte/neu"
        let form = try await officer.get(newContact).body
        XCTAssertTrue(form.contains(#"id="nextStepDue" name="nextStepDue" type="date" value="\#(today.adding(days: 7).description)""#),
                      "a due date is proposed")
        // A step without a due date: a message at the field.
        let refused = try await officer.post(newContact, ["occurredOn": today.description, "channel": "phone", "note": "Fragt nach Deutschkurs",
                                                          "nextStep": "Kursliste schicken", "nextStepDue": ""])
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains(#"id="nextStepDue-error""#))
        XCTAssertTrue(refused.body.contains("Kursliste schicken"), "typed value kept")
        // Due today: it is in the work list until someone marks it done.
        let saved = try await officer.post(newContact, ["occurredOn": today.description, "channel": "phone", "note": "Fragt nach Deutschkurs",
                                                        "nextStep": "Kursliste schicken", "nextStepDue": today.description])
        XCTAssertEqual(saved.status, .seeOther, saved.body)
        try await officer.get(newContact)
        _ = try await officer.post(newContact, ["occurredOn": today.description, "channel": "counter", "note": "Bringt Unterlagen",
                                                "nextStep": "Unterlagen prüfen", "nextStepDue": today.adding(days: 10).description])
        let due = try await officer.get("/arbeitslisten/naechste-schritte").body
        XCTAssertTrue(due.contains("Kursliste schicken"))
        XCTAssertFalse(due.contains("Unterlagen prüfen"), "not due yet")
        XCTAssertTrue(due.contains("zuständig: Nadia Keller"))
        let start = try await officer.get("/").body
        XCTAssertTrue(start.contains("Fällige nächste Schritte"))
        let task = try await Unscoped.query(NextStepTask.self, on: app.db).filter(\.$text == "Kursliste schicken").first()!
        let markedDone = try await officer.post("/naechste-schritte/\(task.id!.uuidString)/erledigt")
        XCTAssertEqual(markedDone.status, .seeOther)
        let after = try await officer.get("/arbeitslisten/naechste-schritte").body
        XCTAssertFalse(after.contains("Kursliste schicken"))
        let timeline = try await officer.get("/personen/\(hamida.id!.uuidString)").body
        XCTAssertTrue(timeline.contains("Nächster Schritt: Kursliste schicken – erledigt am \(today.swissFormat)"))
        XCTAssertTrue(timeline.contains("Nächster Schritt: Unterlagen prüfen – fällig am \(today.adding(days: 10).swissFormat), zuständig: Nadia Keller"))

        // Corrected: the contact's text changes, audited without its contents.
        let contact = try await Unscoped.query(Contact.self, on: app.db).filter(\.$note == "Bringt Unterlagen").first()!
        let editPath = "/kontakte/\(contact.id!.uuidString)/bearbeiten"
        XCTAssertTrue(timeline.contains(editPath), "the contact can be opened from the timeline")
        try await officer.get(editPath)
        let corrected = try await officer.post(editPath, ["occurredOn": today.description, "channel": "counter", "note": "Bringt Zeugnisse",
                                                          "nextStep": "Zeugnisse prüfen", "nextStepDue": today.adding(days: 10).description])
        XCTAssertEqual(corrected.status, .seeOther, corrected.body)
        let value1 = try await Unscoped.query(Contact.self, on: app.db).filter(\.$id == contact.id!).first()?.note
        XCTAssertEqual(value1, "Bringt Zeugnisse")
        let value2 = try await Unscoped.query(NextStepTask.self, on: app.db).filter(\.$contactID == contact.id).all().map(\.text)
        XCTAssertEqual(value2, ["Zeugnisse prüfen"], "the step is changed, not doubled")
        // Deleted only with a reason, which the audit trail keeps.
        let deletePath = "/kontakte/\(contact.id!.uuidString)/loeschen"
        let confirm = try await officer.get(deletePath).body
        XCTAssertTrue(confirm.contains("Grund der Löschung"))
        let withoutReason = try await officer.post(deletePath, ["reason": " "])
        XCTAssertEqual(withoutReason.status, .unprocessableEntity)
        XCTAssertTrue(withoutReason.body.contains("Bitte den Grund der Löschung angeben."))
        let still = try await Unscoped.query(Contact.self, on: app.db).count()
        XCTAssertEqual(still, 2)
        let deleted = try await officer.post(deletePath, ["reason": "Bei falscher Person erfasst"])
        XCTAssertEqual(deleted.status, .seeOther)
        let value3 = try await Unscoped.query(Contact.self, on: app.db).count()
        XCTAssertEqual(value3, 1)
        let value4 = try await Unscoped.query(NextStepTask.self, on: app.db).filter(\.$contactID == contact.id).count()
        XCTAssertEqual(value4, 0)
        let audit = try await app.auditEntries(action: .personUpdated).last
        XCTAssertEqual(audit?.recordType, "contact")
        XCTAssertEqual(audit?.detail, "Kontakt gelöscht, Grund: Bei falscher Person erfasst")
    }

    func testCancellingAnAppointmentAsksForAReason() async throws {
        let counter = TestClient(app)
        _ = try await counter.login("schalter.grenchen")
        let householdID = try await registerFamily(counter)
        let members = try await Unscoped.query(Person.self, on: app.db).filter(\.$household.$id == householdID).all()
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        try await officer.get("/termine/neu")
        let created = try await officer.post("/termine/neu", pairs: planIn(days: 7, members))
        let path = try XCTUnwrap(created.location?.components(separatedBy: "?").first)
        let hub = try await officer.get(path).body
        XCTAssertTrue(hub.contains("href=\"\(path)/absagen\""), "cancelling starts with a question, not a button")
        let question = try await officer.get(path + "/absagen").body
        XCTAssertTrue(question.contains("Soll der Termin"))
        let refused = try await officer.post(path + "/absagen", ["reason": ""])
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains("Bitte den Grund der Absage angeben."))
        let planned = try await Unscoped.query(Appointment.self, on: app.db).first()!
        XCTAssertEqual(planned.status, .planned)
        let cancelled = try await officer.post(path + "/absagen", ["reason": "Familie hat abgesagt"])
        XCTAssertEqual(cancelled.status, .seeOther)
        let page = try await officer.get(path).body
        XCTAssertTrue(page.contains("Familie hat abgesagt"))
        let value = try await Unscoped.query(Appointment.self, on: app.db).first()?.status
        XCTAssertEqual(value, .cancelled)
    }

    func testAnExpiredSessionKeepsWhatWasTyped() async throws {
        let counter = TestClient(app)
        _ = try await counter.login("schalter.grenchen")
        try await counter.get("/anmeldung")
        // The clerk types a long time; the session ends meanwhile.
        app.clock.advance(by: 2 * 3600)
        let sent = try await counter.post("/anmeldung", pairs: pairs(family, action: "save"))
        XCTAssertEqual(sent.status, .seeOther)
        let location = try XCTUnwrap(sent.location)
        XCTAssertTrue(location.hasPrefix("/login?sitzung=abgelaufen&entwurf="), location)
        let none = try await Unscoped.query(Person.self, on: app.db).count()
        XCTAssertEqual(none, 0, "nothing is stored without a session")
        let login = try await counter.get(location)
        XCTAssertTrue(login.body.contains("Ihre Sitzung ist abgelaufen."))
        XCTAssertFalse(login.body.contains("Kein Zugriff"))
        XCTAssertTrue(login.body.contains("Ihre Eingaben sind aufbewahrt"))
        // Another user logging in on this page gets nothing of it.
        let draftID = String(location.split(separator: "=").last!)
        let other = TestClient(app)
        try await other.get(location)
        let otherLogin = try await other.post("/login", ["username": "ib.grenchen", "password": TestApp.demoPassword, "entwurf": draftID])
        XCTAssertEqual(otherLogin.location, "/")
        let foreign = try await other.get("/konto/entwurf/\(draftID)")
        XCTAssertEqual(foreign.status, .notFound)
        // The same user logs in again and sends the kept form.
        let again = try await counter.post("/login", ["username": "schalter.grenchen", "password": TestApp.demoPassword, "entwurf": draftID])
        XCTAssertEqual(again.location, "/konto/entwurf/\(draftID)")
        let draft = try await counter.get(try XCTUnwrap(again.location))
        XCTAssertTrue(draft.body.contains("Ihre Eingaben sind aufbewahrt"))
        XCTAssertTrue(draft.body.contains(#"name="persons[3][givenName]" value="Omid""#))
        XCTAssertTrue(draft.body.contains(#"action="/anmeldung""#))
        let resent = try await counter.post("/anmeldung", pairs: pairs(family, action: "save"))
        XCTAssertEqual(resent.status, .seeOther)
        let stored = try await Unscoped.query(Person.self, on: app.db).count()
        XCTAssertEqual(stored, 4)
        // The draft was shown once and is gone.
        let gone = try await counter.get("/konto/entwurf/\(draftID)")
        XCTAssertEqual(gone.status, .notFound)
        // A page asked for after the timeout comes back after the login.
        app.clock.advance(by: 2 * 3600)
        let asked = try await counter.get("/arbeitslisten/zu-triagieren")
        XCTAssertEqual(asked.location, "/login?sitzung=abgelaufen&weiter=%2Farbeitslisten%2Fzu-triagieren")
        try await counter.get(try XCTUnwrap(asked.location))
        let back = try await counter.post("/login", ["username": "schalter.grenchen", "password": TestApp.demoPassword,
                                                     "weiter": "/arbeitslisten/zu-triagieren"])
        XCTAssertEqual(back.location, "/arbeitslisten/zu-triagieren")
        // Never to another host.
        try await counter.get("/")
        try await counter.post("/logout")
        try await counter.get("/login")
        let outside = try await counter.post("/login", ["username": "schalter.grenchen", "password": TestApp.demoPassword,
                                                        "weiter": "//boese.example/"])
        XCTAssertEqual(outside.location, "/")
    }

    func testMenuShowsOnlyAreasThatExist() async throws {
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        let start = try await officer.get("/").body
        // Fördern and Fordern exist now; reporting and the network do not yet.
        for path in ["/foerdern", "/fordern", "/foerdern/angebote"] {
            XCTAssertTrue(start.contains("href=\"\(path)\""), path)
            let value = try await officer.get(path).status
            XCTAssertEqual(value, .ok, path)
        }
        for path in ["/meldungen", "/berichterstattung", "/netzwerk"] {
            XCTAssertFalse(start.contains("href=\"\(path)\""), path)
            let value = try await officer.get(path).status
            XCTAssertEqual(value, .notFound, path)
        }
    }
}
