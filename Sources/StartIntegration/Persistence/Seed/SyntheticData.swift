import Fluent
import Foundation
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

    static let origins: [(nationality: String, tongue: String, permit: String, group: String, family: [String], given: [String])] = [
        ("IT", "ita", "B", "eu_efta", ["Rossi", "Bianchi", "Romano", "Colombo", "Ricci", "Marino"], ["Giulia", "Marco", "Luca", "Sofia", "Matteo", "Chiara"]),
        ("PT", "por", "B", "eu_efta", ["Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa"], ["Ana", "João", "Maria", "Pedro", "Inês", "Tiago"]),
        ("DE", "deu", "B", "eu_efta", ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner"], ["Lena", "Jonas", "Mia", "Felix", "Hannah", "Paul"]),
        ("XK", "sqi", "C", "third_country", ["Krasniqi", "Gashi", "Berisha", "Morina", "Shala", "Hoxha"], ["Arta", "Blerim", "Drita", "Ilir", "Vjosa", "Arben"]),
        ("SY", "ara", "B", "recognised_refugee", ["Al-Hassan", "Haddad", "Khalil", "Nasser", "Saleh", "Youssef"], ["Amal", "Omar", "Lina", "Karim", "Rania", "Sami"]),
        ("ER", "tir", "F", "provisionally_admitted", ["Tesfaye", "Berhane", "Kidane", "Haile", "Gebru", "Tekle"], ["Senait", "Yonas", "Helen", "Dawit", "Saba", "Filmon"]),
        ("UA", "ukr", "S", "programme_s", ["Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk"], ["Olena", "Andrii", "Iryna", "Oleksandr", "Kateryna", "Dmytro"]),
        ("TR", "tur", "B", "third_country", ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız"], ["Elif", "Mehmet", "Zeynep", "Emre", "Ayşe", "Can"]),
        ("LK", "tam", "C", "third_country", ["Sivakumar", "Rajan", "Kanagaratnam", "Selvarajah", "Thurairajah", "Nadarajah"], ["Priya", "Kumar", "Nila", "Suresh", "Devi", "Ravi"]),
    ]

    static func seed(_ app: Application, persons count: Int, seed: UInt64) async throws -> Int {
        var random = Generator(state: seed)
        let municipalities = try await Municipality.query(on: app.db).filter(\.$participates == true).filter(\.$active == true).all()
        guard !municipalities.isEmpty else { return 0 }
        let today = CalendarDate(app.clock.now())
        var created = 0
        while created < count {
            let batch = makeBatch(limit: min(2000, count - created), municipalities: municipalities, today: today, random: &random)
            try await app.db.transaction { db in
                try await batch.households.create(on: db)
                try await batch.persons.create(on: db)
            }
            created += batch.persons.count
        }
        return created
    }

    static func makeBatch(limit count: Int, municipalities: [Municipality], today: CalendarDate,
                          random: inout Generator) -> (households: [Household], persons: [Person]) {
        var households: [Household] = []
        var persons: [Person] = []
        while persons.count < count {
            let municipality = municipalities.randomElement(using: &random)!
            let origin = origins.randomElement(using: &random)!
            let household = Household(id: UUID(), municipalityID: municipality.id!, street: "Beispielweg \(Int.random(in: 1...200, using: &random))",
                                      postalCode: String(4500 + Int.random(in: 0...99, using: &random)), place: municipality.name)
            households.append(household)
            let family = origin.family.randomElement(using: &random)!
            let yearsAgo = Int.random(in: 0...9, using: &random)
            let drawn = CalendarDate(year: today.year - yearsAgo, month: Int.random(in: 1...12, using: &random), day: Int.random(in: 1...28, using: &random))!
            let moveIn = min(drawn, today)
            let size = min(Int.random(in: 1...4, using: &random), count - persons.count)
            for index in 0..<size {
                let person = Person()
                person.id = UUID()
                person.$household.id = household.id!
                person.$municipality.id = municipality.id!
                person.familyName = family
                person.givenName = origin.given.randomElement(using: &random)!
                person.nameKey = NameFolding.key(person.familyName + person.givenName)
                person.sex = Bool.random(using: &random) ? "female" : "male"
                let birthYear = index < 2 ? moveIn.year - Int.random(in: 20...60, using: &random) : moveIn.year - Int.random(in: 0...17, using: &random)
                person.birthDate = CalendarDate(year: birthYear, month: Int.random(in: 1...12, using: &random), day: Int.random(in: 1...28, using: &random))!.description
                person.nationality = origin.nationality
                person.motherTongue = origin.tongue
                person.permit = origin.permit
                person.entryDate = moveIn.description
                person.moveInDate = moveIn.description
                person.socialAssistance = Int.random(in: 0..<10, using: &random) == 0
                person.targetGroup = origin.group
                person.source = "synthetic"
                persons.append(person)
            }
        }
        return (households, persons)
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
