import Fluent
import XCTVapor
@testable import App
import Domain
import Persistence
@testable import Platform
import SystemAccess

/// The seeds' journeys through Informieren, over HTTP as the users do them.
final class InformierenJourneyTests: XCTestCase {
    var app: Application!
    var grenchen: Municipality!

    override func setUp() async throws {
        app = try await TestApp.make(demoPersons: false)
        grenchen = try await Municipality.query(on: app.db).filter(\.$name == "Grenchen").first()
    }
    override func tearDown() async throws { try await app.asyncShutdown(); app = nil }

    static let alRina: [[String: String]] = [
        ["familyName": "Al-Rina", "givenName": "Karim", "sex": "male", "birthDate": "1981-03-14", "nationality": "SY",
         "motherTongue": "ara", "germanLevel": "A1", "entryDate": "2023-05-10", "moveInDate": "2024-08-15", "permit": "B",
         "asylumStatus": "recognised_refugee", "socialAssistance": "on"],
        ["familyName": "Al-Rina", "givenName": "Samira", "sex": "female", "birthDate": "1985-11-02", "nationality": "SY",
         "motherTongue": "ara", "germanLevel": "none", "entryDate": "2023-05-10", "moveInDate": "2024-08-15", "permit": "B",
         "asylumStatus": "recognised_refugee", "socialAssistance": "on", "focusNote": "Deutsch lernen; Bildungsweg von Adil"],
        ["familyName": "Al-Rina", "givenName": "Adil", "sex": "male", "birthDate": "2007-06-21", "nationality": "SY",
         "motherTongue": "ara", "germanLevel": "A2", "entryDate": "2023-05-10", "moveInDate": "2024-08-15", "permit": "B",
         "asylumStatus": "recognised_refugee", "socialAssistance": "on"],
        ["familyName": "Al-Rina", "givenName": "Lina", "sex": "female", "birthDate": "2015-09-03", "nationality": "SY",
         "motherTongue": "ara", "entryDate": "2023-05-10", "moveInDate": "2024-08-15", "permit": "B",
         "asylumStatus": "recognised_refugee", "socialAssistance": "on"],
    ]

    func registrationPairs(municipality: Municipality, street: String, postalCode: String, place: String,
                           persons: [[String: String]], extra: [(String, String)] = []) -> [(String, String)] {
        var pairs: [(String, String)] = [("municipalityID", municipality.id!.uuidString), ("street", street),
                                         ("postalCode", postalCode), ("place", place), ("action", "save")]
        for (index, person) in persons.enumerated() {
            var person = person
            // Further persons say how they relate to the first one: a partner, or a child born after 2005.
            if index > 0, person["relationship"] == nil {
                person["relationship"] = (person["birthDate"] ?? "") > "2005" ? "child" : "partner"
            }
            for (key, value) in person.sorted(by: { $0.key < $1.key }) { pairs.append(("persons[\(index)][\(key)]", value)) }
        }
        return pairs + extra
    }

    func register(_ client: TestClient, _ persons: [[String: String]], street: String = "Bettlachstrasse 12",
                  extra: [(String, String)] = []) async throws -> TestClient.Page {
        try await client.get("/anmeldung")
        return try await client.post("/anmeldung", pairs: registrationPairs(municipality: grenchen, street: street, postalCode: "2540",
                                                                           place: "Grenchen", persons: persons, extra: extra))
    }

    func testTheAlRinaJourney() async throws {
        // Registration at the counter.
        let counter = TestClient(app)
        _ = try await counter.login("schalter.grenchen")
        let registered = try await register(counter, Self.alRina)
        XCTAssertEqual(registered.status, .seeOther, registered.body)
        let householdPath = try XCTUnwrap(registered.location?.components(separatedBy: "?").first)
        let household = try await counter.get(try XCTUnwrap(registered.location))
        XCTAssertTrue(household.body.contains("Die Anmeldung ist gespeichert."))
        XCTAssertTrue(household.body.contains("Samira Al-Rina"))
        XCTAssertTrue(household.body.contains("Asyl: anerkannte/r Flüchtling"))
        let samira = try await app.person(named: "Samira", "Al-Rina")
        XCTAssertEqual(samira.targetGroup, .recognisedRefugee)
        XCTAssertEqual(samira.nameKey, NameFolding.key("Al-RinaSamira"))
        let value1 = try await app.auditEntries(action: .personCreated).filter { $0.actorUsername == "schalter.grenchen" }.count
        XCTAssertEqual(value1, 4)

        // Triage for the whole household: oral, social-assistance guide proposed, folder handed over.
        let triageForm = try await counter.get("/personen/\(samira.id!.uuidString)/triage")
        XCTAssertTrue(triageForm.body.contains("<option value=\"social_assistance\" selected>"), "guide proposed from social assistance")
        let triage = try await counter.post("/personen/\(samira.id!.uuidString)/triage", [
            "triage": "oral", "reason": "Familie mit Kindern; Fokus Deutsch und Bildung", "guide": "social_assistance",
            "folderStatus": "handed_over", "folderDate": "2024-08-20", "folderLanguage": "other", "wholeHousehold": "on"])
        XCTAssertEqual(triage.status, .seeOther)
        let value2 = try await Unscoped.query(TriageDecision.self, on: app.db).filter(\.$triage == .oral).count()
        XCTAssertEqual(value2, 4)

        // Planning by the integration officer: a group conversation of the family with an Arabic interpreter.
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        let toPlan = try await officer.get("/arbeitslisten/zu-planen")
        XCTAssertTrue(toPlan.body.contains("Al-Rina") && toPlan.body.contains("Karim ("), "one row for the household")
        XCTAssertTrue(toPlan.body.contains("Einträge: 4"))
        let planForm = try await officer.get("/termine/neu?haushalt=\(samira.$household.id.uuidString)")
        XCTAssertTrue(planForm.body.contains("<option value=\"ara\" selected>Arabisch</option>"), "interpreter language proposed")
        let family = try await Unscoped.query(Person.self, on: app.db).filter(\.$familyName == "Al-Rina").all()
        var pairs: [(String, String)] = [
            ("date", "2024-09-12"), ("time", "14:00"), ("place", "Stadthaus Grenchen, Sitzungszimmer 2"), ("format", "group"),
            ("interpreterNeeded", "on"), ("interpreterLanguage", "ara"), ("interpreterChannel", "heks_linguadukt"),
            ("interpreterStatus", "confirmed"), ("interpreterName", "Y. Haddad"), ("checklistFolder", "on"),
            ("checklistInvitation", "on"), ("checklistInterpreter", "on")]
        pairs += family.map { ("participants[]", $0.id!.uuidString) }
        let planned = try await officer.post("/termine/neu", pairs: pairs)
        XCTAssertEqual(planned.status, .seeOther, planned.body)
        let appointmentPath = try XCTUnwrap(planned.location?.components(separatedBy: "?").first)
        let appointmentPage = try await officer.get(appointmentPath)
        XCTAssertTrue(appointmentPage.body.contains("Arabisch · HEKS Linguadukt · bestätigt · Y. Haddad"))
        let upcoming = try await officer.get("/arbeitslisten/termine")
        XCTAssertTrue(upcoming.body.contains("Stadthaus Grenchen"))
        let value3 = try await officer.get("/arbeitslisten/zu-planen").body.contains("Einträge: 0")
        XCTAssertTrue(value3)

        // The conversation: topics, focus, interpreter, signatures (not the child's), next steps.
        let conversationPath = appointmentPath + "/gespraech"
        try await officer.get(conversationPath)
        let participants = try await Unscoped.query(AppointmentParticipant.self, on: app.db).with(\.$person).all()
        var record: [(String, String)] = [
            ("heldOn", "2024-09-12"), ("focusNotes", "Deutschkurs für Frau Al-Rina; Weg zur Ausbildung für Adil (Integrationsjahr)"),
            ("interpreterPresent", "on"), ("nextSteps[]", "referred_to_offers"), ("nextSteps[]", "follow_up_conversation"),
            ("nextStepNote", "Anmeldung Deutschkurs; Folgegespräch im November"), ("nextStepDue", "2024-11-15")]
        record += ConversationTopic.allCases.map { ("topics[]", $0.rawValue) }
        for participant in participants {
            let key = participant.id!.uuidString
            record.append(("attendance[\(key)]", "present"))
            record.append(("signatureOn[\(key)]", ["Lina", "Karim"].contains(participant.person.givenName) ? "" : "2024-09-12"))
            record.append(("consent[\(key)]", participant.person.givenName == "Samira" ? "whole_guide" : "signature_page_only"))
        }
        let held = try await officer.post(conversationPath, pairs: record)
        XCTAssertEqual(held.status, .seeOther, held.body)
        let value4 = try await Unscoped.query(Conversation.self, on: app.db).count()
        XCTAssertEqual(value4, 1)

        // Everything on Samira's timeline; Karim's signature is missing in the work list, the child Lina need not sign.
        let timeline = try await officer.get("/personen/\(samira.id!.uuidString)").body
        for text in ["Erstinformationsgespräch geführt", "Themen: Rechte und Pflichten, Leben in der Gemeinde, Deutsch lernen",
                     "Verbleib: an Angebote vermittelt, Folgegespräch", "Unterschrift am 12.09.2024", "ganzer Gesprächsleitfaden",
                     "Dolmetschen: Arabisch", "Triage: mündliche Erstinformation", "Erstinformationsmappe abgegeben",
                     "Anmeldung am Schalter erfasst", "mit Dolmetschenden"] {
            XCTAssertTrue(timeline.contains(text), text)
        }
        let signatures = try await officer.get("/arbeitslisten/unterschriften").body
        XCTAssertTrue(signatures.contains("Karim Al-Rina"))
        XCTAssertFalse(signatures.contains("Lina Al-Rina"), "a child need not sign")
        XCTAssertFalse(signatures.contains("Samira Al-Rina"))
        let start = try await officer.get("/").body
        XCTAssertTrue(start.contains("Fehlende Unterschriften"))

        // The other municipality sees none of it: not by list, search or URL.
        let derendingen = TestClient(app)
        _ = try await derendingen.login("ib.derendingen")
        let value5 = try await derendingen.get("/personen").body.contains("Al-Rina")
        XCTAssertFalse(value5)
        let search = try await derendingen.post("/personen/suche", ["name": "Al-Rina"])
        XCTAssertTrue(search.body.contains("Treffer: 0"))
        let value6 = try await derendingen.get("/personen/\(samira.id!.uuidString)").status
        XCTAssertEqual(value6, .notFound)
        let value7 = try await derendingen.get(householdPath).status
        XCTAssertEqual(value7, .notFound)
        let value8 = try await derendingen.get(appointmentPath).status
        XCTAssertEqual(value8, .notFound)
        let value9 = try await derendingen.get(conversationPath).status
        XCTAssertEqual(value9, .notFound)
        let value10 = try await derendingen.post("/personen/\(samira.id!.uuidString)/triage", ["triage": "written", "reason": "x",
                                                                                                 "guide": "standard", "folderStatus": "not_yet"]).status
        XCTAssertEqual(value10, .notFound)
        let value11 = try await derendingen.get("/arbeitslisten/unterschriften").body.contains("Al-Rina")
        XCTAssertFalse(value11)
        let value12 = try await AuditLog.verify(on: app.db, keys: app.auditKeys).isIntact
        XCTAssertTrue(value12)
    }

    func testTheIvanovaJourneyWithoutConversation() async throws {
        let counter = TestClient(app)
        _ = try await counter.login("schalter.grenchen")
        let marija: [String: String] = ["familyName": "Ivanova", "givenName": "Marija", "sex": "female", "birthDate": "1990-04-18",
                                        "nationality": "BG", "motherTongue": "bul", "germanLevel": "A2", "entryDate": "2024-03-01",
                                        "moveInDate": "2024-03-01", "permit": "B", "asylumStatus": "none"]
        let value13 = try await register(counter, [marija], street: "Kirchstrasse 5").status
        XCTAssertEqual(value13, .seeOther)
        let person = try await app.person(named: "Marija", "Ivanova")
        XCTAssertEqual(person.targetGroup, .euEfta)
        let value14 = try await counter.get("/arbeitslisten/zu-triagieren").body
        XCTAssertTrue(value14.contains("Ivanova") && value14.contains("Marija ("), "her household in the list")
        try await counter.get("/personen/\(person.id!.uuidString)/triage")
        try await counter.post("/personen/\(person.id!.uuidString)/triage", [
            "triage": "written", "reason": "Arbeitet Vollzeit, möchte schriftliche Information", "guide": "standard",
            "folderStatus": "sent", "folderDate": "2024-03-05", "folderLanguage": "en"])
        let value15 = try await counter.get("/arbeitslisten/zu-triagieren").body.contains("Ivanova")
        XCTAssertFalse(value15)

        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        let contacts: [[String: String]] = [
            ["occurredOn": "2024-11-04", "channel": "counter", "note": "Kontakt A: fragt am Schalter nach Weiterbildungsmöglichkeiten.",
             "nextStep": "Übersicht Weiterbildungen abgegeben", "nextStepDue": "2024-11-11"],
            ["occurredOn": "2024-11-12", "channel": "third_party", "note": "Kontakt B: Hinweis am Sprachtreff, dass sie sich zurückgezogen hat.",
             "nextStep": "Bei nächster Gelegenheit ansprechen", "nextStepDue": "2024-11-26"],
            ["occurredOn": "2024-11-20", "channel": "phone", "note": "Kontakt C: bietet an, die bulgarische Community über Arbeit zu informieren.",
             "nextStep": "Treffen zur Zusammenarbeit vereinbaren", "nextStepDue": "2024-12-04"],
        ]
        for contact in contacts {
            try await officer.get("/personen/\(person.id!.uuidString)/kontakte/neu")
            let value16 = try await officer.post("/personen/\(person.id!.uuidString)/kontakte/neu", contact).status
            XCTAssertEqual(value16, .seeOther)
        }
        let timeline = try await officer.get("/personen/\(person.id!.uuidString)").body
        for text in ["Kontakt: am Schalter", "Kontakt: Information von Dritten", "Kontakt: Telefon",
                     "Nächster Schritt: Treffen zur Zusammenarbeit vereinbaren", "Triage: schriftliche Erstinformation",
                     "Erstinformationsmappe versandt"] {
            XCTAssertTrue(timeline.contains(text), text)
        }
        XCTAssertFalse(timeline.contains("Erstinformationsgespräch geführt"))
        // Newest first: contact C before contact A.
        let c = try XCTUnwrap(timeline.range(of: "Kontakt C"))
        let a = try XCTUnwrap(timeline.range(of: "Kontakt A"))
        XCTAssertLessThan(c.lowerBound, a.lowerBound)
        let value17 = try await officer.get("/arbeitslisten/zu-planen").body.contains("Ivanova")
        XCTAssertFalse(value17)
    }

    func testBadRegistrationInputStoresNothing() async throws {
        let counter = TestClient(app)
        _ = try await counter.login("schalter.grenchen")
        var person = Self.alRina[1]
        let cases: [(String, String, String)] = [
            ("birthDate", "2099-01-01", "Das Geburtsdatum liegt in der Zukunft."),
            ("birthDate", "1899-05-05", "Das Geburtsdatum liegt vor 1900."),
            ("birthDate", "2024-02-30", "Bitte ein gültiges Datum eingeben"),
            ("moveInDate", "2023-01-01", "Der Zuzug in die Gemeinde liegt vor der Einreise in die Schweiz."),
            ("permit", "X", "Unbekannter Ausweis."),
            ("nationality", "ZZ", "Bitte wählen Sie einen Eintrag aus der Liste."),
            ("familyName", "", "Bitte ausfüllen."),
        ]
        for (field, value, message) in cases {
            person = Self.alRina[1]
            person[field] = value
            let page = try await register(counter, [person])
            XCTAssertEqual(page.status, .unprocessableEntity, field)
            XCTAssertTrue(page.body.contains(message), "\(field): \(message)")
            XCTAssertTrue(page.body.contains("id=\"p0-\(field)-error\""), field)
            if !value.isEmpty, field != "nationality", field != "permit" {
                XCTAssertTrue(page.body.contains("value=\"\(value)\""), "typed value kept for \(field)")
            }
        }
        let badPostal = try await counter.post("/anmeldung", pairs: registrationPairs(municipality: grenchen, street: "", postalCode: "25",
                                                                                     place: "Grenchen", persons: [Self.alRina[0]]))
        XCTAssertTrue(badPostal.body.contains("Die Postleitzahl hat vier Ziffern"))
        XCTAssertTrue(badPostal.body.contains("id=\"street-error\""))
        // An override needs its reason.
        person = Self.alRina[1]
        person["targetGroupOverride"] = "out_of_scope"
        let override = try await register(counter, [person])
        XCTAssertTrue(override.body.contains("Bitte begründen Sie die Übersteuerung."))
        // Another unit's municipality is refused.
        let derendingen = try await Municipality.query(on: app.db).filter(\.$name == "Derendingen").first()!
        let foreign = try await counter.post("/anmeldung", pairs: registrationPairs(municipality: derendingen, street: "Weg 1", postalCode: "4552",
                                                                                   place: "Derendingen", persons: [Self.alRina[0]]))
        XCTAssertEqual(foreign.status, .unprocessableEntity)
        let value18 = try await Unscoped.query(Person.self, on: app.db).count()
        XCTAssertEqual(value18, 0)
        let value19 = try await Unscoped.query(Household.self, on: app.db).count()
        XCTAssertEqual(value19, 0)
    }

    func testAddingAndRemovingPersonBlocksKeepsTheInput() async throws {
        let counter = TestClient(app)
        _ = try await counter.login("schalter.grenchen")
        try await counter.get("/anmeldung")
        var pairs = registrationPairs(municipality: grenchen, street: "Bettlachstrasse 12", postalCode: "2540", place: "Grenchen",
                                      persons: [Self.alRina[0]])
        pairs.removeAll { $0.0 == "action" }
        let added = try await counter.post("/anmeldung", pairs: pairs + [("action", "addPerson")])
        XCTAssertTrue(added.body.contains("id=\"p1-familyName\""))
        XCTAssertTrue(added.body.contains("value=\"Karim\""))
        XCTAssertTrue(added.body.contains("value=\"Bettlachstrasse 12\""))
        let removed = try await counter.post("/anmeldung", pairs: pairs + [("persons[1][familyName]", "X"), ("action", "removePerson:1")])
        XCTAssertFalse(removed.body.contains("id=\"p1-familyName\""))
        let value20 = try await Unscoped.query(Person.self, on: app.db).count()
        XCTAssertEqual(value20, 0)
    }

    func testDuplicatesAreShownBeforeASecondRecord() async throws {
        let counter = TestClient(app)
        _ = try await counter.login("schalter.grenchen")
        let value21 = try await register(counter, [Self.alRina[0]]).status
        XCTAssertEqual(value21, .seeOther)
        var again = Self.alRina[0]
        again["familyName"] = "Alrina"  // another spelling of the same name
        let duplicate = try await register(counter, [again], street: "Andere Strasse 1")
        XCTAssertEqual(duplicate.status, .conflict)
        XCTAssertTrue(duplicate.body.contains("Möglicherweise bereits erfasst"))
        XCTAssertTrue(duplicate.body.contains("Al-Rina, Karim"))
        let value22 = try await Unscoped.query(Person.self, on: app.db).count()
        XCTAssertEqual(value22, 1)
        let confirmed = try await register(counter, [again], street: "Andere Strasse 1", extra: [("confirmDuplicates", "on")])
        XCTAssertEqual(confirmed.status, .seeOther)
        let value23 = try await Unscoped.query(Person.self, on: app.db).count()
        XCTAssertEqual(value23, 2)
    }

    func testSearchIgnoresSpellingAndStaysInTheUnit() async throws {
        let counter = TestClient(app)
        _ = try await counter.login("schalter.grenchen")
        var mueller = Self.alRina[0]
        mueller["familyName"] = "Müller-Rossi"; mueller["givenName"] = "Anna"; mueller["nationality"] = "IT"
        mueller["asylumStatus"] = "none"; mueller["birthDate"] = "1979-01-02"
        let value24 = try await register(counter, [Self.alRina[0], mueller]).status
        XCTAssertEqual(value24, .seeOther)
        for query in ["Müller", "Mueller", "muller", "MUELLER rossi", "anna muller"] {
            let page = try await counter.post("/personen/suche", ["name": query])
            XCTAssertTrue(page.body.contains("Müller-Rossi, Anna"), query)
            XCTAssertFalse(page.body.contains("Al-Rina, Karim"), query)
        }
        for query in ["Al-Rina", "Alrina", "Al Rina", "al rina karim", "Karim Al-Rina"] {
            let value25 = try await counter.post("/personen/suche", ["name": query]).body.contains("Al-Rina, Karim")
            XCTAssertTrue(value25, query)
        }
        let byDate = try await counter.post("/personen/suche", ["name": "", "birthDate": "1981-03-14"])
        XCTAssertTrue(byDate.body.contains("Al-Rina, Karim"))
        XCTAssertFalse(byDate.body.contains("Müller"))
        let wrongDate = try await counter.post("/personen/suche", ["name": "Al-Rina", "birthDate": "1981-03-15"])
        XCTAssertTrue(wrongDate.body.contains("Treffer: 0"))
        let empty = try await counter.post("/personen/suche", ["name": " ", "birthDate": ""])
        XCTAssertEqual(empty.status, .unprocessableEntity)
        XCTAssertTrue(empty.body.contains("Bitte einen Namen oder ein Geburtsdatum eingeben."))
        let searches = try await app.auditEntries(action: .personListed).filter { $0.detail.hasPrefix("Suche") }
        XCTAssertFalse(searches.contains { $0.detail.contains("Al") }, "search terms never go into the trail")
    }

    /// Typos and transliterations find the person, still only in the unit, closest spellings first.
    func testSearchForgivesTyposAndTransliterations() async throws {
        let counter = TestClient(app)
        _ = try await counter.login("schalter.grenchen")
        func person(_ family: String, _ given: String, _ birth: String) -> [String: String] {
            var person = Self.alRina[0]
            person["familyName"] = family
            person["givenName"] = given
            person["birthDate"] = birth
            return person
        }
        let registered = try await register(counter, [person("Müller", "Lena", "1980-01-01"), person("Gebremedhin", "Tesfay", "1996-02-14"),
                                                      person("Ahmadi", "Farid", "1985-05-05"), person("Ivanova", "Marija", "1990-04-18")])
        XCTAssertEqual(registered.status, .seeOther, registered.body)
        for (typed, found) in [("Müler", "Müller, Lena"), ("Gebremedin", "Gebremedhin, Tesfay"), ("Achmadi", "Ahmadi, Farid"),
                               ("Tesfai", "Gebremedhin, Tesfay"), ("Ivanowa", "Ivanova, Marija"), ("Tesfai Gebremedin", "Gebremedhin, Tesfay")] {
            let page = try await counter.post("/personen/suche", ["name": typed])
            XCTAssertTrue(page.body.contains(found), "\(typed) → \(found)")
            XCTAssertFalse(page.body.contains("Al-Rina"), typed)
        }
        // The other unit finds nothing of Grenchen's.
        let other = TestClient(app)
        _ = try await other.login("schalter.derendingen")
        let elsewhere = try await other.post("/personen/suche", ["name": "Gebremedin"])
        XCTAssertTrue(elsewhere.body.contains("Treffer: 0"))
        // The duplicate check at registration matches the same way: a second "Gebremedin Tesfai" with the same birth date.
        let again = try await register(counter, [person("Gebremedin", "Tesfai", "1996-02-14")])
        XCTAssertEqual(again.status, .conflict)
        XCTAssertTrue(again.body.contains("Gebremedhin, Tesfay"))
    }

    /// A name as common as a family's in a town: the 50 closest matches are listed (and audited), the
    /// count says how many there are, and the given name narrows the search to the one meant.
    func testACommonNameListsTheClosestFiftyAndSaysHowToNarrow() async throws {
        let grenchen = try await Municipality.query(on: app.db).filter(\.$name == "Grenchen").first()!
        let household = Household(municipalityID: grenchen.id!, street: "Kirchstrasse 3", postalCode: "2540", place: "Grenchen")
        try await household.create(on: app.db)
        for number in 1...60 {
            let person = Person()
            person.$household.id = household.id!
            person.$municipality.id = grenchen.id!
            person.familyName = "Krasniqi"
            person.givenName = number == 60 ? "Zana" : "Arben\(String(UnicodeScalar(UInt8(64 + (number % 26) + 1))))\(number)"
            person.nameKey = NameFolding.key(person.familyName + person.givenName)
            person.sex = .male
            person.birthDate = CalendarDate(year: 1970 + number % 30, month: 1 + number % 12, day: 1 + number % 28)!
            person.nationality = "XK"
            person.socialAssistance = false
            person.source = .manual
            person.stage = .toTriage
            try await person.create(on: app.db)
            try await PersonRecords.writeSearchKeys(of: person, scope: Unscoped.scope, on: app.db)
        }
        let counter = TestClient(app)
        _ = try await counter.login("schalter.grenchen")
        let page = try await counter.post("/personen/suche", ["name": "Krasniqi"])
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("Treffer: 60"), "the count of all matches")
        XCTAssertTrue(page.body.contains("Gezeigt werden die 50 Treffer, die der Suche am nächsten kommen."))
        XCTAssertEqual(page.body.components(separatedBy: "Krasniqi, ").count - 1, 50, "fifty rows")
        XCTAssertFalse(page.body.contains("Krasniqi, Zana"), "the sixtieth by name is not listed")
        let entry = try await app.auditEntries(action: .personListed).last!
        XCTAssertTrue(entry.detail.hasPrefix("Suche: 50 Treffer ·"), entry.detail)
        let named = try await AuditRecordSet.records(namedBy: entry.sequence, on: app.db).count
        XCTAssertEqual(named, 50, "the trail names the fifty shown, not the ten that were not")
        // Zana sorts last by name; her given name brings her up.
        let narrowed = try await counter.post("/personen/suche", ["name": "Krasniqi Zana"])
        XCTAssertTrue(narrowed.body.contains("Treffer: 1</p>") && narrowed.body.contains("Krasniqi, Zana"), narrowed.body)
        XCTAssertFalse(narrowed.body.contains("Gezeigt werden"))
        // Any order, and beginnings: every word must begin a name of the same person.
        for typed in ["Zana Krasniqi", "zan krasn", "Krasniqi Za"] {
            let found = try await counter.post("/personen/suche", ["name": typed]).body
            XCTAssertTrue(found.contains("Treffer: 1</p>") && found.contains("Krasniqi, Zana"), typed)
        }
        let nobody = try await counter.post("/personen/suche", ["name": "Krasniqi Hamida"]).body
        XCTAssertFalse(nobody.contains("Krasniqi, "), "no person has both names")
    }

    func testGroupsOverFourPersonsNeedConfirmation() async throws {
        let counter = TestClient(app)
        _ = try await counter.login("schalter.grenchen")
        var five = Self.alRina
        var extra = Self.alRina[0]; extra["givenName"] = "Omar"; extra["birthDate"] = "2010-01-01"
        five.append(extra)
        let value26 = try await register(counter, five).status
        XCTAssertEqual(value26, .seeOther)
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        try await officer.get("/termine/neu")
        let persons = try await Unscoped.query(Person.self, on: app.db).all()
        var pairs: [(String, String)] = [("date", "2024-09-20"), ("time", "10:00"), ("place", "Stadthaus"), ("format", "group")]
        pairs += persons.map { ("participants[]", $0.id!.uuidString) }
        let refused = try await officer.post("/termine/neu", pairs: pairs)
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains("Mehr als 4 Personen"))
        XCTAssertTrue(refused.body.contains("value=\"Stadthaus\""))
        let value27 = try await Unscoped.query(Appointment.self, on: app.db).count()
        XCTAssertEqual(value27, 0)
        let single = try await officer.post("/termine/neu", pairs: pairs.map { $0.0 == "format" ? ("format", "single") : $0 })
        XCTAssertEqual(single.status, .seeOther, "one household may meet in a single conversation")
        let confirmed = try await officer.post("/termine/neu", pairs: pairs + [("groupConfirmed", "on")])
        XCTAssertEqual(confirmed.status, .seeOther)
        let value28 = try await Unscoped.query(Appointment.self, on: app.db).count()
        XCTAssertEqual(value28, 2)
        let badTime = try await officer.post("/termine/neu", pairs: pairs.map { $0.0 == "time" ? ("time", "25:00") : $0 } + [("interpreterNeeded", "on")])
        XCTAssertTrue(badTime.body.contains("Format HH:MM"))
        XCTAssertTrue(badTime.body.contains("id=\"interpreterLanguage-error\""))
    }

    func testConversationChecksSignaturesAndAbsence() async throws {
        let counter = TestClient(app)
        _ = try await counter.login("schalter.grenchen")
        let value29 = try await register(counter, [Self.alRina[0]]).status
        XCTAssertEqual(value29, .seeOther)
        let karim = try await app.person(named: "Karim", "Al-Rina")
        let officer = TestClient(app)
        _ = try await officer.login("ib.grenchen")
        try await officer.get("/termine/neu")
        let planned = try await officer.post("/termine/neu", pairs: [("date", "2024-09-12"), ("time", "09:30"), ("place", "Stadthaus"),
                                                                     ("format", "single"), ("participants[]", karim.id!.uuidString)])
        let path = try XCTUnwrap(planned.location?.components(separatedBy: "?").first) + "/gespraech"
        let participant = try await Unscoped.query(AppointmentParticipant.self, on: app.db).first()!
        let key = participant.id!.uuidString
        try await officer.get(path)
        let early = try await officer.post(path, pairs: [("heldOn", "2024-09-12"), ("attendance[\(key)]", "present"),
                                                         ("signatureOn[\(key)]", "2024-09-01"), ("consent[\(key)]", "signature_page_only"),
                                                         ("topics[]", "learning_german"), ("nextSteps[]", "no_further_need")])
        XCTAssertEqual(early.status, .unprocessableEntity)
        XCTAssertTrue(early.body.contains("Die Unterschrift kann nicht vor dem Gespräch erfolgt sein."))
        let noTopics = try await officer.post(path, pairs: [("heldOn", "2024-09-12"), ("attendance[\(key)]", "present"), ("nextSteps[]", "no_further_need")])
        XCTAssertTrue(noTopics.body.contains("Bitte die besprochenen Themen angeben."))
        let absentWithoutStep = try await officer.post(path, pairs: [("heldOn", "2024-09-12"), ("attendance[\(key)]", "absent"),
                                                                     ("nextSteps[]", "no_further_need")])
        XCTAssertTrue(absentWithoutStep.body.contains("Niemand ist erschienen"))
        let value30 = try await Unscoped.query(Conversation.self, on: app.db).count()
        XCTAssertEqual(value30, 0)
        let absent = try await officer.post(path, pairs: [("heldOn", "2024-09-12"), ("attendance[\(key)]", "absent"),
                                                          ("nextSteps[]", "new_appointment")])
        XCTAssertEqual(absent.status, .seeOther)
        let value31 = try await officer.get("/arbeitslisten/nicht-erschienen").body.contains("Karim (")
        XCTAssertTrue(value31)
        let value32 = try await officer.get("/personen/\(karim.id!.uuidString)").body.contains("Nicht zum Erstinformationsgespräch erschienen")
        XCTAssertTrue(value32)
        // A new appointment takes him off the list.
        try await officer.post("/termine/neu", pairs: [("date", "2024-10-01"), ("time", "09:30"), ("place", "Stadthaus"),
                                                       ("format", "single"), ("participants[]", karim.id!.uuidString)])
        let value33 = try await officer.get("/arbeitslisten/nicht-erschienen").body.contains("Karim (")
        XCTAssertFalse(value33)
    }

    func testContactAndTriageFormsRejectBadInput() async throws {
        let counter = TestClient(app)
        _ = try await counter.login("schalter.grenchen")
        let value34 = try await register(counter, [Self.alRina[0]]).status
        XCTAssertEqual(value34, .seeOther)
        let karim = try await app.person(named: "Karim", "Al-Rina")
        try await counter.get("/personen/\(karim.id!.uuidString)/kontakte/neu")
        let future = try await counter.post("/personen/\(karim.id!.uuidString)/kontakte/neu", ["occurredOn": "2099-01-01", "channel": "phone", "note": "Anruf"])
        XCTAssertEqual(future.status, .unprocessableEntity)
        XCTAssertTrue(future.body.contains("Das Datum liegt in der Zukunft."))
        XCTAssertTrue(future.body.contains(">Anruf</textarea>"))
        let empty = try await counter.post("/personen/\(karim.id!.uuidString)/kontakte/neu", ["occurredOn": "2024-11-01", "channel": "fax", "note": ""])
        XCTAssertTrue(empty.body.contains("id=\"channel-error\""))
        XCTAssertTrue(empty.body.contains("id=\"note-error\""))
        let value35 = try await Unscoped.query(Contact.self, on: app.db).count()
        XCTAssertEqual(value35, 0)
        try await counter.get("/personen/\(karim.id!.uuidString)/triage")
        let triage = try await counter.post("/personen/\(karim.id!.uuidString)/triage", ["triage": "oral", "reason": "", "guide": "standard",
                                                                                       "folderStatus": "handed_over", "folderDate": ""])
        XCTAssertTrue(triage.body.contains("Bitte begründen Sie die Triage."))
        XCTAssertTrue(triage.body.contains("id=\"folderDate-error\""))
        let value36 = try await Unscoped.query(TriageDecision.self, on: app.db).count()
        XCTAssertEqual(value36, 0)
    }

    func testPrintableSheetAndEdit() async throws {
        let counter = TestClient(app)
        _ = try await counter.login("schalter.grenchen")
        let value37 = try await register(counter, [Self.alRina[1]]).status
        XCTAssertEqual(value37, .seeOther)
        let samira = try await app.person(named: "Samira", "Al-Rina")
        let sheet = try await counter.get("/personen/\(samira.id!.uuidString)/personalienblatt")
        XCTAssertEqual(sheet.status, .ok)
        XCTAssertTrue(sheet.body.contains("Personalienblatt"))
        XCTAssertTrue(sheet.body.contains("02.11.1985"))
        XCTAssertTrue(sheet.body.contains("Unterschrift:"))
        try await counter.get("/personen/\(samira.id!.uuidString)/bearbeiten")
        let saved = try await counter.post("/personen/\(samira.id!.uuidString)/bearbeiten",
                                           editForm(samira, ["permit": "C", "targetGroupOverride": "", "germanLevel": "A1"]))
        XCTAssertEqual(saved.status, .seeOther)
        let updated = try await app.person(named: "Samira", "Al-Rina")
        XCTAssertEqual(updated.permit, .c)
        XCTAssertEqual(updated.targetGroup, .recognisedRefugee)
        let value38 = try await app.auditEntries(action: .personUpdated).last?.detail
        XCTAssertEqual(value38, "geändert: germanLevel, permit")
    }
}
