import Fluent
import Vapor

/// Anmeldung: the counter registers a household that moved in from abroad (the personal data sheet
/// of each member); the target group is derived, duplicates are shown before anything is stored.
enum RegistrationFeature {
    static func register(_ routes: any RoutesBuilder) {
        let editors = routes.requiring(.editPersons)
        editors.get("anmeldung", use: showForm)
        editors.post("anmeldung", use: submit)
    }

    struct FormInput: Content {
        var municipalityID: String?
        var street: String?
        var postalCode: String?
        var place: String?
        var persons: [PersonInput]?
        var action: String?
        var confirmDuplicates: String?
    }

    struct Page: Encodable {
        struct Duplicate: Encodable { let href: String; let name: String; let birthDate: String; let municipality: String }
        let municipalityOptions: [SelectOption]
        let household: [String: String]
        let householdErrors: FieldMessages
        let persons: [PersonForm.Block]
        let duplicates: [Duplicate]
        let hasErrors: Bool
    }

    static func showForm(_ req: Request) async throws -> Response {
        let scope = try req.scope()
        var input = FormInput()
        input.persons = [PersonInput()]
        if scope.municipalityIDs.count == 1 {
            input.municipalityID = scope.municipalityIDs[0].uuidString
            if let municipality = try await Municipality.find(scope.municipalityIDs[0], on: req.db) { input.place = municipality.name }
        }
        return try await render(req, input: input, householdErrors: FieldMessages(), personErrors: [FieldMessages()], duplicates: [])
    }

    static func submit(_ req: Request) async throws -> Response {
        var input = try req.content.decode(FormInput.self)
        var persons = input.persons ?? []
        if persons.isEmpty { persons = [PersonInput()] }
        let action = input.action ?? "save"
        // Adding or removing a person block is a round trip without JavaScript; nothing is stored.
        if action == "addPerson" {
            persons.append(PersonInput())
            input.persons = persons
            return try await render(req, input: input, householdErrors: FieldMessages(),
                                    personErrors: persons.map { _ in FieldMessages() }, duplicates: [])
        }
        if action.hasPrefix("removePerson:"), let index = Int(action.dropFirst("removePerson:".count)),
           persons.indices.contains(index), persons.count > 1 {
            persons.remove(at: index)
            input.persons = persons
            return try await render(req, input: input, householdErrors: FieldMessages(),
                                    personErrors: persons.map { _ in FieldMessages() }, duplicates: [])
        }
        input.persons = persons

        let scope = try req.scope()
        let context = req.personFormContext
        var householdErrors = FieldMessages()
        let municipalityID = UUID(uuidString: input.municipalityID ?? "")
        if municipalityID == nil || !scope.mayWork(in: municipalityID!) {
            householdErrors.add("municipalityID", req.texts.text("form.chooseOne"))
            if let municipalityID {
                try await req.audit(.accessDenied, recordType: "municipality", recordID: municipalityID, detail: "Anmeldung für fremde Gemeinde")
            }
        }
        let street = FieldCheck.trimmed(input.street)
        let postalCode = FieldCheck.trimmed(input.postalCode)
        let place = FieldCheck.trimmed(input.place)
        if street.isEmpty { householdErrors.add("street", req.texts.text("form.required")) }
        if !FieldCheck.isSwissPostalCode(postalCode) { householdErrors.add("postalCode", req.texts.text("registration.postalCodeInvalid")) }
        if place.isEmpty { householdErrors.add("place", req.texts.text("form.required")) }
        let results = persons.map { PersonForm.validate($0, context: context) }
        let personErrors = results.map(\.1)
        let values = results.compactMap(\.0)
        guard householdErrors.isEmpty, values.count == persons.count, let municipalityID else {
            return try await render(req, input: input, householdErrors: householdErrors, personErrors: personErrors, duplicates: [], status: .unprocessableEntity)
        }

        // Same folded name and birth date in the unit: show them and ask before creating a second record.
        var duplicates: [Person] = []
        for value in values {
            duplicates += try await scope.persons(on: req.db)
                .filter(\.$nameKey == NameFolding.key(value.familyName + value.givenName))
                .filter(\.$birthDate == value.birthDate.description).all()
        }
        if !duplicates.isEmpty, input.confirmDuplicates == nil || action == "preview" {
            return try await render(req, input: input, householdErrors: householdErrors, personErrors: personErrors,
                                    duplicates: duplicates, status: .conflict)
        }
        if action == "preview" {
            return try await render(req, input: input, householdErrors: householdErrors, personErrors: personErrors, duplicates: [])
        }

        let household = Household(municipalityID: municipalityID, street: street, postalCode: postalCode, place: place)
        let detail = duplicates.isEmpty ? "Anmeldung" : "Anmeldung trotz möglicher Doppelerfassung"
        try await req.db.transaction { tx in
            try await household.create(on: tx)
            for value in values {
                let person = Person()
                person.$household.id = try household.requireID()
                person.$municipality.id = municipalityID
                person.source = "manual"
                value.apply(to: person)
                try await person.create(on: tx)
                try await req.audit(.personCreated, recordType: "person", recordID: person.id,
                                    detail: detail, on: tx)
            }
        }
        return req.redirectAfterSave(to: Paths.household(try household.requireID()), flash: "registered")
    }

    static func render(_ req: Request, input: FormInput, householdErrors: FieldMessages, personErrors: [FieldMessages],
                       duplicates: [Person], status: HTTPResponseStatus = .ok) async throws -> Response {
        let scope = try req.scope()
        let municipalities = try await Municipality.query(on: req.db).filter(\.$id ~~ scope.municipalityIDs).sort(\.$name).all()
        let context = req.personFormContext
        let persons = input.persons ?? [PersonInput()]
        let names = Dictionary(uniqueKeysWithValues: municipalities.map { ($0.id!, $0.name) })
        let page = Page(
            municipalityOptions: municipalities.map { .init(value: $0.id!.uuidString, label: $0.name, selected: $0.id!.uuidString == input.municipalityID) },
            household: ["street": input.street ?? "", "postalCode": input.postalCode ?? "", "place": input.place ?? ""],
            householdErrors: householdErrors,
            persons: persons.enumerated().map { index, person in
                PersonForm.block(person, index: index, errors: personErrors.indices.contains(index) ? personErrors[index] : FieldMessages(),
                                 context: context, removable: persons.count > 1)
            },
            duplicates: duplicates.map { person in
                .init(href: Paths.person(person.id!), name: "\(person.familyName), \(person.givenName)",
                      birthDate: CalendarDate(parsing: person.birthDate)?.swissFormat ?? person.birthDate,
                      municipality: names[person.$municipality.id] ?? "")
            },
            hasErrors: !householdErrors.isEmpty || personErrors.contains { !$0.isEmpty })
        if !duplicates.isEmpty {
            try await req.audit(.personListed, recordType: "person", detail: "Anmeldung: \(duplicates.count) mögliche Doppelerfassungen gezeigt")
        }
        let response = try await req.renderPage("Informieren/registration", title: req.texts.text("registration.title"), body: page)
        response.status = status
        return response
    }
}
