import Foundation
import NIOConcurrencyHelpers

/// Where the package and the built binary are, and fresh port numbers so no
/// two PBXs of one run collide.
enum TestEnvironment {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["SWIFTPBX_BIN"] { return URL(fileURLWithPath: path) }
        return packageRoot.appendingPathComponent(".build/debug/swiftpbx")
    }

    static var sounds: URL { packageRoot.appendingPathComponent("sounds") }

    private static let nextPort = NIOLockedValueBox(30_000 + Int(getpid() % 500) * 40)

    /// A block of `count` consecutive ports for one test.
    static func ports(_ count: Int = 10) -> Int {
        nextPort.withLockedValue { value in
            let start = value
            value += count
            if value > 60_000 { value = 30_000 }
            return start
        }
    }

    static func temporaryDirectory(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("swiftpbx-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// The two loopback families every network test runs on.
enum LoopbackFamily: String, CaseIterable, CustomStringConvertible, Sendable {
    case ipv4, ipv6

    var address: String { self == .ipv4 ? "127.0.0.1" : "::1" }
    /// As it goes in a URI or a `bindaddr`.
    var uriHost: String { self == .ipv4 ? "127.0.0.1" : "[::1]" }
    var sdpType: String { self == .ipv4 ? "IP4" : "IP6" }
    var description: String { rawValue }
}
