import Domain

/// A household's task list (GOV.UK pattern): each step with its state as a tag, its date, and a
/// link where the user may do it; the next step is said once above the list.
package struct TaskListView {
    let tasks: [HouseholdTask]
    let headingID: String

    package init(tasks: [HouseholdTask], headingID: String = "tasks-heading") {
        self.tasks = tasks
        self.headingID = headingID
    }

    /// The first step that can be done now.
    package var next: HouseholdTask? { tasks.first { $0.state == .toDo || $0.state == .missed } }

    package func render(_ t: Localizer) -> Node {
        guard !tasks.isEmpty else { return .empty }
        return section(.class("task-list-panel"), .ariaLabelledBy(headingID)) {
            h2(.id(headingID)) { t("tasks.title") }
            if let next {
                paragraph(.class("next-step")) {
                    strong { t("tasks.next") }
                    " "
                    if let link = next.link {
                        anchor(.href(link), .class("button primary")) { next.label }
                    } else {
                        next.label
                        " "
                        span(.class("muted")) { t("tasks.nextOther") }
                    }
                }
            }
            ol(.class("task-list")) {
                for (index, task) in tasks.enumerated() {
                    li(.class("task task-\(task.state.rawValue)")) {
                        span(.class("task-name"), .id("\(headingID)-\(index)")) {
                            if let link = task.link, task.state != .notNeeded { anchor(.href(link)) { task.label } } else { task.label }
                            if let date = task.date { span(.class("task-date")) { " · \(date.swissFormat)" } }
                            if let note = task.note { span(.class("task-note")) { " · \(note)" } }
                        }
                        strong(.class("tag tag-\(task.state.rawValue)")) { t("tasks.state.\(task.state.rawValue)") }
                    }
                }
            }
        }
    }
}
