import Domain
import Fluent
import Foundation
import Persistence
import Platform
import Vapor

/// Next steps that come back: a contact's or conversation's next step has a due date and an owner
/// and stays in the work list «Fällige nächste Schritte» until someone marks it done.
enum NextSteps {
    struct Owner: Sendable {
        let id: UUID
        let name: String
    }

    struct Values: Sendable {
        let text: String
        let due: CalendarDate
        let owner: UUID
    }

    /// Who may own a step: the active colleagues of the user's unit who work with persons.
    static func owners(_ req: Request) async throws -> [Owner] {
        let user = try req.requireUser()
        let users = try await User.query(on: req.db).filter(\.$unit.$id == user.unitID).filter(\.$locked == false).all()
        return GermanCollation.sorted(users.filter { $0.role.has(.editPersons) || $0.role.has(.workOnCases) }, by: \.displayName)
            .map { Owner(id: $0.id!, name: $0.displayName) }
    }

    /// The due date a new step proposes.
    static func proposedDue(_ today: CalendarDate) -> String { today.adding(days: 7).description }

    /// A step is optional; once it has a text, it needs a due date and an owner of the unit.
    static func validate(text: String, due: String?, owner: String?, owners: [UUID], fields: (text: String, due: String, owner: String),
                         today: CalendarDate, errors: inout FieldMessages, texts t: Localizer) -> Values? {
        let dueText = FieldCheck.trimmed(due)
        // The form proposes a due date: without a text there is no step, whatever the date says.
        guard !text.isEmpty else { return nil }
        guard !dueText.isEmpty else {
            errors.add(fields.due, t("nextStep.dueRequired"))
            return nil
        }
        let date = errors.date(fields.due, dueText, required: true, range: .planned(today: today), texts: t)
        let ownerID = UUID(uuidString: FieldCheck.trimmed(owner))
        guard let ownerID, owners.contains(ownerID) else {
            errors.add(fields.owner, t("form.chooseOne"))
            return nil
        }
        guard let date else { return nil }
        return Values(text: text, due: date, owner: ownerID)
    }

    static func fields(text: String, due: String, owner: String?, owners: [Owner], ids: (text: String, due: String, owner: String),
                       labelKey: String, errors: FieldMessages, t: Localizer) -> Node {
        fieldset(.class("next-step-fields")) {
            legend { t("nextStep.legend") }
            textAreaField(FieldSpec(id: ids.text, label: t(labelKey), error: errors[ids.text], note: t("form.optional")),
                          value: text, rows: 2, maxLength: 1000)
            div(.class("grid-2")) {
                textField(FieldSpec(id: ids.due, label: t("nextStep.due"), hint: t("nextStep.dueHint"), error: errors[ids.due]),
                          value: due, type: .date)
                selectField(FieldSpec(id: ids.owner, label: t("nextStep.owner"), error: errors[ids.owner]),
                            options: owners.map { SelectOption(value: $0.id.uuidString, label: $0.name, selected: $0.id.uuidString == owner) })
            }
        }
    }

    /// Creates, changes or (when the text was removed) deletes the open step of a contact or conversation.
    static func save(_ values: Values?, for person: Person, conversationID: UUID?, contactID: UUID?, req: Request,
                     on db: any Database) async throws {
        let scope = try req.scope()
        var query = scope.query(NextStepTask.self, on: db)
        if let conversationID { query = query.filter(\.$conversationID == conversationID) }
        if let contactID { query = query.filter(\.$contactID == contactID) }
        let existing = conversationID == nil && contactID == nil ? nil : try await query.first()
        guard let values else {
            if let existing, existing.doneOn == nil { try await existing.delete(on: db) }
            return
        }
        let task = existing ?? NextStepTask()
        if existing == nil {
            task.$municipality.id = person.$municipality.id
            task.$person.id = try person.requireID()
            task.conversationID = conversationID
            task.contactID = contactID
            task.createdByUserID = try req.requireUser().userID
        }
        task.text = values.text
        task.dueOn = values.due
        task.$owner.id = values.owner
        try await task.save(on: db)
    }

    struct DoneInput: Decodable, Sendable {
        var back: String?
    }

    /// «Erledigt»: the step leaves the work list; who and when stay on the timeline.
    static func markDone(_ req: Request) async throws -> Response {
        let id = try req.idParameter("taskID")
        let task = try await req.scoped(NextStepTask.self, id, record: .nextStep(id))
        guard task.doneOn == nil else { return req.redirect(to: .workList(.value(WorkList.dueSteps.rawValue)), flash: "stepDone") }
        task.doneOn = req.today
        task.doneByUserID = try req.requireUser().userID
        return try await req.storeOnce { tx in
            try await task.update(on: tx)
            try await req.audit(.personUpdated, .person(task.$person.id), detail: "Nächster Schritt erledigt", in: tx)
            return Link.afterSave(.workList(.value(WorkList.dueSteps.rawValue)), flash: "stepDone")
        }
    }

    /// A step's line on the timeline.
    static func line(_ task: NextStepTask, owners: [UUID: String], t: Localizer) -> String {
        let owner = owners[task.$owner.id] ?? "–"
        if let done = task.doneOn {
            return t("nextStep.lineDone", ["step": task.text, "date": done.swissFormat])
        }
        return t("nextStep.lineOpen", ["step": task.text, "due": task.dueOn.swissFormat, "owner": owner])
    }
}
