import Domain
import Fluent
import Foundation
import Persistence
import Platform
import Vapor

/// A synthetic, reproducible data set of invented persons across all participating municipalities,
/// for benchmarks (`startintegration seed-synthetic --persons 100000`).
enum SyntheticData {
    /// SplitMix64: the same seed gives the same data set on every machine.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let origins: [(nationality: String, tongue: String, permit: ResidencePermit, group: TargetGroup, family: [String], given: [String])] = [
        ("IT", "ita", .b, .euEfta, ["Rossi", "Bianchi", "Romano", "Colombo", "Ricci", "Marino"], ["Giulia", "Marco", "Luca", "Sofia", "Matteo", "Chiara"]),
        ("PT", "por", .b, .euEfta, ["Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa"], ["Ana", "João", "Maria", "Pedro", "Inês", "Tiago"]),
        ("DE", "deu", .b, .euEfta, ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner"], ["Lena", "Jonas", "Mia", "Felix", "Hannah", "Paul"]),
        ("XK", "sqi", .c, .thirdCountry, ["Krasniqi", "Gashi", "Berisha", "Morina", "Shala", "Hoxha"], ["Arta", "Blerim", "Drita", "Ilir", "Vjosa", "Arben"]),
        ("SY", "ara", .b, .recognisedRefugee, ["Al-Hassan", "Haddad", "Khalil", "Nasser", "Saleh", "Youssef"], ["Amal", "Omar", "Lina", "Karim", "Rania", "Sami"]),
        ("ER", "tir", .f, .provisionallyAdmitted, ["Tesfaye", "Berhane", "Kidane", "Haile", "Gebru", "Tekle"], ["Senait", "Yonas", "Helen", "Dawit", "Saba", "Filmon"]),
        ("UA", "ukr", .s, .programmeS, ["Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk"], ["Olena", "Andrii", "Iryna", "Oleksandr", "Kateryna", "Dmytro"]),
        ("TR", "tur", .b, .thirdCountry, ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız"], ["Elif", "Mehmet", "Zeynep", "Emre", "Ayşe", "Can"]),
        ("LK", "tam", .c, .thirdCountry, ["Sivakumar", "Rajan", "Kanagaratnam", "Selvarajah", "Thurairajah", "Nadarajah"], ["Priya", "Kumar", "Nila", "Suresh", "Devi", "Ravi"]),
    ]

    static func seed(_ app: Application, persons count: Int, seed: UInt64) async throws -> Int {
        var random = Generator(state: seed)
        let municipalities = try await Municipality.query(on: app.db).filter(\.$participates == true).filter(\.$active == true).all()
        guard !municipalities.isEmpty else { return 0 }
        let today = CalendarDate(app.appEnvironment.clock.now())
        guard let clerk = try await User.query(on: app.db).filter(\.$role == .counterClerk).first(),
              let officer = try await User.query(on: app.db).filter(\.$role == .integrationOfficer).first() else { return 0 }
        var created = 0
        while created < count {
            let batch = makeBatch(limit: min(2000, count - created), municipalities: municipalities, today: today,
                                  clerkID: try clerk.requireID(), officerID: try officer.requireID(), random: &random)
            try await app.db.transaction { db in
                try await batch.households.create(on: db)
                try await batch.persons.create(on: db)
                try await batch.keys.create(on: db)
                try await batch.triages.create(on: db)
                try await batch.assessments.create(on: db)
                try await batch.cases.create(on: db)
                try await batch.conversations.create(on: db)
                try await batch.participants.create(on: db)
                try await batch.measures.create(on: db)
                try await batch.reports.create(on: db)
            }
            created += batch.persons.count
        }
        return created
    }

    /// Arrivals of the last four months are still open; older ones have been informed in writing.
    static let openDays = 120

    struct Batch {
        var households: [Household] = []
        var persons: [Person] = []
        var keys: [PersonSearchKey] = []
        var triages: [TriageDecision] = []
        // Fördern and Fordern for one person in ten: an assessment, measures, or a case with its conversation.
        var assessments: [Assessment] = []
        var measures: [Measure] = []
        var conversations: [IntegrationConversation] = []
        var participants: [IntegrationParticipant] = []
        var cases: [FordernCase] = []
        var reports: [DeficitReport] = []
    }

    static func makeBatch(limit count: Int, municipalities: [Municipality], today: CalendarDate, clerkID: UUID, officerID: UUID,
                          random: inout Generator) -> Batch {
        var batch = Batch()
        while batch.persons.count < count {
            let municipality = municipalities.randomElement(using: &random)!
            let origin = origins.randomElement(using: &random)!
            let household = Household(id: UUID(), municipalityID: municipality.id!, street: "Beispielweg \(Int.random(in: 1...200, using: &random))",
                                      postalCode: String(4500 + Int.random(in: 0...99, using: &random)), place: municipality.name)
            batch.households.append(household)
            let family = origin.family.randomElement(using: &random)!
            let yearsAgo = Int.random(in: 0...9, using: &random)
            let drawn = CalendarDate(year: today.year - yearsAgo, month: Int.random(in: 1...12, using: &random), day: Int.random(in: 1...28, using: &random))!
            let moveIn = min(drawn, today)
            let size = min(Int.random(in: 1...4, using: &random), count - batch.persons.count)
            let open = moveIn >= today.adding(days: -openDays)
            for index in 0..<size {
                let person = Person()
                person.id = UUID()
                person.$household.id = household.id!
                person.$municipality.id = municipality.id!
                person.familyName = family
                person.givenName = origin.given.randomElement(using: &random)!
                person.nameKey = NameFolding.key(person.familyName + person.givenName)
                person.sex = Bool.random(using: &random) ? .female : .male
                let birthYear = index < 2 ? moveIn.year - Int.random(in: 20...60, using: &random) : moveIn.year - Int.random(in: 0...17, using: &random)
                person.birthDate = CalendarDate(year: birthYear, month: Int.random(in: 1...12, using: &random), day: Int.random(in: 1...28, using: &random))!
                person.nationality = origin.nationality
                person.motherTongue = origin.tongue
                person.permit = origin.permit
                person.entryDate = moveIn
                person.moveInDate = moveIn
                person.socialAssistance = Int.random(in: 0..<10, using: &random) == 0
                person.targetGroup = origin.group
                person.source = .synthetic
                person.stage = open ? .toTriage : .written
                batch.persons.append(person)
                for key in SearchKeys.keys(given: person.givenName, family: person.familyName) {
                    batch.keys.append(PersonSearchKey(personID: person.id!, municipalityID: municipality.id!, key: key))
                }
                if !open {
                    let triage = TriageDecision()
                    triage.$person.id = person.id!
                    triage.$municipality.id = municipality.id!
                    triage.triage = .written
                    triage.reason = "Schriftliche Erstinformation"
                    triage.guide = .standard
                    triage.folderStatus = .sent
                    triage.folderDate = moveIn
                    triage.folderLanguage = .de
                    triage.$decidedBy.id = clerkID
                    batch.triages.append(triage)
                }
                // One household in four (about one person in ten): the first adult has case work.
                if index == 0, Int.random(in: 0..<4, using: &random) == 0 {
                    addCaseWork(for: person, kind: Int.random(in: 0..<3, using: &random), today: today, officerID: officerID,
                                random: &random, into: &batch)
                }
            }
        }
        return batch
    }

    static func addCaseWork(for person: Person, kind: Int, today: CalendarDate, officerID: UUID, random: inout Generator, into batch: inout Batch) {
        let municipality = person.$municipality.id
        // Some day in the last two years, not before the person moved in.
        let held = max(today.adding(days: -Int.random(in: 1...700, using: &random)), min(person.moveInDate ?? today, today.adding(days: -1)))
        func measure(_ title: String, due: CalendarDate, status: MeasureStatus, caseID: UUID? = nil, conversationID: UUID? = nil) {
            let measure = Measure()
            measure.id = UUID()
            measure.$person.id = person.id!
            measure.$municipality.id = municipality
            measure.title = title
            measure.responsible = .person
            measure.dueOn = due
            measure.status = status
            measure.caseID = caseID
            measure.conversationID = conversationID
            batch.measures.append(measure)
        }
        switch kind {
        case 0:
            let assessment = Assessment()
            assessment.$person.id = person.id!
            assessment.$municipality.id = municipality
            assessment.assessedOn = held
            assessment.entries = [.learningGerman: .init(status: .clearNeed, note: nil), .educationAndWork: .init(status: .someNeed, note: nil)]
            assessment.recordedByUserID = officerID
            batch.assessments.append(assessment)
        case 1:
            measure("Deutschkurs A2", due: held.addingMonths(6), status: held.addingMonths(6) < today ? .completed : .attending)
            measure("Berufsberatung", due: held.addingMonths(3), status: Bool.random(using: &random) ? .registered : .completed)
        default:
            let fordernCase = FordernCase()
            fordernCase.id = UUID()
            fordernCase.$person.id = person.id!
            fordernCase.$municipality.id = municipality
            fordernCase.triggerSource = .school
            fordernCase.triggerNote = "Hinweis der Schule"
            fordernCase.triggeredOn = held.adding(days: -30)
            fordernCase.criteria = [.languageSkills: .init(concerned: true, note: "kein Deutsch")]
            fordernCase.conversationType = .midi
            fordernCase.refusedCooperation = false
            fordernCase.createdByUserID = officerID
            let conversation = IntegrationConversation()
            conversation.id = UUID()
            conversation.$municipality.id = municipality
            conversation.caseID = fordernCase.id
            conversation.heldOn = held
            conversation.place = "Gemeindehaus"
            conversation.need = "Deutsch lernen"
            conversation.interpreterPresent = false
            conversation.leadUserID = officerID
            conversation.leadSignature = .signed
            conversation.leadSignedOn = held
            conversation.interpreterSignature = .pending
            conversation.reviewOn = held.addingMonths(6)
            conversation.programmeS = person.targetGroup == .programmeS
            batch.conversations.append(conversation)
            let participant = IntegrationParticipant()
            participant.$conversation.id = conversation.id!
            participant.$person.id = person.id!
            participant.$municipality.id = municipality
            participant.signature = .signed
            participant.signedOn = held
            batch.participants.append(participant)
            measure("Deutschkurs für Eltern", due: held.addingMonths(5), status: .attending, caseID: fordernCase.id, conversationID: conversation.id)
            fordernCase.conversationID = conversation.id
            fordernCase.reviewOn = conversation.reviewOn
            if conversation.reviewOn < today {
                conversation.reviewedOn = conversation.reviewOn
                fordernCase.reviewOutcome = Bool.random(using: &random) ? .fulfilled : .notFulfilled
                if fordernCase.reviewOutcome == .fulfilled { fordernCase.closedOn = conversation.reviewOn }
            }
            if fordernCase.reviewOutcome == .notFulfilled {
                let sent = conversation.reviewOn.adding(days: 7)
                fordernCase.reportedOn = sent
                let report = DeficitReport()
                report.$fordernCase.id = fordernCase.id!
                report.$municipality.id = municipality
                report.municipalityName = person.$municipality.id.uuidString.prefix(8).description
                report.personName = "\(person.givenName) \(person.familyName)"
                report.birthDate = person.birthDate
                report.nationality = person.nationality
                report.permit = person.permit
                report.entryDate = person.entryDate
                report.address = "Beispielweg"
                report.criteriaText = "Sprachkompetenzen"
                report.deficit = "Keine Fortschritte"
                report.measures = "Deutschkurs für Eltern"
                report.outcome = "nicht erfüllt"
                report.conversationOn = held
                report.personSignature = .signed
                report.sentOn = sent
                let decided = sent.adding(days: 30) < today
                report.status = decided ? .decided : .sent
                report.decision = decided ? .integrationAgreement : nil
                report.decidedOn = decided ? sent.adding(days: 30) : nil
                report.decisionSeenOn = decided && Bool.random(using: &random) ? sent.adding(days: 35) : nil
                batch.reports.append(report)
            }
            fordernCase.refreshStep()
            batch.cases.append(fordernCase)
        }
    }
}

/// `seed-synthetic --persons N [--seed S]`: organisation, demo accounts and N invented persons.
struct SeedSyntheticCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "persons", help: "Anzahl Personen (Standard 100000)") var persons: Int?
        @Option(name: "seed", help: "Startwert des Zufallsgenerators (Standard 1)") var seed: Int?
    }
    var help: String { "Lädt einen synthetischen Datensatz für Benchmarks (erfundene Personen in allen Gemeinden)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.prepareForServe(loadDemo: true)
        let count = try await SyntheticData.seed(app, persons: signature.persons ?? 100_000, seed: UInt64(signature.seed ?? 1))
        context.console.print("\(count) synthetische Personen geladen.")
    }
}
