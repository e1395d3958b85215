import Foundation

/// A URL a page may put into `href`, `src` or `action`: made from a declared `SiteURL`, a static
/// asset, a fragment on the same page or a data URL, never from free text.
package struct Link: Sendable, Equatable {
    package let value: String

    private init(_ value: String) { self.value = value }

    /// A declared app URL with optional query items (values percent-encoded).
    package init(_ url: SiteURL, query: [(String, String)] = []) {
        guard !query.isEmpty else {
            self.value = url.path
            return
        }
        let items = query.map { "\(Link.encode($0.0))=\(Link.encode($0.1))" }.joined(separator: "&")
        self.value = url.path + "?" + items
    }

    /// A path this app stored itself (the result of a form): only an own path, never another host.
    package init?(storedPath: String) {
        guard storedPath.hasPrefix("/"), !storedPath.hasPrefix("//"), !storedPath.contains("\\"),
              storedPath.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else { return nil }
        self.value = storedPath
    }

    /// A file under Public/ (stylesheets, scripts, images).
    package static func asset(_ path: StaticString) -> Link { Link("/" + path.description) }

    /// The folders of Public/ that hold assets (they may be cached; pages may not).
    static let assetFolders = ["css", "js", "img"]

    package static func isAsset(path: String) -> Bool {
        assetFolders.contains { path.hasPrefix("/\($0)/") }
    }

    /// An element on the same page.
    package static func fragment(_ id: String) -> Link { Link("#" + id) }

    /// An embedded image (a checked logo).
    package static func data(mimeType: String, _ data: Data) -> Link {
        Link("data:\(mimeType);base64,\(data.base64EncodedString())")
    }

    static let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))

    package static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }
}
