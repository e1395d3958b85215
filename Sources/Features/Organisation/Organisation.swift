import Domain
import Fluent
import Foundation
import Persistence
import Platform
import Vapor

/// The overview by district and the AGS expert of each district.
enum OrganisationRoutes {
    struct DistrictRow {
        let name: String
        let municipalities: Int
        let participating: Int
        let expert: String
    }

    static func overview(_ req: Request) async throws -> Response {
        let districts = try await District.query(on: req.db).with(\.$expert).sort(\.$name).all()
        let municipalities = try await Municipality.query(on: req.db).filter(\.$active == true).all()
        let rows = districts.map { district in
            let own = municipalities.filter { $0.$district.id == district.id }
            return DistrictRow(name: district.name, municipalities: own.count, participating: own.filter(\.participates).count,
                               expert: district.expert?.displayName ?? "–")
        }
        let groups = try await LeadGroup.query(on: req.db).count()
        let t = req.texts
        return req.render(WebPage(title: t("organisation.title")) {
            h1 { t("organisation.title") }
            paragraph(.class("lead")) {
                "\(municipalities.filter(\.participates).count) / \(municipalities.count) \(t("organisation.participatingOf")) · \(groups) \(t("organisation.leadGroupsCount"))"
            }
            ul(.class("link-list")) {
                li { anchor(.href(Link(.municipalities))) { t("organisation.municipalities") } }
                li { anchor(.href(Link(.leadGroups))) { t("organisation.leadGroups") } }
                li { anchor(.href(Link(.districts))) { t("organisation.districts") } }
            }
            div(.class("table-wrap")) {
                table {
                    caption { t("organisation.districtTable") }
                    thead {
                        tr {
                            th(.scope("col")) { t("organisation.district") }
                            th(.scope("col")) { t("organisation.municipalities") }
                            th(.scope("col")) { t("organisation.participating") }
                            th(.scope("col")) { t("organisation.expert") }
                        }
                    }
                    tbody {
                        for row in rows {
                            tr {
                                td { row.name }
                                td { String(row.municipalities) }
                                td { String(row.participating) }
                                td { row.expert }
                            }
                        }
                    }
                }
            }
        })
    }

    static func districts(_ req: Request) async throws -> Response {
        let districts = try await District.query(on: req.db).sort(\.$name).all()
        let experts = try await User.query(on: req.db).filter(\.$role == .cantonExpert).sort(\.$displayName).all()
        let t = req.texts
        return req.render(WebPage(title: t("organisation.districts")) {
            paragraph(.class("breadcrumb")) { anchor(.href(Link(.organisation))) { t("organisation.title") } }
            h1 { t("organisation.districts") }
            paragraph { t("organisation.districtsIntro") }
            postForm(Link(.districts), csrf: req.csrfToken, .class("form")) {
                for district in districts {
                    selectField(FieldSpec(id: "expert_\(district.id!.uuidString)", label: district.name),
                                options: experts.map { SelectOption(value: $0.id!.uuidString, label: $0.displayName, selected: $0.id == district.$expert.id) },
                                placeholder: t("organisation.noExpert"))
                }
                div(.class("actions")) { button(.type(.submit), .class("button primary")) { t("form.save") } }
            }
        })
    }

    static func saveDistricts(_ req: Request) async throws -> Response {
        let form = try req.form([String: String].self)
        let experts = Set(try await User.query(on: req.db).filter(\.$role == .cantonExpert).all().compactMap(\.id))
        let districts = try await District.query(on: req.db).all()
        for district in districts {
            let value = form["expert_\(district.id!.uuidString)"] ?? ""
            // Only canton experts can be chosen; anything else is a forged form and changes nothing.
            if !value.isEmpty, UUID(uuidString: value).map(experts.contains) != true { throw AppError.badRequest }
        }
        try await req.db.writeTransaction { tx in
            for district in districts {
                let chosen = UUID(uuidString: form["expert_\(district.id!.uuidString)"] ?? "")
                if district.$expert.id != chosen {
                    district.$expert.id = chosen
                    try await district.update(on: tx)
                    try await req.audit(.organisationChanged, .district(district.id!), detail: "Fachexpertin für \(district.name) gesetzt",
                                        in: tx)
                }
            }
        }
        return req.redirect(to: .districts)
    }
}
