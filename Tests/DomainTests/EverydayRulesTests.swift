import XCTest
@testable import Domain

/// The rules behind everyday use: one question for the permit, letters to adults, the household's
/// task list, translations that say what the master says, German sorting.
final class EverydayRulesTests: XCTestCase {
    func testResidenceStatusMapsToPermitAndAsylumStatusAndBack() {
        XCTAssertEqual(ResidenceStatus.fRefugee.permit, .f)
        XCTAssertEqual(ResidenceStatus.fRefugee.asylumStatus, .recognisedRefugee)
        XCTAssertEqual(ResidenceStatus.f.asylumStatus, .provisionallyAdmitted)
        XCTAssertEqual(ResidenceStatus.bRefugee.asylumStatus, .recognisedRefugee)
        XCTAssertEqual(ResidenceStatus.b.asylumStatus, AsylumStatus.none)
        for status in ResidenceStatus.allCases {
            XCTAssertEqual(ResidenceStatus(permit: status.permit, asylumStatus: status.asylumStatus), status, status.rawValue)
        }
        // An F stored without asylum status (older records) reads as provisionally admitted.
        XCTAssertEqual(ResidenceStatus(permit: .f, asylumStatus: AsylumStatus.none), .f)
        // A pair the card does not show has no combined choice: the form keeps the two fields.
        XCTAssertNil(ResidenceStatus(permit: .b, asylumStatus: .provisionallyAdmitted))
        XCTAssertNil(ResidenceStatus(permit: nil, asylumStatus: AsylumStatus.none))
        // The target group follows as before.
        let dari = TargetGroupRules.derive(nationality: "AF", permit: ResidenceStatus.f.permit, asylumStatus: ResidenceStatus.f.asylumStatus)
        XCTAssertEqual(dari.group, .provisionallyAdmitted)
    }

    func testLettersGoToAdultsNeverToAChild() {
        let today = CalendarDate(year: 2026, month: 11, day: 26)!
        let family = [("Hamida", CalendarDate(year: 1988, month: 1, day: 1)!), ("Karim", CalendarDate(year: 1985, month: 5, day: 5)!),
                      ("Sara", CalendarDate(year: 2012, month: 3, day: 3)!), ("Omid", CalendarDate(year: 2008, month: 11, day: 27)!)]
        XCTAssertEqual(Addressees.choose(family, birthDate: \.1, today: today).map(\.0), ["Hamida", "Karim"])
        // Omid turns 18 tomorrow: still a child today.
        XCTAssertTrue(Addressees.isMinor(family[3].1, today: today))
        XCTAssertFalse(Addressees.isMinor(family[3].1, today: today.adding(days: 1)))
        // A household of minors is written to its oldest member.
        XCTAssertEqual(Addressees.choose(Array(family[2...]), birthDate: \.1, today: today).map(\.0), ["Omid"])
        XCTAssertTrue(Addressees.choose([(String, CalendarDate)](), birthDate: \.1, today: today).isEmpty)
    }

    func testTheHouseholdTaskListFollowsTheRecords() {
        let registered = CalendarDate(year: 2026, month: 11, day: 2)!
        var facts = HouseholdProgress.Facts(registeredOn: registered, triage: nil, triagedOn: nil, appointment: nil,
                                            signaturesRequired: 0, signaturesGiven: 0, lastSignatureOn: nil)
        func states(_ facts: HouseholdProgress.Facts) -> [StepState] { HouseholdProgress(facts).items.map(\.state) }
        XCTAssertEqual(states(facts), [.done, .toDo, .notYet, .notYet, .notYet, .notYet, .notYet])
        XCTAssertEqual(HouseholdProgress(facts).next?.step, .triaged)
        facts.triage = .written
        XCTAssertEqual(states(facts), [.done, .done, .notNeeded, .notNeeded, .notNeeded, .notNeeded, .notNeeded])
        XCTAssertNil(HouseholdProgress(facts).next)
        facts.triage = .oral
        facts.triagedOn = registered.adding(days: 2)
        XCTAssertEqual(HouseholdProgress(facts).next?.step, .planned)
        let date = CalendarDate(year: 2026, month: 12, day: 3)!
        facts.appointment = .init(date: date, status: .planned, heldOn: nil, interpreterNeeded: true, invitationDone: false,
                                  invitationOn: nil, interpreterOrdered: false, interpreterOrderedOn: nil)
        XCTAssertEqual(states(facts), [.done, .done, .done, .toDo, .toDo, .toDo, .notYet])
        XCTAssertEqual(HouseholdProgress(facts).next?.step, .invitationSent)
        facts.appointment?.invitationDone = true
        facts.appointment?.invitationOn = registered.adding(days: 5)
        facts.appointment?.interpreterOrdered = true
        XCTAssertEqual(HouseholdProgress(facts).next?.step, .held)
        // Held on another day than planned: the held date is the step's date.
        facts.appointment?.status = .held
        facts.appointment?.heldOn = date.adding(days: 1)
        facts.signaturesRequired = 2
        facts.signaturesGiven = 1
        let held = HouseholdProgress(facts)
        XCTAssertEqual(held.items.first { $0.step == .held }?.date, date.adding(days: 1))
        XCTAssertEqual(held.next?.step, .signaturesComplete)
        facts.signaturesGiven = 2
        facts.lastSignatureOn = date.adding(days: 1)
        XCTAssertNil(HouseholdProgress(facts).next)
        XCTAssertEqual(HouseholdProgress(facts).items.last?.state, .done)
        // No interpreter needed: the step is not needed; nobody came: the conversation is to plan again.
        facts.appointment?.interpreterNeeded = false
        facts.appointment?.status = .missed
        let missed = HouseholdProgress(facts)
        XCTAssertEqual(missed.items.first { $0.step == .interpreterOrdered }?.state, .notNeeded)
        XCTAssertEqual(missed.next?.step, .held)
        XCTAssertEqual(missed.next?.state, .missed)
    }

    func testATranslationHasTheMastersPlaceholdersAndParagraphs() {
        let master = TranslationParity.Parts(
            subject: "Einladung", salutations: ["Sehr geehrte Frau {{person.familyName}}", "Sehr geehrter Herr {{person.familyName}}", "Guten Tag"],
            body: "Am {{appointment.date}} um {{appointment.time}}.{{#appointment.interpreter}}\n\nMit Dolmetschen.{{/appointment.interpreter}}\n\nBis bald.",
            closing: "Grüsse", labelKeys: [])
        var translation = master
        XCTAssertEqual(TranslationParity.problems(master: master, translation: translation), [])
        translation.body = "در {{appointment.date}}.{{#appointment.interpreter}}\n\nبا مترجم.{{/appointment.interpreter}}\n\nبه امید دیدار."
        XCTAssertEqual(TranslationParity.problems(master: master, translation: translation), [.missingPlaceholder("appointment.time", .body)])
        translation.body = "{{appointment.date}} {{appointment.time}} {{appointment.time}}.\n\nBis bald."
        XCTAssertEqual(TranslationParity.problems(master: master, translation: translation),
                       [.missingPlaceholder("#appointment.interpreter", .body), .missingPlaceholder("/appointment.interpreter", .body),
                        .extraPlaceholder("appointment.time", .body), .paragraphCount(master: 3, translation: 2)])
        translation = master
        translation.closing = " "
        translation.salutations = ["Madame", "Monsieur {{person.familyName}}", "Bonjour"]
        XCTAssertEqual(TranslationParity.problems(master: master, translation: translation),
                       [.missingPlaceholder("person.familyName", .salutation), .emptyPart(.closing)])
        let form = TranslationParity.Parts(subject: "", salutations: ["", "", ""], body: "", closing: "", labelKeys: ["title", "need"])
        var formTranslation = form
        formTranslation.labelKeys = ["title"]
        XCTAssertEqual(TranslationParity.problems(master: form, translation: formTranslation), [.missingLabel("need")])
    }

    func testGermanSortingPutsUmlautsWithTheirVowel() {
        let sorted = GermanCollation.sorted(["Österreich", "Oman", "Ägypten", "Albanien", "Afghanistan", "Zypern", "Äthiopien"], by: { $0 })
        XCTAssertEqual(sorted, ["Afghanistan", "Ägypten", "Albanien", "Äthiopien", "Oman", "Österreich", "Zypern"])
    }

    func testLanguagesAreFoundByTheirGermanNameAndListedOnce() {
        let languages = Languages.parse(csv: "code,name_de,name_en\nprs,Dari,Dari\nfas,Persisch,Persian\nkmb,Mbundu,Kimbundu\numb,Mbundu,Umbundu\ntur,Türkisch,Turkish\n")
        XCTAssertEqual(languages.resolve("dari"), "prs")
        XCTAssertEqual(languages.resolve(" Persisch "), "fas")
        XCTAssertEqual(languages.resolve("turkisch"), "tur")
        XCTAssertEqual(languages.resolve("tur"), "tur")
        XCTAssertNil(languages.resolve("Klingonisch"))
        XCTAssertEqual(Set(languages.all.map(\.nameGerman)).count, languages.all.count, "no name twice")
        XCTAssertEqual(languages.name("kmb"), "Mbundu (kmb)")
        XCTAssertEqual(languages.all.map(\.code), ["prs", "kmb", "umb", "fas", "tur"])
    }

    func testLetterLanguagesNameThemselvesAndJoinTheirOwnWay() {
        XCTAssertEqual(LetterLanguage.fa.label, "Persisch – فارسی")
        XCTAssertEqual(LetterLanguage.prs.label, "Dari – دری")
        XCTAssertEqual(LetterLanguage.de.label, "Deutsch")
        XCTAssertEqual(LetterLanguage.allCases.count, 30)
        XCTAssertEqual(LetterLanguage.forMotherTongue("prs"), .prs)
        XCTAssertEqual(LetterLanguage.forMotherTongue("bul"), .bg)
        XCTAssertEqual(LetterLanguage.fa.listSeparator, "، ")
        XCTAssertEqual(LetterLanguage.de.listSeparator, ", ")
        XCTAssertTrue(LetterLanguage.de.casesSalutation)
        XCTAssertFalse(LetterLanguage.ar.casesSalutation)
    }
}
