import Domain
import Platform
import Vapor

/// The canton's organisation as data: districts with their AGS expert, municipalities (BFS number,
/// district, participation), lead-municipality groups.
package struct OrganisationArea: Area {
    package init() {}

    package func registerRoutes(open: any RoutesBuilder, loggedIn: any RoutesBuilder) {
        let editors = loggedIn.requiring(.editOrganisation)
        editors.get(.organisation, use: OrganisationRoutes.overview)
        editors.get(.municipalities, use: MunicipalityRoutes.list)
        editors.get(.newMunicipality, use: MunicipalityRoutes.newForm)
        editors.post(.newMunicipality, use: MunicipalityRoutes.create)
        editors.get(.municipality(.key), use: MunicipalityRoutes.editForm)
        editors.post(.municipality(.key), use: MunicipalityRoutes.update)
        editors.get(.leadGroups, use: LeadGroupRoutes.list)
        editors.get(.newLeadGroup, use: LeadGroupRoutes.newForm)
        editors.post(.newLeadGroup, use: LeadGroupRoutes.create)
        editors.get(.leadGroup(.key), use: LeadGroupRoutes.editForm)
        editors.post(.leadGroup(.key), use: LeadGroupRoutes.update)
        editors.get(.districts, use: OrganisationRoutes.districts)
        editors.post(.districts, use: OrganisationRoutes.saveDistricts)
    }

    package var navigation: [NavigationEntry] {
        [NavigationEntry(textKey: "nav.organisation", url: .organisation, permission: .editOrganisation, order: 90)]
    }
}
