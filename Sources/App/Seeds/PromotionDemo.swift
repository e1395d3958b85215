import Domain
import Fluent
import Foundation
import Persistence
import Platform
import SystemAccess

/// Fördern, Fordern and MISA under way in the demo (seed 003): offers of the canton, the Derendingen
/// region and Grenchen; regular structures; the Muster case reported to MISA and waiting for its
/// decision; the Al-Rina newcomers' event and integration conversation of November 2024 with goals,
/// measures and the review date; and one review due within the next 14 days.
enum PromotionDemo {
    static func seed(today: CalendarDate, on db: any Database) async throws {
        guard let grenchen = try await Municipality.query(on: db).filter(\.$name == "Grenchen").first(),
              let derendingen = try await Municipality.query(on: db).filter(\.$name == "Derendingen").first(),
              let group = try await LeadGroup.query(on: db).filter(\.$name == "Leitgemeinde Derendingen").first(),
              let ibGrenchen = try await User.query(on: db).filter(\.$username == "ib.grenchen").first(),
              let ibDerendingen = try await User.query(on: db).filter(\.$username == "ib.derendingen").first() else { return }
        func date(_ text: String) -> CalendarDate { CalendarDate(parsing: text)! }

        // Offers: the canton's, the region's, the municipality's.
        func offer(_ level: OfferLevel, _ title: String, _ provider: String, _ themes: [IntegrationTheme], _ audiences: [OfferAudience],
                   languages: [String], place: String, schedule: String, cost: String, subsidy: String? = nil, contact: String? = nil) async throws -> Offer {
            let offer = Offer()
            offer.level = level
            offer.leadGroupID = level == .region ? group.id : nil
            offer.municipalityID = level == .municipality ? grenchen.id : nil
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
            offer.validFrom = date("2024-01-01")
            try await offer.create(on: db)
            return offer
        }
        _ = try await offer(.canton, "Deutschkurse A1–B1 im Kanton Solothurn (Kursfinder)", "Amt für Gesellschaft und Soziales",
                            [.learningGerman], [.adults], languages: ["deu"], place: "ganzer Kanton", schedule: "laufend, Tages- und Abendkurse",
                            cost: "je nach Anbieter", subsidy: "Kantonale Vergünstigung für Personen mit tiefem Einkommen", contact: "integration@ags.demo.invalid")
        _ = try await offer(.canton, "Integrationsjahr für junge Erwachsene", "Berufsbildungszentrum (Demo)", [.educationAndWork, .learningGerman],
                            [.youngPeopleOutsideSchool], languages: ["deu"], place: "Solothurn und Olten", schedule: "Schuljahr, Start August",
                            cost: "kostenlos", contact: "Anmeldung über die Berufsberatung")
        _ = try await offer(.canton, "Programme S: Begleitung für Personen mit Schutzstatus S", "Amt für Gesellschaft und Soziales",
                            [.educationAndWork, .learningGerman], [.statusS], languages: ["ukr", "rus", "deu"], place: "Gemeinden",
                            schedule: "individuell", cost: "kostenlos")
        let parentsCourse = try await offer(.region, "Deutschkurs für Eltern mit Kinderbetreuung", "Leitgemeinde Derendingen",
                                            [.learningGerman, .earlyChildhood], [.parents], languages: ["deu"],
                                            place: "Schulhaus Derendingen", schedule: "Di und Do 8.30–10.30 Uhr, mit Kinderhüte",
                                            cost: "CHF 120 pro Semester", subsidy: "Kostenersatz durch die Wohngemeinde auf Gesuch",
                                            contact: "Fachstelle Integration, 032 555 01 14")
        _ = try await offer(.region, "Spielgruppe plus (frühe Sprachförderung)", "Leitgemeinde Derendingen", [.earlyChildhood],
                            [.preSchoolChildren], languages: ["deu"], place: "Derendingen und Subingen", schedule: "zwei Vormittage pro Woche",
                            cost: "einkommensabhängig")
        let languageCafe = try await offer(.municipality, "Sprachtreff Grenchen", "Stadt Grenchen und Freiwillige", [.learningGerman, .leisure],
                                           [.everyone], languages: ["deu"], place: "Bibliothek Grenchen", schedule: "Mittwoch 18–19.30 Uhr",
                                           cost: "kostenlos")

        // Regular structures.
        func structure(_ municipality: Municipality, _ kind: StructureKind, _ name: String, _ contact: String, _ themes: [IntegrationTheme]) async throws -> RegularStructure {
            let structure = RegularStructure()
            structure.$municipality.id = municipality.id!
            structure.kind = kind
            structure.name = name
            structure.contactPerson = contact
            structure.themes = themes
            structure.active = true
            try await structure.create(on: db)
            return structure
        }
        let school = try await structure(derendingen, .school, "Primarschule Derendingen", "Schulleitung, R. Meier", [.educationAndWork, .earlyChildhood])
        _ = try await structure(derendingen, .socialRegion, "Sozialregion Wasseramt Süd", "Sozialdienst, Intake", [.finances, .educationAndWork])
        _ = try await structure(grenchen, .school, "Schulkreis Grenchen", "Schulsozialarbeit", [.educationAndWork, .earlyChildhood])
        _ = try await structure(grenchen, .counselling, "Berufsberatung Grenchen", "BIZ Grenchen", [.educationAndWork])

        // The Muster case (Derendingen): the school reports that Mrs Muster cannot communicate.
        if let muster = try await Unscoped.query(Person.self, on: db).filter(\.$familyName == "Muster").filter(\.$givenName == "M.").first() {
            let fordernCase = FordernCase()
            fordernCase.id = UUID()
            fordernCase.$person.id = muster.id!
            fordernCase.$municipality.id = muster.$municipality.id
            fordernCase.triggerSource = .school
            fordernCase.regularStructureID = school.id
            fordernCase.triggerNote = "Die Lehrperson kann nicht mit den Eltern sprechen; es wird nur schriftlich kommuniziert (Übersetzungsservice)."
            fordernCase.triggeredOn = date("2024-09-10")
            fordernCase.criteria = [
                .publicSecurity: .init(concerned: false, note: nil),
                .constitutionalValues: .init(concerned: false, note: nil),
                .languageSkills: .init(concerned: true, note: "Frau Muster kann kein Deutsch verstehen und sprechen; kein Sprachnachweis."),
                .economicParticipation: .init(concerned: false, note: "Betreut drei Kinder."),
            ]
            fordernCase.languageLevel = GermanLevel.none
            fordernCase.conversationType = .maxi
            fordernCase.summonsOn = date("2024-09-20")
            fordernCase.conversationPlannedOn = date("2024-10-08")
            fordernCase.conversationTime = "10:00"
            fordernCase.conversationPlace = "Gemeindehaus Derendingen, Büro Integration"
            fordernCase.interpreterLanguage = "ita"
            fordernCase.refusedCooperation = false
            fordernCase.createdByUserID = ibDerendingen.id!
            let conversation = IntegrationConversation()
            conversation.id = UUID()
            conversation.$municipality.id = muster.$municipality.id
            conversation.caseID = fordernCase.id
            conversation.heldOn = date("2024-10-08")
            conversation.place = "Derendingen"
            conversation.need = "Frau Muster kann kein Deutsch verstehen und sprechen. Die Schulzusammenarbeit läuft deshalb nicht optimal."
            conversation.remarks = "Drei betreuungspflichtige Kinder; die Familie kann einen Deutschkurs nicht bezahlen. Kostenersatz bei der Gemeinde möglich."
            conversation.interpreterPresent = true
            conversation.interpreterLanguage = "ita"
            conversation.interpreterChannel = .heksLinguadukt
            conversation.leadUserID = ibDerendingen.id!
            conversation.leadSignature = .signed
            conversation.leadSignedOn = conversation.heldOn
            conversation.interpreterSignature = .signed
            conversation.interpreterSignedOn = conversation.heldOn
            conversation.reviewOn = date("2025-04-08")
            conversation.reviewedOn = date("2025-04-08")
            conversation.reviewNote = "Deutschkurs nach drei Wochen abgebrochen; keine Fortschritte."
            conversation.programmeS = false
            try await conversation.create(on: db)
            try await participant(conversation, muster, .signed, on: db)
            let measure = Measure()
            measure.$person.id = muster.id!
            measure.$municipality.id = muster.$municipality.id
            measure.offerID = parentsCourse.id
            measure.title = parentsCourse.title
            measure.responsible = .person
            measure.dueOn = date("2025-03-31")
            measure.status = .droppedOut
            measure.costNote = "Kostenersatz bei der Gemeinde beantragt"
            measure.conversationID = conversation.id
            measure.caseID = fordernCase.id
            try await measure.create(on: db)
            fordernCase.conversationID = conversation.id
            fordernCase.reviewOn = conversation.reviewOn
            fordernCase.reviewOutcome = .notFulfilled
            fordernCase.reviewNote = "Deutschkurs abgebrochen; Verständigung mit der Schule weiterhin nur schriftlich."
            fordernCase.nextStep = "Meldung an MISA"
            fordernCase.reportedOn = date("2025-04-15")
            fordernCase.refreshStep()
            try await fordernCase.create(on: db)
            let report = DeficitReport()
            report.$fordernCase.id = fordernCase.id!
            report.$municipality.id = muster.$municipality.id
            report.municipalityName = derendingen.name
            report.personName = muster.name.full
            report.birthDate = muster.birthDate
            report.nationality = muster.nationality
            report.permit = muster.permit
            report.entryDate = muster.entryDate
            report.address = "Wohnstrasse 27, 4552 Derendingen"
            report.criteriaText = "Sprachkompetenzen: Frau Muster kann kein Deutsch verstehen und sprechen; kein Sprachnachweis."
            report.deficit = "Trotz vereinbartem Deutschkurs für Eltern keine Fortschritte; die Zusammenarbeit mit der Schule ist nur schriftlich möglich."
            report.measures = "Deutschkurs für Eltern mit Kinderbetreuung: abgebrochen (bis 31.03.2025)"
            report.outcome = "nicht erfüllt: Deutschkurs nach drei Wochen abgebrochen."
            report.conversationOn = conversation.heldOn
            report.personSignature = .signed
            report.status = .acknowledged
            report.sentOn = date("2025-04-15")
            report.sentByUserID = ibDerendingen.id
            report.acknowledgedOn = date("2025-04-17")
            try await report.create(on: db)
        }

        // Al-Rina (Grenchen): the newcomers' event in early November 2024, the integration conversation at its end.
        let family = try await Unscoped.query(Person.self, on: db).filter(\.$familyName == "Al-Rina").sort(\.$birthDate).all()
        if let samira = family.first(where: { $0.givenName == "Samira" }), let adil = family.first(where: { $0.givenName == "Adil" }) {
            let event = MunicipalEvent()
            event.id = UUID()
            event.$municipality.id = grenchen.id!
            event.title = "Neuzuzüger-Anlass Grenchen"
            event.heldOn = date("2024-11-06")
            event.time = "18:30"
            event.place = "Parktheater Grenchen, Foyer"
            event.movedInFrom = date("2024-05-01")
            event.movedInUntil = date("2024-10-31")
            try await event.create(on: db)
            for person in family {
                let guest = EventGuest()
                guest.$event.id = event.id!
                guest.$person.id = person.id!
                guest.$municipality.id = person.$municipality.id
                guest.attended = person.id == samira.id
                try await guest.create(on: db)
            }
            let contact = Contact()
            contact.$person.id = samira.id!
            contact.$municipality.id = samira.$municipality.id
            contact.occurredOn = event.heldOn
            contact.channel = .event
            contact.note = "\(event.title): Frau Al-Rina schildert die vielen Fragen zur Bildung ihres Sohnes Adil. Integrationsgespräch mit ihr und Adil ist angezeigt."
            contact.nextStep = "Frau Al-Rina und Adil zum Integrationsgespräch einladen"
            contact.eventID = event.id
            contact.$recordedBy.id = ibGrenchen.id!
            try await contact.create(on: db)

            let conversation = IntegrationConversation()
            conversation.id = UUID()
            conversation.$municipality.id = grenchen.id!
            conversation.heldOn = date("2024-11-28")
            conversation.place = "Stadthaus Grenchen"
            conversation.need = "Bildungsintegration von Adil (Integrationsjahr, Berufswahl); Deutsch für Frau Al-Rina."
            conversation.remarks = "Adil möchte eine Lehre im Bereich Informatik machen."
            conversation.interpreterPresent = true
            conversation.interpreterLanguage = "ara"
            conversation.interpreterChannel = .heksLinguadukt
            conversation.leadUserID = ibGrenchen.id!
            conversation.leadSignature = .signed
            conversation.leadSignedOn = conversation.heldOn
            conversation.interpreterSignature = .signed
            conversation.interpreterSignedOn = conversation.heldOn
            conversation.reviewOn = conversation.heldOn.addingMonths(6)
            conversation.programmeS = false
            try await conversation.create(on: db)
            try await participant(conversation, samira, .signed, on: db)
            try await participant(conversation, adil, .signed, on: db)
            let goals: [(Person, IntegrationTheme, String)] = [
                (adil, .educationAndWork, "Adil tritt im August 2025 ins Integrationsjahr ein."),
                (samira, .learningGerman, "Frau Al-Rina erreicht Deutsch A2."),
            ]
            for (person, theme, text) in goals {
                let goal = Goal()
                goal.$person.id = person.id!
                goal.$municipality.id = grenchen.id!
                goal.theme = theme
                goal.text = text
                goal.status = .open
                goal.setOn = conversation.heldOn
                goal.conversationID = conversation.id
                try await goal.create(on: db)
            }
            let measures: [(Person, String, UUID?, MeasureResponsible, String, MeasureStatus)] = [
                (adil, "Anmeldung Integrationsjahr über die Berufsberatung", nil, .officer, "2025-03-31", .registered),
                (samira, languageCafe.title, languageCafe.id, .person, "2025-05-31", .attending),
            ]
            for (person, title, offerID, responsible, due, status) in measures {
                let measure = Measure()
                measure.$person.id = person.id!
                measure.$municipality.id = grenchen.id!
                measure.title = title
                measure.offerID = offerID
                measure.responsible = responsible
                measure.dueOn = date(due)
                measure.status = status
                measure.conversationID = conversation.id
                try await measure.create(on: db)
            }
            // The recent arrivals' follow-up: a review due within the next 14 days (the officer's reminder).
            if let tesfay = try await Unscoped.query(Person.self, on: db).filter(\.$familyName == "Gebremedhin").filter(\.$givenName == "Tesfay").first() {
                let followUp = IntegrationConversation()
                followUp.id = UUID()
                followUp.$municipality.id = grenchen.id!
                followUp.heldOn = today.adding(days: -5)
                followUp.place = "Stadthaus Grenchen"
                followUp.need = "Arbeitsintegration und Deutschkurs A2."
                followUp.interpreterPresent = true
                followUp.interpreterLanguage = "tir"
                followUp.interpreterChannel = .heksLinguadukt
                followUp.leadUserID = ibGrenchen.id!
                followUp.leadSignature = .signed
                followUp.leadSignedOn = followUp.heldOn
                followUp.interpreterSignature = .signed
                followUp.interpreterSignedOn = followUp.heldOn
                followUp.reviewOn = today.adding(days: 10)
                followUp.programmeS = false
                try await followUp.create(on: db)
                try await participant(followUp, tesfay, .signed, on: db)
            }
        }
    }

    static func participant(_ conversation: IntegrationConversation, _ person: Person, _ signature: SignatureState, on db: any Database) async throws {
        let participant = IntegrationParticipant()
        participant.$conversation.id = conversation.id!
        participant.$person.id = person.id!
        participant.$municipality.id = person.$municipality.id
        participant.signature = signature
        participant.signedOn = signature == .signed ? conversation.heldOn : nil
        try await participant.create(on: db)
    }
}
