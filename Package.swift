// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Tarmac",
    products: [
        .executable(name: "tarmac", targets: ["tarmac"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/JohnSundell/Ink", exact: "0.6.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", exact: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),  // tarmac ui (RunBrowser)
        // Hummingbird's own dependencies, imported by RunBrowser directly: pinned at what hummingbird 2.28.1 resolves.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
    ],
    targets: [
        .target(name: "Basics", dependencies: [.product(name: "Crypto", package: "swift-crypto")], exclude: ["README.md"]),
        .target(name: "PipelineIR", dependencies: ["Basics", .product(name: "Yams", package: "Yams")], exclude: ["README.md"]),
        .target(name: "Planner", dependencies: ["Basics", "PipelineIR"], exclude: ["README.md"]),
        .target(name: "Runners", dependencies: ["Basics"], exclude: ["README.md"]),
        .target(name: "ContentStore", dependencies: ["Basics"], exclude: ["README.md"]),
        .target(name: "RunDatabase", dependencies: ["Basics", .product(name: "GRDB", package: "GRDB.swift")], exclude: ["README.md"]),
        .target(name: "Engine", dependencies: ["Basics", "PipelineIR", "Planner", "Runners", "ContentStore", "RunDatabase"], exclude: ["README.md"]),
        .target(name: "Reporting", dependencies: ["Basics", "RunDatabase", "PipelineIR", "Planner", .product(name: "Ink", package: "Ink")],
                exclude: ["README.md"]),
        .target(name: "ClusterAPI", dependencies: [
            "Basics", .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ], exclude: ["README.md"]),
        .target(name: "RunBrowser", dependencies: [
            "Basics", "RunDatabase", "Reporting", .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), .product(name: "Logging", package: "swift-log"),
        ],
                exclude: ["README.md"]),
        .target(name: "TarmacCommands", dependencies: [
            "Basics", "PipelineIR", "Planner", "Runners", "ContentStore", "RunDatabase", "Engine", "Reporting", "ClusterAPI", "RunBrowser",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "TOMLKit", package: "TOMLKit"),
        ], exclude: ["README.md"]),
        .executableTarget(name: "tarmac", dependencies: ["TarmacCommands"]),
        .testTarget(name: "BasicsTests", dependencies: ["Basics"]),
        .testTarget(name: "PipelineIRTests", dependencies: ["PipelineIR", "Basics"]),
        .testTarget(name: "PlannerTests", dependencies: ["Planner", "PipelineIR", "Basics"]),
        .testTarget(name: "RunnersTests", dependencies: ["Runners", "Basics"]),
        .testTarget(name: "ContentStoreTests", dependencies: ["ContentStore", "Basics"]),
        .testTarget(name: "RunDatabaseTests", dependencies: ["RunDatabase", "Basics", .product(name: "GRDB", package: "GRDB.swift")]),
        // Test support: FakeTaskRunner (scripted tasks without processes), ManualClock, EngineHarness.
        .target(name: "EngineTestSupport", dependencies: ["Engine", "Runners", "RunDatabase", "PipelineIR", "Planner", "Basics"],
                path: "Tests/EngineTestSupport", exclude: ["README.md"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "EngineTestSupport", "Runners", "ContentStore", "RunDatabase", "PipelineIR",
                                                        "Planner", "Basics"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "RunDatabase", "Basics", "Planner"]),
        .testTarget(name: "ClusterAPITests", dependencies: ["ClusterAPI", "Basics"]),
        .testTarget(name: "RunBrowserTests", dependencies: ["RunBrowser", "RunDatabase", "Reporting", "Basics"], exclude: ["browser"]),
        .testTarget(name: "TarmacCommandsTests", dependencies: ["TarmacCommands", "Reporting", "ContentStore", "RunDatabase", "Engine", "PipelineIR", "Planner", "Basics"]),
    ],
    swiftLanguageModes: [.v6]
)
