// swift-tools-version: 6.2
import PackageDescription

// A separate package so the main package's `swift test` never builds the benchmarks.
// Run from this directory, in release mode:
//   swift run -c release sigv4-bench
let package = Package(
    name: "WardenBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "warden", path: "..")],
    targets: [
        .executableTarget(
            name: "sigv4-bench",
            dependencies: [.product(name: "WardenAWS", package: "warden")]
        )
    ],
    swiftLanguageModes: [.v6]
)
