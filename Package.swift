// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Tarmac",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tarmac", targets: ["tarmac"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    ],
    targets: [
        .target(name: "Basics"),
        .target(name: "PipelineIR", dependencies: ["Basics", .product(name: "Yams", package: "Yams")]),
        .target(name: "Planner", dependencies: ["Basics", "PipelineIR"]),
        .target(name: "TarmacCommands", dependencies: [
            "Basics", "PipelineIR", "Planner",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "tarmac", dependencies: ["TarmacCommands"]),
        .testTarget(name: "BasicsTests", dependencies: ["Basics"]),
        .testTarget(name: "PipelineIRTests", dependencies: ["PipelineIR"]),
        .testTarget(name: "PlannerTests", dependencies: ["Planner", "PipelineIR"]),
        .testTarget(name: "TarmacCommandsTests", dependencies: ["TarmacCommands"]),
    ],
    swiftLanguageModes: [.v6]
)
