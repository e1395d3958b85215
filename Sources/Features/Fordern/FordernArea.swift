import Domain
import Platform
import Vapor

/// Fordern: cases from the trigger to the review, the deficit report to MISA and its decision, and
/// the officer's reminders.
package struct FordernArea: Area {
    package init() {}

    package func registerRoutes(open: any RoutesBuilder, loggedIn: any RoutesBuilder) {
        let officers = loggedIn.requiring(.workOnCases)
        officers.get(.fordern, use: CaseRoutes.list)
        officers.get(.reminders(.key), use: ReminderRoutes.show)
        officers.get(.newCase, use: CaseRoutes.newForm)
        officers.post(.newCase, use: CaseRoutes.create)
        officers.get(.fordernCase(.key), use: CaseRoutes.show)
        officers.post(.casePrecheck(.key), use: CaseRoutes.precheck)
        officers.post(.caseSummons(.key), use: CaseRoutes.summons)
        officers.post(.caseReview(.key), use: CaseRoutes.review)
        officers.post(.caseRefusal(.key), use: CaseRoutes.refusal)
        officers.get(.caseReport(.key), use: ReportRoutes.prepare)
        officers.post(.caseReport(.key), use: ReportRoutes.send)
        officers.get(.reportForm(.key), use: ReportRoutes.formPDF)
        officers.post(.reportAnswer(.key), use: ReportRoutes.answer)
        officers.post(.reportDecisionSeen(.key), use: ReportRoutes.decisionSeen)
    }

    package var navigation: [NavigationEntry] {
        [NavigationEntry(textKey: "nav.fordern", url: .fordern, permission: .workOnCases, order: 30,
                         alsoCurrentFor: [.newCase, .reminders(.key)])]
    }

    package var timeline: [any TimelineSource] { [CaseTimeline()] }

    package var workLists: [any WorkListSource] { [ReminderCounts()] }

    package var personActions: [PersonAction] {
        [PersonAction(textKey: "persons.action.fordern", permission: .workOnCases) { person, _ in Link(.newCase, query: [("person", person.uuidString)]) }]
    }
}
