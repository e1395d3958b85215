import Domain
import Fluent
import Foundation
import Persistence
import Platform
import Vapor

/// Fördern: the offers catalogue, the network of regular structures, individual promotion
/// (assessment, goals, measures), integration conversations and municipal events.
package struct FoerdernArea: Area {
    package init() {}

    package func registerRoutes(open: any RoutesBuilder, loggedIn: any RoutesBuilder) {
        let viewers = loggedIn.requiring(.viewOffers)
        viewers.get(.offers, use: OfferRoutes.list)
        viewers.get(.regularStructures, use: RegularStructureRoutes.list)
        let editors = loggedIn.requiring(.editOffers)
        editors.get(.newOffer, use: OfferRoutes.newForm)
        editors.post(.newOffer, use: OfferRoutes.create)
        editors.get(.offer(.key), use: OfferRoutes.editForm)
        editors.post(.offer(.key), use: OfferRoutes.update)
        editors.post(.offerArchive(.key), use: OfferRoutes.archive)
        let officers = loggedIn.requiring(.workOnCases)
        officers.get(.foerdern, use: FoerdernOverview.show)
        officers.get(.newRegularStructure, use: RegularStructureRoutes.newForm)
        officers.post(.newRegularStructure, use: RegularStructureRoutes.create)
        officers.get(.regularStructure(.key), use: RegularStructureRoutes.editForm)
        officers.post(.regularStructure(.key), use: RegularStructureRoutes.update)
        officers.get(.personPromotion(.key), use: PromotionRoutes.show)
        officers.get(.personAssessment(.key), use: PromotionRoutes.assessmentForm)
        officers.post(.personAssessment(.key), use: PromotionRoutes.saveAssessment)
        officers.get(.personNewGoal(.key), use: PromotionRoutes.goalForm)
        officers.post(.personNewGoal(.key), use: PromotionRoutes.createGoal)
        officers.post(.goalStatus(.key), use: PromotionRoutes.goalStatus)
        officers.get(.personNewMeasure(.key), use: PromotionRoutes.measureForm)
        officers.post(.personNewMeasure(.key), use: PromotionRoutes.createMeasure)
        officers.get(.measure(.key), use: PromotionRoutes.editMeasure)
        officers.post(.measure(.key), use: PromotionRoutes.updateMeasure)
        officers.get(.newIntegrationConversation, use: IntegrationConversationRoutes.newForm)
        officers.post(.newIntegrationConversation, use: IntegrationConversationRoutes.create)
        officers.get(.integrationConversation(.key), use: IntegrationConversationRoutes.show)
        officers.post(.integrationConversationSignatures(.key), use: IntegrationConversationRoutes.sign)
        officers.post(.integrationConversationReview(.key), use: IntegrationConversationRoutes.review)
        officers.get(.events, use: EventRoutes.list)
        officers.get(.newEvent, use: EventRoutes.newForm)
        officers.post(.newEvent, use: EventRoutes.create)
        officers.get(.event(.key), use: EventRoutes.show)
        officers.post(.eventAttendance(.key), use: EventRoutes.saveAttendance)
    }

    package var navigation: [NavigationEntry] {
        [
            NavigationEntry(textKey: "nav.foerdern", url: .foerdern, permission: .workOnCases, order: 20,
                            alsoCurrentFor: [.regularStructures, .events, .newIntegrationConversation]),
            NavigationEntry(textKey: "nav.offers", url: .offers, permission: .viewOffers, order: 25),
        ]
    }

    package var timeline: [any TimelineSource] { [IntegrationConversationTimeline(), MeasureTimeline()] }

    package var personActions: [PersonAction] {
        [PersonAction(textKey: "persons.action.promotion", permission: .workOnCases) { person, _ in Link(.personPromotion(.value(person))) }]
    }
}

/// The landing page of Fördern: its functions and the half-year's figures (conversations, with an
/// interpreter, for Programme S), as reporting will count them.
enum FoerdernOverview {
    static func show(_ req: Request) async throws -> Response {
        let t = req.texts
        let scope = try req.scope()
        let today = req.today
        let start = CalendarDate(year: today.year, month: today.month <= 6 ? 1 : 7, day: 1)!
        let inHalfYear: [ScopedCount.Condition] = [.atLeast(\IntegrationConversation.$heldOn, start.description),
                                                   .atMost(\IntegrationConversation.$heldOn, today.description)]
        let counts = try await scope.counts([
            ScopedCount(IntegrationConversation.self, inHalfYear),
            ScopedCount(IntegrationConversation.self, inHalfYear + [.equals(\IntegrationConversation.$interpreterPresent, true)]),
            ScopedCount(IntegrationConversation.self, inHalfYear + [.equals(\IntegrationConversation.$programmeS, true)]),
        ], on: req.db)
        let figures = FoerdernFigures(from: start, until: today, conversations: counts[0], withInterpreter: counts[1], programmeS: counts[2])
        let links: [(String, Link)] = [
            (t("offers.title"), Link(.offers)), (t("structures.title"), Link(.regularStructures)), (t("events.title"), Link(.events)),
        ]
        return req.render(FoerdernOverviewView(figures: figures, links: links).page(req.viewContext))
    }
}

struct FoerdernFigures {
    let from: CalendarDate
    let until: CalendarDate
    let conversations: Int
    let withInterpreter: Int
    let programmeS: Int
}

struct FoerdernOverviewView {
    let figures: FoerdernFigures
    let links: [(String, Link)]

    func page(_ c: ViewContext) -> WebPage {
        let t = c.t
        let overview = AreaOverview(area: "foerdern", links: links).page(c)
        return WebPage(title: overview.title) {
            overview.content
            section(.ariaLabelledBy("figures-heading")) {
                h2(.id("figures-heading")) { t("foerdern.figures", ["from": figures.from.swissFormat, "until": figures.until.swissFormat]) }
                dl(.class("facts")) {
                    dt { t("foerdern.conversations") }; dd { String(figures.conversations) }
                    dt { t("foerdern.withInterpreter") }; dd { String(figures.withInterpreter) }
                    dt { t("foerdern.withoutInterpreter") }; dd { String(figures.conversations - figures.withInterpreter) }
                    dt { t("foerdern.programmeS") }; dd { String(figures.programmeS) }
                }
            }
        }
    }
}

/// Measures on the timeline, on their due date (what was agreed and how it went).
struct MeasureTimeline: TimelineSource {
    func entries(_ request: TimelineRequest) async throws -> [TimelineEntry] {
        let t = request.texts
        let measures = try await request.scope.records(Measure.self, on: request.database).filter(\.$person.$id, equals: request.person.id!).fetch()
        let link = request.user.has(.workOnCases)
        return measures.map { measure in
            TimelineEntry(date: measure.dueOn, sortKey: "6", title: t("timeline.measure"),
                          lines: [measure.title, t.label("measure.status", measure.status)],
                          link: link ? Link(.measure(.value(measure.id!))) : nil)
        }
    }
}
