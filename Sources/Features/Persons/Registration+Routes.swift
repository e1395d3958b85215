import Domain
import Fluent
import Persistence
import Platform
import Vapor

/// Anmeldung: the counter registers a household that moved in from abroad (the personal data sheet
/// of each member); the target group is derived, duplicates are shown before anything is stored.
enum Registration {
    struct Input: Decodable, Sendable {
        var municipalityID: String?
        var street: String?
        var postalCode: String?
        var place: String?
        var persons: [PersonInput]?
        var action: String?
        var confirmDuplicates: String?
    }

    static func showForm(_ req: Request) async throws -> Response {
        let scope = try req.scope()
        var input = Input()
        input.persons = [PersonInput()]
        if scope.municipalityIDs.count == 1 {
            input.municipalityID = scope.municipalityIDs[0].uuidString
            input.place = try await Municipality.find(scope.municipalityIDs[0], on: req.db)?.name
            // Most municipalities have one postal code: the last registration's is the likely one.
            if let last = try await scope.records(Household.self, on: req.db).sort(\.$createdAt, .descending).fetchFirst() {
                input.postalCode = last.postalCode
                input.place = last.place
            }
        }
        return try await render(req, input: input, householdErrors: FieldMessages(), personErrors: [FieldMessages()], duplicates: [])
    }

    /// What the form's buttons ask for; anything else is refused, never taken for "save".
    enum Action: Equatable {
        case save, addPerson, review, edit
        case removePerson(Int)

        init?(_ text: String?) {
            switch text ?? "save" {
            case "save": self = .save
            case "addPerson": self = .addPerson
            // "preview" was the old name of checking the answers.
            case "review", "preview": self = .review
            case "edit": self = .edit
            case let other where other.hasPrefix("removePerson:"):
                guard let index = Int(other.dropFirst("removePerson:".count)) else { return nil }
                self = .removePerson(index)
            default: return nil
            }
        }
    }

    /// A household larger than this is a typing error or an attack, not a family.
    static let maximumPersons = 20

    static func submit(_ req: Request) async throws -> Response {
        var input = try req.form(Input.self)
        var persons = input.persons ?? []
        if persons.isEmpty { persons = [PersonInput()] }
        guard let action = Action(input.action), persons.count <= maximumPersons else { throw AppError.badRequest }
        // Adding or removing a person block is a round trip without JavaScript; nothing is stored.
        if action == .addPerson {
            if persons.count < maximumPersons { persons.append(persons[0].carriedOver()) }
            input.persons = persons
            return try await render(req, input: input, householdErrors: FieldMessages(), personErrors: persons.map { _ in FieldMessages() },
                                    duplicates: [], focus: persons.count - 1)
        }
        if action == .edit {
            input.persons = persons
            return try await render(req, input: input, householdErrors: FieldMessages(), personErrors: persons.map { _ in FieldMessages() },
                                    duplicates: [])
        }
        if case .removePerson(let index) = action, persons.indices.contains(index), persons.count > 1 {
            persons.remove(at: index)
            input.persons = persons
            return try await render(req, input: input, householdErrors: FieldMessages(), personErrors: persons.map { _ in FieldMessages() },
                                    duplicates: [])
        }
        input.persons = persons

        let scope = try req.scope()
        let texts = req.texts
        var householdErrors = FieldMessages()
        let municipalityID = UUID(uuidString: input.municipalityID ?? "")
        if municipalityID == nil || !scope.mayWork(in: municipalityID!) {
            householdErrors.add("municipalityID", texts("form.chooseOne"))
            if let municipalityID {
                try await req.audit(.accessDenied, .municipality(municipalityID), detail: "Anmeldung für fremde Gemeinde")
            }
        }
        let street = householdErrors.text("street", input.street, max: 200, required: true, texts: texts)
        let postalCode = FieldCheck.trimmed(input.postalCode)
        if !FieldCheck.isSwissPostalCode(postalCode) { householdErrors.add("postalCode", texts("registration.postalCodeInvalid")) }
        let place = householdErrors.text("place", input.place, max: 100, required: true, texts: texts)
        let context = PersonForm.Context(today: req.today, reference: req.reference, texts: texts)
        var values: [PersonValues] = []
        var personErrors: [FieldMessages] = []
        for (index, person) in persons.enumerated() {
            switch PersonForm.validate(person, context: context, relationshipRequired: index > 0) {
            case .valid(let value):
                values.append(value)
                personErrors.append(FieldMessages())
            case .invalid(let errors):
                personErrors.append(errors)
            }
        }
        guard householdErrors.isEmpty, values.count == persons.count, let municipalityID else {
            return try await render(req, input: input, householdErrors: householdErrors, personErrors: personErrors, duplicates: [],
                                    status: .unprocessableEntity)
        }

        // The same birth date and a name that matches as search matches it (spellings, transliterations):
        // show them and ask before creating a second record.
        var duplicates: [PersonRow] = []
        for value in values {
            let words = SearchKeys.words(value.givenName + " " + value.familyName)
            for person in try await PersonSearch.run(.init(words: words, birthDate: value.birthDate), scope: scope, on: req.db)
            where !duplicates.contains(where: { $0.id == person.id }) {
                duplicates.append(person)
            }
        }
        if !duplicates.isEmpty, input.confirmDuplicates == nil {
            return try await render(req, input: input, householdErrors: householdErrors, personErrors: personErrors,
                                    duplicates: duplicates, status: .conflict)
        }
        if action == .review {
            // Check your answers: everything on one page before anything is stored.
            let municipality = try await Municipality.find(municipalityID, on: req.db)
            if !duplicates.isEmpty {
                try await req.audit(.personListed, .persons(duplicates.map(\.id)), detail: "Anmeldung: bestätigte mögliche Doppelerfassungen")
            }
            return req.render(RegistrationReviewView(input: input, values: values, municipality: municipality?.name ?? "",
                                                     address: "\(street), \(postalCode) \(place)", reference: req.reference,
                                                     today: req.today).page(req.viewContext))
        }

        let household = Household(municipalityID: municipalityID, street: street, postalCode: postalCode, place: place)
        let detail = duplicates.isEmpty ? "Anmeldung" : "Anmeldung trotz möglicher Doppelerfassung"
        let toStore = values
        return try await req.storeOnce { tx in
            try await household.create(on: tx)
            for value in toStore {
                let person = Person()
                person.$household.id = try household.requireID()
                person.$municipality.id = municipalityID
                person.source = .manual
                value.apply(to: person)
                person.stage = value.targetGroup.isInScope ? .toTriage : .outOfScope
                try await person.create(on: tx)
                try await PersonRecords.writeSearchKeys(of: person, scope: scope, on: tx)
                try await req.audit(.personCreated, .person(try person.requireID()), detail: detail, in: tx)
            }
            return Link.afterSave(.household(.value(try household.requireID())), flash: "registered")
        }
    }

    static func render(_ req: Request, input: Input, householdErrors: FieldMessages, personErrors: [FieldMessages],
                       duplicates: [PersonRow], status: HTTPResponseStatus = .ok, focus: Int? = nil) async throws -> Response {
        let scope = try req.scope()
        let municipalities = try await Municipality.query(on: req.db).filter(\.$id ~~ scope.municipalityIDs).sort(\.$name).all()
        let names = Dictionary(uniqueKeysWithValues: municipalities.map { ($0.id!, $0.name) })
        if !duplicates.isEmpty {
            try await req.audit(.personListed, .persons(duplicates.map(\.id)), detail: "Anmeldung: mögliche Doppelerfassungen")
        }
        let view = RegistrationView(
            input: input, householdErrors: householdErrors, personErrors: personErrors,
            municipalities: municipalities.map { SelectOption(value: $0.id!.uuidString, label: $0.name,
                                                              selected: $0.id!.uuidString == input.municipalityID) },
            duplicates: duplicates.map { .init(id: $0.id, name: $0.name, birthDate: $0.birthDate,
                                               municipality: names[$0.municipalityID] ?? "") },
            reference: req.reference, focus: focus)
        var page = view.page(req.viewContext)
        page.status = status
        return req.render(page)
    }
}
