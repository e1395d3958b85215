import Domain
import Fluent
import Persistence
import Platform

/// The triage and the welcome folder on the person's timeline.
struct TriageTimeline: TimelineSource {
    func entries(_ request: TimelineRequest) async throws -> [TimelineEntry] {
        let t = request.texts
        let personID = request.person.id!
        guard let triage = try await request.scope.records(TriageDecision.self, on: request.database)
            .filter(\.$person.$id, equals: personID).fetchFirst() else { return [] }
        var entries = [TimelineEntry(
            date: CalendarDate(triage.updatedAt ?? triage.createdAt ?? .distantPast), sortKey: "00:01",
            title: t.label("timeline.triage", triage.triage),
            lines: [triage.reason, t("timeline.guide", ["guide": t.label("guide", triage.guide)])],
            link: request.user.has(.editPersons) ? Link(.personTriage(.value(personID))) : nil)]
        if let folderDate = triage.folderDate {
            entries.append(TimelineEntry(date: folderDate, sortKey: "00:02", title: t.label("timeline.folder", triage.folderStatus),
                                         lines: [t.label("folderLanguage", triage.folderLanguage ?? .other)], link: nil))
        }
        return entries
    }
}
