// swift-tools-version: 6.2
import PackageDescription

// A separate package so the main package's `swift test` never builds the benchmarks.
// Run from this directory, in release mode:
//   swift run -c release sigv4-bench                                   SigV4 verifications/s
//   swift run -c release pipeline-bench                                the pipeline's cost per call, authorization's share
//   swift run -c release org-scale-bench                               decisions and memory: 10,000 accounts / 2,000 OUs vs 10 accounts
//   http/iam-bench.sh ENDPOINT                                         CreateUser/s, GetUser/s with wrk against a running server
//   swift run -c release AuthzThroughput                               policy decisions/s on the workload in ../Fixtures/authz-workload
//   swift package --allow-writing-to-package-directory benchmark       the same through package-benchmark (+ mallocs)
let package = Package(
    name: "WardenBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "warden", path: ".."),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "pipeline-bench",
            dependencies: [
                .product(name: "WardenTestSupport", package: "warden"), .product(name: "WardenServices", package: "warden"),
                .product(name: "WardenShapes", package: "warden"), .product(name: "WardenStore", package: "warden"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .executableTarget(
            name: "org-scale-bench",
            dependencies: [
                .product(name: "WardenTestSupport", package: "warden"), .product(name: "WardenServices", package: "warden"),
                .product(name: "WardenShapes", package: "warden"), .product(name: "WardenStore", package: "warden"),
                .product(name: "WardenAWS", package: "warden"), .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .executableTarget(
            name: "sigv4-bench",
            dependencies: [.product(name: "WardenAWS", package: "warden")]
        ),
        .executableTarget(
            name: "AuthzThroughput",
            dependencies: [.product(name: "AuthzWorkload", package: "warden"), .product(name: "WardenPolicy", package: "warden")]
        ),
        .executableTarget(
            name: "AuthzBenchmark",
            dependencies: [
                .product(name: "AuthzWorkload", package: "warden"),
                .product(name: "WardenPolicy", package: "warden"),
                .product(name: "Benchmark", package: "package-benchmark"),
            ],
            path: "Benchmarks/AuthzBenchmark",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
