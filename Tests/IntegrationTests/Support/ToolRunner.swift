import Foundation

/// Runs a peer program (sipp, sipsak) with a time limit and collects what it printed.
struct ToolResult {
    var status: Int32
    var output: String
    var timedOut: Bool
}

enum ToolRunner {
    /// Runs `arguments[0]` found on PATH; kills it after `timeout` seconds.
    static func run(_ arguments: [String], timeout: TimeInterval = 30, directory: URL? = nil) throws -> ToolResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("tool-\(UUID().uuidString).out")
        FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: outputFile)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                process.stopForSure()
                break
            }
            usleep(20_000)
        }
        process.waitUntilExit()
        try? handle.close()
        let output = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: outputFile)
        return ToolResult(status: process.terminationStatus, output: output, timedOut: timedOut)
    }

    static func isInstalled(_ name: String) -> Bool {
        (try? run(["sh", "-c", "command -v \(name)"], timeout: 5).status) == 0
    }
}
