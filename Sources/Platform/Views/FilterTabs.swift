import Foundation
import Vapor

/// One tab of a list's filter navigation (work lists, case steps, MISA's inbox, reminders).
package struct FilterTab: Sendable {
    let label: String
    let link: Link
    let current: Bool

    package init(_ label: String, _ link: Link, current: Bool) {
        self.label = label
        self.link = link
        self.current = current
    }
}

/// The tabs above a list; the current one is marked for assistive technology (`aria-current`).
package func filterTabs(_ label: String, _ tabs: [FilterTab]) -> Node {
    nav(.class("tabs no-print"), .ariaLabel(label)) {
        ul {
            for tab in tabs { li { anchor(.href(tab.link), .when(tab.current, .ariaCurrent("page"))) { tab.label } } }
        }
    }
}

/// A file to download (PDF, DOCX), never kept in a cache.
package func download(_ data: Data, type: String, name: String) -> Response {
    let response = Response(status: .ok, body: .init(data: data))
    response.headers.replaceOrAdd(name: .contentType, value: type)
    response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name)\"")
    response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
    return response
}
