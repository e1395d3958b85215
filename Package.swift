// swift-tools-version:6.2
import PackageDescription

// The targets are the architecture: a target can use only what it depends on.
//   Domain       pure rules (Foundation only)
//   Persistence  Fluent models and migrations            → Domain
//   Platform     auth, scope, audit, URLs, views, errors   → Domain, Persistence
//   SystemAccess the explicit escape from the access scope → Persistence, Platform (App and tests only)
//   Features     one target per area                       → Domain, Persistence, Platform
//   App          configure, areas, commands, seeds          → everything
let vapor = Target.Dependency.product(name: "Vapor", package: "vapor")
let fluent = Target.Dependency.product(name: "Fluent", package: "fluent")

/// Every feature target: an unscoped query of person data (Fluent's own `query(on:)`/`find`, shadowed by a
/// deprecated overload on scoped models) is a build error, not a warning.
let featureSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .treatWarning("DeprecatedDeclaration", as: .error),
]

func feature(_ name: String, _ extra: [Target.Dependency] = []) -> Target {
    .target(name: name, dependencies: ["Domain", "Persistence", "Platform", vapor, fluent] + extra,
            path: "Sources/Features/\(name)", swiftSettings: featureSettings)
}

let features = ["Account", "Start", "Persons", "Informieren", "Foerdern", "Fordern", "Misa", "Letters", "Organisation", "Users",
                "AuditTrail"]

/// What a feature uses beyond the house: the letters area writes Mustache texts and DOCX files.
let featureExtras: [String: [Target.Dependency]] = [
    "Letters": [
        .product(name: "Mustache", package: "swift-mustache"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
    ],
]

let package = Package(
    name: "start-integration",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "startintegration", targets: ["startintegration"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        // FluentSQL: list rows are read by converting a Fluent query to SQL, without building models (Persistence/Rows.swift).
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        // SQLiteKit: list rows on SQLite are written and decoded directly (Persistence/DirectSQLite.swift).
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        // NIOPosix: the executable makes NIO's event loops Swift's executor (main.swift).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.65.0"),
    ],
    targets: [
        .target(name: "Domain", swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
        .target(name: "Persistence", dependencies: ["Domain", fluent, .product(name: "FluentSQL", package: "fluent-kit"),
                                                    .product(name: "SQLiteKit", package: "sqlite-kit"),
                                                    // PostgresNIO's prepared statements (`PreparedPostgres`).
                                                    .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver")],
                swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
        .target(
            name: "Platform",
            dependencies: ["Domain", "Persistence", vapor, fluent, .product(name: "FluentSQL", package: "fluent-kit"),
                           .product(name: "SQLiteKit", package: "sqlite-kit"), .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .target(name: "SystemAccess", dependencies: ["Persistence", "Platform", fluent],
                swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
    ] + features.map { feature($0, featureExtras[$0] ?? []) } + [
        .target(
            name: "App",
            dependencies: ["Domain", "Persistence", "Platform", "SystemAccess", vapor, fluent,
                           .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                           .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver")]
                + features.map { Target.Dependency(stringLiteral: $0) },
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .executableTarget(name: "startintegration", dependencies: ["App", vapor, .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")]),
        .testTarget(name: "DomainTests", dependencies: ["Domain"]),
        .testTarget(name: "PlatformTests", dependencies: ["Domain", "Persistence", "Platform", vapor]),
        .testTarget(
            name: "AppTests",
            dependencies: ["App", "Domain", "Persistence", "Platform", "SystemAccess", fluent,
                           .product(name: "XCTVapor", package: "vapor")] + features.map { Target.Dependency(stringLiteral: $0) }
        ),
    ],
    swiftLanguageModes: [.v6]
)
