import Domain
import Platform
import Vapor

/// User administration: personal accounts, roles, units, locking and password resets.
package struct UsersArea: Area {
    package init() {}

    package func registerRoutes(open: any RoutesBuilder, loggedIn: any RoutesBuilder) {
        let admins = loggedIn.requiring(.manageUsers)
        admins.get(.users, use: UserRoutes.list)
        admins.get(.newUser, use: UserRoutes.newForm)
        admins.post(.newUser, use: UserRoutes.create)
        admins.get(.user(.key), use: UserRoutes.editForm)
        admins.post(.user(.key), use: UserRoutes.update)
        admins.post(.userLock(.key), use: UserRoutes.lock)
        admins.post(.userUnlock(.key), use: UserRoutes.unlock)
        admins.post(.userPasswordReset(.key), use: UserRoutes.resetPassword)
        admins.get(.loginThrottles, use: LoginThrottleRoutes.list)
        admins.post(.liftLoginThrottle, use: LoginThrottleRoutes.lift)
    }

    package var navigation: [NavigationEntry] {
        [
            NavigationEntry(textKey: "nav.users", url: .users, permission: .manageUsers, order: 100),
            NavigationEntry(textKey: "nav.throttles", url: .loginThrottles, permission: .manageUsers, order: 105),
        ]
    }
}
