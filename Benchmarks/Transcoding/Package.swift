// swift-tools-version:6.1
import PackageDescription

// CPU per 20 ms frame for every translator and for whole transcoded calls,
// built apart from the main package so its release build never touches the
// shared `.build` folder. `direct/codec-direct.c` times the same work
// calling the C libraries directly, for the overhead comparison.
let package = Package(
    name: "TranscodingBench",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "SwiftPBX", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "transcoding-bench",
            dependencies: [.product(name: "PBXCore", package: "SwiftPBX")],
            path: "Sources/TranscodingBench"
        ),
    ],
    swiftLanguageModes: [.v6]
)
