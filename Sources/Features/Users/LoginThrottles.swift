import Domain
import Fluent
import Foundation
import Persistence
import Platform
import Vapor

/// The administrator sees the login throttles in force and lifts one (ASVS 6.3.1 soft lock-out).
enum LoginThrottleRoutes {
    struct LiftInput: Decodable, Sendable {
        var kind: String?
        var username: String?
        var address: String?
    }

    static func list(_ req: Request) async throws -> Response {
        let active = try await LoginThrottle.active(now: req.now, on: req.db)
        let t = req.texts
        let csrf = req.csrfToken
        return req.render(WebPage(title: t("throttles.title")) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.users))) { t("users.title") } }
            h1 { t("throttles.title") }
            paragraph { t("throttles.intro") }
            if active.isEmpty {
                paragraph(.class("empty")) { t("throttles.none") }
            } else {
                div(.class("table-wrap")) {
                    table {
                        caption(.class("visually-hidden")) { t("throttles.title") }
                        thead {
                            tr {
                                for key in ["throttles.kind", "throttles.username", "throttles.address", "throttles.failures", "throttles.until", "throttles.lift"] {
                                    th(.scope("col")) { t(key) }
                                }
                            }
                        }
                        tbody {
                            for throttle in active {
                                tr {
                                    td { t("throttles.kind.\(throttle.kind.rawValue)") }
                                    td { throttle.username.map { $0.hasPrefix("?") ? t("throttles.unknownAccount") : $0 } ?? "–" }
                                    td { throttle.address ?? "–" }
                                    td { String(throttle.failures) }
                                    td { SwissTime.format(throttle.until) }
                                    td {
                                        actionButton(Link(.liftLoginThrottle), csrf: csrf, label: t("throttles.lift"),
                                                     [("kind", throttle.kind.rawValue), ("username", throttle.username ?? ""),
                                                      ("address", throttle.address ?? "")])
                                    }
                                }
                            }
                        }
                    }
                }
            }
        })
    }

    static func lift(_ req: Request) async throws -> Response {
        let input = try req.form(LiftInput.self)
        guard let kind = LoginThrottle.Active.Kind(rawValue: input.kind ?? "") else { throw AppError.badRequest }
        let username = kind == .address ? nil : input.username.flatMap { $0.isEmpty || $0.count > 100 ? nil : $0 }
        let address = kind == .account ? nil : input.address.flatMap { $0.isEmpty || $0.count > 100 ? nil : $0 }
        guard username != nil || address != nil else { throw AppError.badRequest }
        let userID = try await username.map { name in User.query(on: req.db).filter(\.$username == name).first() }?.get()?.id
        try await req.db.writeTransaction { tx in
            try await LoginThrottle.lift(username: username, address: address, on: tx)
            try await req.audit(.loginThrottleLifted, .user(userID),
                                detail: "\(kind.rawValue)\(address.map { " von \($0)" } ?? "")", in: tx)
        }
        return req.redirect(to: .loginThrottles, flash: "throttleLifted")
    }
}
