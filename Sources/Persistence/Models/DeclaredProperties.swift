import FluentKit
import Foundation

extension Fields {
    /// A model's properties as its class lists them. Fluent's default reflects the instance (Mirror and a
    /// dynamic cast per stored property) for every row it decodes, every save and every `all()`, which
    /// showed as the largest single item of the person page's profile (BENCHMARKS.md). Debug builds, and
    /// so the test suite, compare the list with the reflected one once per type: a field added to a model
    /// but not to its list stops the test run at the first test that reads or writes that model.
    package func declared(_ list: [any AnyProperty]) -> [any AnyProperty] {
        #if DEBUG
        DeclaredProperties.verify(self, list)
        #endif
        return list
    }
}

package enum DeclaredProperties {
    /// NSLock rather than Mutex: Mutex needs macOS 15, the package supports 13.
    private final class Verified: @unchecked Sendable {
        let lock = NSLock()
        var types: Set<ObjectIdentifier> = []
    }

    private static let verified = Verified()

    /// What differs between the declared list and the class's stored properties (nil: the same objects
    /// in the same order).
    package static func mismatch(_ instance: some Fields, _ list: [any AnyProperty]) -> String? {
        let reflected = Mirror(reflecting: instance).children.compactMap { child -> (name: String, object: ObjectIdentifier)? in
            guard let property = child.value as? any AnyProperty else { return nil }
            return (String((child.label ?? "?").drop { $0 == "_" }), ObjectIdentifier(property as AnyObject))
        }
        let declared = list.map { ObjectIdentifier($0 as AnyObject) }
        if declared == reflected.map(\.object) { return nil }
        let missing = reflected.filter { !declared.contains($0.object) }.map(\.name)
        return "\(type(of: instance)).properties differs from its stored properties: missing \(missing), "
            + "\(declared.count) declared, \(reflected.count) stored (same order required)"
    }

    static func verify(_ instance: some Fields, _ list: [any AnyProperty]) {
        let type = ObjectIdentifier(type(of: instance))
        guard !verified.lock.withLock({ verified.types.contains(type) }) else { return }
        if let problem = mismatch(instance, list) { preconditionFailure(problem) }
        verified.lock.withLock { _ = verified.types.insert(type) }
    }
}
