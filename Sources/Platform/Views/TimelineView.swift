/// A person's timeline, newest first.
package struct TimelineView {
    let entries: [TimelineEntry]

    package init(entries: [TimelineEntry]) { self.entries = entries }

    package func render(_ t: Localizer) -> Node {
        if entries.isEmpty { return paragraph(.class("empty")) { t("timeline.empty") } }
        return ol(.class("timeline")) {
            for entry in entries {
                li {
                    paragraph(.class("timeline-date")) { entry.date.swissFormat }
                    paragraph(.class("timeline-title")) {
                        if let link = entry.link { anchor(.href(link)) { entry.title } } else { entry.title }
                    }
                    for line in entry.lines { paragraph(.class("timeline-line")) { line } }
                }
            }
        }
    }
}
