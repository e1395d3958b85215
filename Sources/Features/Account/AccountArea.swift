import Domain
import Platform
import Vapor

/// Login, logout and the user's own password.
package struct AccountArea: Area {
    package init() {}

    package func registerRoutes(open: any RoutesBuilder, loggedIn: any RoutesBuilder) {
        open.get(.login, use: Login.showForm)
        open.post(.login, use: Login.submit)
        loggedIn.post(.logout, use: Login.logout)
        loggedIn.get(.formDraft(.key), use: Login.draft)
        loggedIn.get(.changePassword, use: PasswordChange.showForm)
        loggedIn.post(.changePassword, use: PasswordChange.submit)
    }
}
