import Vapor

/// The login-session cookie: HttpOnly, SameSite=Lax, Secure with the __Host- prefix over HTTPS
/// (ASVS 3.3.1, 3.3.2, 3.3.4). No Expires: the server's timeouts end the session.
package enum SessionCookie {
    package static func name(_ config: AppConfig) -> String { config.secureCookies ? "__Host-si_session" : "si_session" }
    package static func preSessionName(_ config: AppConfig) -> String { config.secureCookies ? "__Host-si_pre" : "si_pre" }

    package static func value(_ token: String, config: AppConfig) -> HTTPCookies.Value {
        HTTPCookies.Value(string: token, expires: nil, maxAge: nil, domain: nil, path: "/",
                          isSecure: config.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }

    package static func expired(config: AppConfig) -> HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, domain: nil, path: "/",
                          isSecure: config.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }
}
