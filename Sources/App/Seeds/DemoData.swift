import Domain
import Fluent
import Foundation
import Persistence
import Platform
import SystemAccess
import Vapor

/// The demo data set: invented staff and the seeds' personas (Al-Rina, Ivanova, Muster) in
/// Grenchen and in the lead group Derendingen. Passwords are generated and printed, or taken
/// from DEMO_PASSWORD.
package enum DemoData {
    package struct Login: Sendable { let username: String; let password: String; let role: Role; let unit: String }

    static let derendingenMembers = ["Deitingen", "Etziken", "Horriwil", "Hüniken", "Luterbach", "Subingen"]

    package static func loginsFile(_ config: AppConfig) -> String { config.dataDirectory + "/demo-logins.txt" }

    package static func seed(_ app: Application, withPersons: Bool = true) async throws -> [Login] {
        let db = app.db
        func municipality(_ name: String) async throws -> Municipality {
            guard let found = try await Municipality.query(on: db).filter(\.$name == name).first() else {
                throw CommandFailure("Gemeinde \(name) fehlt in den Stammdaten")
            }
            return found
        }
        func unit(_ name: String) async throws -> OrganisationalUnit {
            guard let found = try await OrganisationalUnit.query(on: db).filter(\.$name == name).first() else {
                throw CommandFailure("Einheit \(name) fehlt")
            }
            return found
        }
        let grenchen = try await municipality("Grenchen")
        let derendingen = try await municipality("Derendingen")
        let subingen = try await municipality("Subingen")
        let luterbach = try await municipality("Luterbach")

        // Derendingen leads six neighbours (the seeds' example; the members are invented).
        let group = LeadGroup(name: "Leitgemeinde Derendingen", leadMunicipalityID: try derendingen.requireID())
        try await group.create(on: db)
        let groupUnit = OrganisationalUnit(kind: .leadGroup, name: group.name, leadGroupID: group.id)
        try await groupUnit.create(on: db)
        for name in ["Derendingen"] + derendingenMembers {
            let member = try await municipality(name)
            member.$leadGroup.id = group.id
            try await member.update(on: db)
        }

        let accounts: [(String, String, Role, OrganisationalUnit)] = [
            ("schalter.grenchen", "Luca Bernasconi", .counterClerk, try await unit("Grenchen")),
            ("ib.grenchen", "Nadia Keller", .integrationOfficer, try await unit("Grenchen")),
            ("leitung.grenchen", "Peter Studer", .strategicLead, try await unit("Grenchen")),
            ("schalter.derendingen", "Sandra Wyss", .counterClerk, groupUnit),
            ("ib.derendingen", "Claudia Roth", .integrationOfficer, groupUnit),
            ("leitung.derendingen", "Thomas Frei", .strategicLead, try await unit("Derendingen")),
            ("ags.fachexpertin", "Eva Lanz", .cantonExpert, try await unit(OrganisationSeed.cantonUnitName)),
            ("misa.sachbearbeitung", "Marco Rihs", .misaOfficer, try await unit(OrganisationSeed.migrationOfficeUnitName)),
            ("admin", "Systemadministration AGS", .systemAdministrator, try await unit(OrganisationSeed.cantonUnitName)),
        ]
        let hasher = PasswordHasher(cost: app.config.bcryptCost)
        var logins: [Login] = []
        var expert: User?
        for (username, name, role, unit) in accounts {
            let password = app.config.demoPassword ?? OneTimePassword.generate()
            let hash = try await app.threadPool.runIfActive { try hasher.hash(password) }
            let user = User(username: username, displayName: name, email: "\(username)@demo.invalid", role: role,
                            unitID: try unit.requireID(), passwordHash: hash)
            user.phone = "032 555 01 \(String(format: "%02d", logins.count + 10))"
            try await user.create(on: db)
            if role == .cantonExpert { expert = user }
            logins.append(Login(username: username, password: password, role: role, unit: unit.name))
        }
        if let expert {
            for district in try await District.query(on: db).filter(\.$name ~~ ["Lebern", "Wasseramt"]).all() {
                district.$expert.id = expert.id
                try await district.update(on: db)
            }
        }

        try await seedLetterheads(grenchen: grenchen, derendingen: derendingen, on: db)
        if withPersons {
            try await seedPersons(grenchen: grenchen, derendingen: derendingen, subingen: subingen, luterbach: luterbach, on: db)
            try await seedRecentArrivals(grenchen: grenchen, today: CalendarDate(app.appEnvironment.clock.now()), on: db)
            try await DemoJourneys.seed(on: db)
            try await PromotionDemo.seed(today: CalendarDate(app.appEnvironment.clock.now()), on: db)
        }
        try await app.auditSystem([AuditDraft(.personCreated, .dataSet, detail: "Demodaten geladen", actor: .system("seed-demo"),
                                              at: app.appEnvironment.clock.now())], on: db)
        try? describe(logins).write(toFile: loginsFile(app.config), atomically: true, encoding: .utf8)
        return logins
    }

    /// Invented letterheads of the two demo municipalities (no logo: the municipality uploads its own).
    static func seedLetterheads(grenchen: Municipality, derendingen: Municipality, on db: any Database) async throws {
        for (municipality, sender, contact, signature) in [
            (grenchen, "Stadt Grenchen\nIntegration\nMarktplatz 1\n2540 Grenchen", "Telefon 032 555 01 11 · integration@grenchen.demo.invalid", "Integrationsbeauftragte"),
            (derendingen, "Einwohnergemeinde Derendingen\nFachstelle Integration\nHauptstrasse 43\n4552 Derendingen", "Telefon 032 555 01 14 · integration@derendingen.demo.invalid", "Integrationsbeauftragte Leitgemeinde Derendingen"),
        ] {
            let letterhead = Letterhead()
            letterhead.$municipality.id = try municipality.requireID()
            letterhead.sender = sender; letterhead.contact = contact; letterhead.signature = signature
            try await letterhead.create(on: db)
        }
    }

    struct PersonSeed {
        let family: String, given: String, sex: Sex, birth: String, nationality: String, tongue: String
        var permit: ResidencePermit = .b, entry: String? = nil, moveIn: String? = nil, german: GermanLevel? = nil
        var socialAssistance = false, focus: String? = nil, asylum: AsylumStatus = .none
    }

    static func household(_ municipality: Municipality, _ street: String, _ postal: String, _ place: String,
                          _ persons: [PersonSeed], on db: any Database) async throws {
        let household = Household(municipalityID: try municipality.requireID(), street: street, postalCode: postal, place: place)
        try await household.create(on: db)
        for seed in persons {
            let person = Person()
            person.$household.id = try household.requireID()
            person.$municipality.id = try municipality.requireID()
            person.familyName = seed.family
            person.givenName = seed.given
            person.nameKey = NameFolding.key(seed.family + seed.given)
            person.sex = seed.sex
            person.birthDate = CalendarDate(parsing: seed.birth)!
            person.nationality = seed.nationality
            person.motherTongue = seed.tongue
            person.germanLevel = seed.german
            person.entryDate = seed.entry.flatMap(CalendarDate.init(parsing:))
            person.moveInDate = seed.moveIn.flatMap(CalendarDate.init(parsing:))
            person.permit = seed.permit
            person.socialAssistance = seed.socialAssistance
            person.focusNote = seed.focus
            person.asylumStatus = seed.asylum
            person.targetGroup = TargetGroupRules.derive(nationality: seed.nationality, permit: seed.permit, asylumStatus: seed.asylum).group
            person.source = .manual
            person.stage = person.targetGroup?.isInScope == true ? .toTriage : .outOfScope
            try await person.create(on: db)
            try await PersonRecords.writeSearchKeys(of: person, scope: Unscoped.scope, on: db)
        }
    }

    static func seedPersons(grenchen: Municipality, derendingen: Municipality, subingen: Municipality,
                            luterbach: Municipality, on db: any Database) async throws {
        try await household(grenchen, "Bettlachstrasse 12", "2540", "Grenchen", [
            PersonSeed(family: "Al-Rina", given: "Karim", sex: .male, birth: "1981-03-14", nationality: "SY", tongue: "ara",
                       entry: "2023-05-10", moveIn: "2024-08-15", german: .a1, socialAssistance: true, asylum: .recognisedRefugee),
            PersonSeed(family: "Al-Rina", given: "Samira", sex: .female, birth: "1985-11-02", nationality: "SY", tongue: "ara",
                       entry: "2023-05-10", moveIn: "2024-08-15", german: GermanLevel.none, socialAssistance: true,
                       focus: "Deutsch lernen (Mutter), Bildungsweg des älteren Sohnes Adil", asylum: .recognisedRefugee),
            PersonSeed(family: "Al-Rina", given: "Adil", sex: .male, birth: "2007-06-21", nationality: "SY", tongue: "ara",
                       entry: "2023-05-10", moveIn: "2024-08-15", german: .a2, socialAssistance: true, asylum: .recognisedRefugee),
            PersonSeed(family: "Al-Rina", given: "Lina", sex: .female, birth: "2015-09-03", nationality: "SY", tongue: "ara",
                       entry: "2023-05-10", moveIn: "2024-08-15", socialAssistance: true, asylum: .recognisedRefugee),
        ], on: db)
        try await household(grenchen, "Kirchstrasse 5", "2540", "Grenchen", [
            PersonSeed(family: "Ivanova", given: "Marija", sex: .female, birth: "1990-04-18", nationality: "BG", tongue: "bul",
                       entry: "2024-03-01", moveIn: "2024-03-01", german: .a2),
        ], on: db)
        try await household(derendingen, "Wohnstrasse 27", "4552", "Derendingen", [
            PersonSeed(family: "Muster", given: "M.", sex: .female, birth: "1990-07-30", nationality: "IT", tongue: "ita",
                       entry: "2021-07-01", moveIn: "2021-07-01", german: GermanLevel.none),
            PersonSeed(family: "Muster", given: "Giulia", sex: .female, birth: "2014-02-11", nationality: "IT", tongue: "ita",
                       entry: "2021-07-01", moveIn: "2021-07-01"),
            PersonSeed(family: "Muster", given: "Marco", sex: .male, birth: "2017-05-23", nationality: "IT", tongue: "ita",
                       entry: "2021-07-01", moveIn: "2021-07-01"),
            PersonSeed(family: "Muster", given: "Sofia", sex: .female, birth: "2020-12-01", nationality: "IT", tongue: "ita",
                       entry: "2021-07-01", moveIn: "2021-07-01"),
        ], on: db)
        try await household(subingen, "Dorfstrasse 8", "4553", "Subingen", [
            PersonSeed(family: "Pereira", given: "Ana", sex: .female, birth: "1994-01-27", nationality: "PT", tongue: "por",
                       entry: "2024-09-01", moveIn: "2024-09-01", german: .a1),
        ], on: db)
        try await household(luterbach, "Hauptstrasse 40", "4542", "Luterbach", [
            PersonSeed(family: "Kovalenko", given: "Olena", sex: .female, birth: "1988-08-08", nationality: "UA", tongue: "ukr",
                       permit: .s, entry: "2024-10-20", moveIn: "2024-10-28", german: GermanLevel.none),
        ], on: db)
    }

    /// An invented household that moved in a few days before the demo starts, so the work lists have something current.
    static func seedRecentArrivals(grenchen: Municipality, today: CalendarDate, on db: any Database) async throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Zurich")!
        let base = calendar.date(from: DateComponents(year: today.year, month: today.month, day: today.day))!
        func daysAgo(_ days: Int) -> String { CalendarDate(base.addingTimeInterval(Double(-days) * 86400)).description }
        try await household(grenchen, "Solothurnstrasse 61", "2540", "Grenchen", [
            PersonSeed(family: "Gebremedhin", given: "Tesfay", sex: .male, birth: "1996-02-14", nationality: "ER", tongue: "tir",
                       permit: .f, entry: daysAgo(400), moveIn: daysAgo(12), german: .a1, socialAssistance: true,
                       asylum: .provisionallyAdmitted),
            PersonSeed(family: "Gebremedhin", given: "Senait", sex: .female, birth: "1998-09-30", nationality: "ER", tongue: "tir",
                       permit: .f, entry: daysAgo(400), moveIn: daysAgo(12), german: GermanLevel.none, socialAssistance: true,
                       asylum: .provisionallyAdmitted),
        ], on: db)
    }

    package static func describe(_ logins: [Login]) -> String {
        var lines = ["Demo-Anmeldungen (nur für Demo und Test; in einer echten Installation `serve --no-demo`):"]
        for login in logins {
            lines.append("  \(login.username.padding(toLength: 22, withPad: " ", startingAt: 0)) \(login.password)   \(login.role.rawValue), \(login.unit)")
        }
        return lines.joined(separator: "\n")
    }
}

/// The demo journeys already under way: the Al-Rina family's first-information conversation
/// (September 2024, Arabic interpreter), Marija Ivanova's three contacts without a conversation,
/// and the Gebremedhin household waiting to be planned.
enum DemoJourneys {
    static func seed(on db: any Database) async throws {
        guard let officer = try await User.query(on: db).filter(\.$username == "ib.grenchen").first(),
              let counter = try await User.query(on: db).filter(\.$username == "schalter.grenchen").first() else { return }
        func persons(_ family: String) async throws -> [Person] {
            try await Unscoped.query(Person.self, on: db).filter(\.$familyName == family).sort(\.$birthDate).all()
        }
        func triage(_ person: Person, _ kind: Triage, _ reason: String, folder: FolderStatus, on date: String?,
                    language: FolderLanguage?) async throws {
            let decision = TriageDecision()
            decision.$person.id = try person.requireID()
            decision.$municipality.id = person.$municipality.id
            decision.triage = kind
            decision.reason = reason
            decision.guide = ConversationGuide.proposed(socialAssistance: person.socialAssistance)
            decision.folderStatus = folder
            decision.folderDate = date.flatMap(CalendarDate.init(parsing:))
            decision.folderLanguage = language
            decision.$decidedBy.id = try counter.requireID()
            try await decision.create(on: db)
        }
        let family = try await persons("Al-Rina")
        for person in family {
            try await triage(person, .oral, "Familie mit Kindern; Fokus Deutsch und Bildung", folder: .handedOver, on: "2024-08-20", language: .other)
        }
        if let first = family.first {
            let appointment = Appointment()
            appointment.$municipality.id = first.$municipality.id
            appointment.kind = .firstInformation
            appointment.date = CalendarDate(year: 2024, month: 9, day: 12)!
            appointment.time = "14:00"
            appointment.place = "Stadthaus Grenchen, Sitzungszimmer 2"
            appointment.format = .group
            appointment.groupConfirmed = false
            appointment.interpreterNeeded = true
            appointment.interpreterLanguage = "ara"
            appointment.interpreterChannel = .heksLinguadukt
            appointment.interpreterStatus = .confirmed
            appointment.interpreterName = "Y. Haddad"
            appointment.checklistFolder = true
            appointment.checklistInvitation = true
            appointment.checklistInterpreter = true
            appointment.status = .held
            appointment.heldOn = appointment.date
            appointment.$createdBy.id = try officer.requireID()
            try await appointment.create(on: db)
            for person in family {
                let participant = AppointmentParticipant()
                participant.$appointment.id = try appointment.requireID()
                participant.$person.id = try person.requireID()
                participant.$municipality.id = person.$municipality.id
                participant.attendance = .present
                // The children need not sign; the father signs at his next visit (the list «Fehlende Unterschriften»).
                participant.signatureRequired = !Addressees.isMinor(person.birthDate, today: appointment.date)
                participant.signatureOn = person.givenName == "Karim" || !participant.signatureRequired ? nil : appointment.date
                participant.consent = person.givenName == "Samira" ? .wholeGuide : .signaturePageOnly
                try await participant.create(on: db)
            }
            let conversation = Conversation()
            conversation.$appointment.id = appointment.id
            conversation.$municipality.id = first.$municipality.id
            conversation.kind = .firstInformation
            conversation.heldOn = appointment.date
            conversation.topics = ConversationTopic.allCases
            conversation.focusNotes = "Deutschkurs für Frau Al-Rina; Weg in die Bildung für Adil (Integrationsjahr abklären)"
            conversation.interpreterPresent = true
            conversation.nextSteps = [.referredToOffers, .followUpConversation]
            conversation.nextStepNote = "Wiedersehen am Neuzuzüger-Anlass im November"
            conversation.$recordedBy.id = try officer.requireID()
            try await conversation.create(on: db)
        }
        if let marija = try await persons("Ivanova").first {
            try await triage(marija, .written, "Arbeitet Vollzeit; schriftliche Information gewünscht", folder: .sent, on: "2024-03-05", language: .en)
            let contacts: [(String, ContactChannel, String, String?)] = [
                ("2024-11-04", .counter, "Kontakt A: fragt am Schalter nach Weiterbildungsmöglichkeiten.", "Übersicht Weiterbildungen abgegeben"),
                ("2024-11-12", .thirdParty, "Kontakt B: Hinweis am Sprachtreff, dass sie sich zurückgezogen hat und keine Kurse mehr besucht.", "Bei nächster Gelegenheit ansprechen"),
                ("2024-11-20", .phone, "Kontakt C: bietet an, die bulgarische Community über berufliche Integration zu informieren.", "Treffen zur Zusammenarbeit vereinbaren"),
            ]
            for (date, channel, note, next) in contacts {
                let contact = Contact()
                contact.$person.id = try marija.requireID()
                contact.$municipality.id = marija.$municipality.id
                contact.occurredOn = CalendarDate(parsing: date)!
                contact.channel = channel
                contact.note = note
                contact.nextStep = next
                contact.$recordedBy.id = try officer.requireID()
                try await contact.create(on: db)
                // The next steps come back: the first two are done, the third is due.
                if let next {
                    let task = NextStepTask()
                    task.$municipality.id = marija.$municipality.id
                    task.$person.id = try marija.requireID()
                    task.contactID = contact.id
                    task.text = next
                    task.dueOn = contact.occurredOn.adding(days: 14)
                    task.$owner.id = try officer.requireID()
                    task.createdByUserID = try officer.requireID()
                    if channel != .phone {
                        task.doneOn = contact.occurredOn.adding(days: 7)
                        task.doneByUserID = try officer.requireID()
                    }
                    try await task.create(on: db)
                }
            }
        }
        for person in try await persons("Gebremedhin") {
            try await triage(person, .oral, "Neu zugezogen, Sozialhilfe; Gespräch mit Tigrinya-Dolmetschen", folder: .notYet, on: nil, language: nil)
        }
        let everyone = try await Unscoped.query(Person.self, on: db).all().compactMap(\.id)
        try await PersonRecords.refreshStages(of: everyone, scope: Unscoped.scope, on: db)
        try await backdate(on: db)
    }

    /// Plausible dates: a household was registered when it moved in, a triage a few days later,
    /// letters and contacts after that; never a registration after the person's first contact.
    static func backdate(on db: any Database) async throws {
        for person in try await Unscoped.query(Person.self, on: db).all() {
            guard let moveIn = person.moveInDate else { continue }
            let registered = SwissTime.startOfDay(moveIn).addingTimeInterval(9 * 3600)
            let triaged = SwissTime.startOfDay(moveIn.adding(days: 5)).addingTimeInterval(10 * 3600)
            try await Unscoped.query(Person.self, on: db).filter(\.$id == person.id!).set(\.$createdAt, to: registered).update()
            try await Unscoped.query(Household.self, on: db).filter(\.$id == person.$household.id).set(\.$createdAt, to: registered).update()
            try await Unscoped.query(TriageDecision.self, on: db).filter(\.$person.$id == person.id!).set(\.$createdAt, to: triaged).update()
        }
    }
}
