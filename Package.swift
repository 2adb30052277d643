// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
]

let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
let crypto: Target.Dependency = .product(name: "Crypto", package: "swift-crypto")
let httpTypes: Target.Dependency = .product(name: "HTTPTypes", package: "swift-http-types")
let hummingbird: Target.Dependency = .product(name: "Hummingbird", package: "hummingbird")
let hummingbirdTesting: Target.Dependency = .product(name: "HummingbirdTesting", package: "hummingbird")
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let nioPosix: Target.Dependency = .product(name: "NIOPosix", package: "swift-nio")
let nioCore: Target.Dependency = .product(name: "NIOCore", package: "swift-nio")
let nioHTTP1: Target.Dependency = .product(name: "NIOHTTP1", package: "swift-nio")
let metrics: Target.Dependency = .product(name: "Metrics", package: "swift-metrics")
let prometheus: Target.Dependency = .product(name: "Prometheus", package: "swift-prometheus")
let httpClient: Target.Dependency = .product(name: "AsyncHTTPClient", package: "async-http-client")
let nioSSL: Target.Dependency = .product(name: "NIOSSL", package: "swift-nio-ssl")
let jwt: Target.Dependency = .product(name: "JWTKit", package: "jwt-kit")
let postgresNIO: Target.Dependency = .product(name: "PostgresNIO", package: "postgres-nio")
let serviceLifecycle: Target.Dependency = .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let unixSignals: Target.Dependency = .product(name: "UnixSignals", package: "swift-service-lifecycle")

let package = Package(
    name: "warden",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "warden", targets: ["warden"]),
        .library(name: "WardenPolicy", targets: ["WardenPolicy"]),
        .library(name: "WardenAWS", targets: ["WardenAWS"]),
        .library(name: "AuthzWorkload", targets: ["AuthzWorkload"]),
        .library(name: "WardenTestSupport", targets: ["WardenTestSupport"]),
        .library(name: "WardenServices", targets: ["WardenServices"]),
        .library(name: "WardenShapes", targets: ["WardenShapes"]),
        .library(name: "WardenStore", targets: ["WardenStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        .target(name: "WardenPolicy", swiftSettings: swiftSettings),
        .target(name: "AuthzWorkload", dependencies: ["WardenPolicy"], swiftSettings: swiftSettings),
        .systemLibrary(name: "CCrypt", path: "Sources/CCrypt"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(name: "WardenStore", dependencies: [crypto, logging, postgresNIO], swiftSettings: swiftSettings),
        .target(name: "WardenAWS", dependencies: [crypto], swiftSettings: swiftSettings),
        .target(name: "WardenShapes", dependencies: ["WardenAWS"], swiftSettings: swiftSettings),
        .target(
            name: "WardenServices",
            dependencies: ["WardenPolicy", "WardenStore", "WardenAWS", "WardenShapes", "CCrypt", crypto, httpClient, jwt, logging, metrics, nioCore, nioHTTP1, nioPosix, nioSSL, postgresNIO],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "WardenServer",
            dependencies: ["WardenServices", "WardenStore", "WardenAWS", httpTypes, hummingbird, logging, metrics, prometheus, postgresNIO, serviceLifecycle, unixSignals],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "warden",
            dependencies: ["WardenServer", "WardenStore", "WardenPolicy", "CZlib", argumentParser, logging, nioCore, nioPosix, postgresNIO],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "WardenTestSupport",
            dependencies: ["WardenStore", "WardenServices", "WardenAWS", logging, postgresNIO],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "WardenPolicyTests", dependencies: ["WardenPolicy", "AuthzWorkload"], swiftSettings: swiftSettings),
        .testTarget(name: "WardenStoreTests", dependencies: ["WardenStore", "WardenTestSupport", postgresNIO], swiftSettings: swiftSettings),
        .testTarget(name: "WardenAWSTests", dependencies: ["WardenAWS", "WardenTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "WardenServicesTests",
            dependencies: ["WardenServices", "WardenShapes", "WardenAWS", "WardenStore", "WardenTestSupport", postgresNIO],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WardenServerTests",
            dependencies: ["WardenServer", "WardenServices", "WardenAWS", "WardenStore", "WardenTestSupport", httpTypes, hummingbirdTesting, postgresNIO],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WardenInteropTests",
            dependencies: ["WardenServer", "WardenServices", "WardenAWS", "WardenStore", "WardenTestSupport", hummingbirdTesting, postgresNIO],
            exclude: ["Clients"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
