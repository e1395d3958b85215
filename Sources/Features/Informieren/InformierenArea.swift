import Domain
import Platform
import Vapor

/// Informieren (first information): triage and welcome folder, planning of conversations with
/// interpreters, the conversation record, contacts, and the work lists of the counter and officer.
package struct InformierenArea: Area {
    package init() {}

    package func registerRoutes(open: any RoutesBuilder, loggedIn: any RoutesBuilder) {
        loggedIn.requiring(.viewPersons).get(.informieren, use: InformierenOverview.show)
        let editors = loggedIn.requiring(.editPersons)
        editors.get(.personTriage(.key), use: TriageRoutes.showForm)
        editors.post(.personTriage(.key), use: TriageRoutes.save)
        editors.get(.personNewContact(.key), use: ContactRoutes.showForm)
        editors.post(.personNewContact(.key), use: ContactRoutes.create)
        editors.get(.contactEdit(.key), use: ContactRoutes.editForm)
        editors.post(.contactEdit(.key), use: ContactRoutes.update)
        editors.get(.contactDelete(.key), use: ContactRoutes.deleteForm)
        editors.post(.contactDelete(.key), use: ContactRoutes.delete)
        editors.post(.nextStepDone(.key), use: NextSteps.markDone)
        let officers = loggedIn.requiring(.workOnCases)
        officers.get(.newAppointment, use: AppointmentRoutes.newForm)
        officers.post(.newAppointment, use: AppointmentRoutes.create)
        officers.get(.appointment(.key), use: AppointmentRoutes.show)
        officers.get(.appointmentEdit(.key), use: AppointmentRoutes.editForm)
        officers.post(.appointmentEdit(.key), use: AppointmentRoutes.update)
        officers.get(.appointmentCancel(.key), use: AppointmentRoutes.cancelForm)
        officers.post(.appointmentCancel(.key), use: AppointmentRoutes.cancel)
        officers.post(.appointmentSignature(.key), use: AppointmentRoutes.signToday)
        officers.get(.appointmentConversation(.key), use: ConversationRoutes.showForm)
        officers.post(.appointmentConversation(.key), use: ConversationRoutes.save)
        // Each list checks its own permission: the counter sees "to triage" only.
        loggedIn.requiring(.viewPersons).get(.workList(.key), use: WorkListRoutes.show)
    }

    package var navigation: [NavigationEntry] {
        [NavigationEntry(textKey: "nav.informieren", url: .informieren, permission: .viewPersons, order: 10,
                         alsoCurrentFor: [.registration, .persons, .household(.key), .newAppointment, .workList(.key)])]
    }

    package var timeline: [any TimelineSource] { [TriageTimeline(), AppointmentTimeline(), ContactTimeline()] }

    package var workLists: [any WorkListSource] { [WorkListCounts()] }

    package var householdTasks: [any HouseholdTaskSource] { [InformierenTasks()] }

    package var personActions: [PersonAction] {
        [
            PersonAction(textKey: "persons.action.triage", permission: .editPersons) { person, _ in Link(.personTriage(.value(person))) },
            PersonAction(textKey: "persons.action.contact", permission: .editPersons) { person, _ in
                Link(.personNewContact(.value(person)))
            },
            PersonAction(textKey: "persons.action.plan", permission: .workOnCases) { _, household in
                Link(.newAppointment, query: [("haushalt", household.uuidString)])
            },
        ]
    }
}
