// swift-tools-version:6.1
import PackageDescription

// Speed figures for the SIP message layer, built apart from the main package
// so the benchmark's release build never touches the shared `.build` folder.
let package = Package(
    name: "SIPParserBench",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "SwiftPBX", path: "../.."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "sip-parser-bench",
            dependencies: [
                .product(name: "Channels", package: "SwiftPBX"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Sources/SIPParserBench"
        ),
    ],
    swiftLanguageModes: [.v6]
)
