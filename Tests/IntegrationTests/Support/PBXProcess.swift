import Foundation

/// A real `swiftpbx -f` started on a configuration written for one test,
/// stopped (and its log kept for assertions) at the end.
final class PBXProcess {
    let directory: URL
    let process = Process()
    let logFile: URL
    private var stopped = false

    /// Writes `files` (name → text) into a fresh config directory, adds a
    /// swiftpbx.conf pointing at the shipped sounds, and starts the PBX with
    /// `environment` added to the test's own (`ALSA_CONFIG_PATH`).
    init(files: [String: String], name: String = "pbx", environment: [String: String] = [:]) throws {
        directory = try TestEnvironment.temporaryDirectory(name)
        var files = files
        if files["swiftpbx.conf"] == nil {
            files["swiftpbx.conf"] = """
                [directories]
                rundir => \(directory.path)/run
                spooldir => \(directory.path)/spool
                datadir => \(directory.path)/data
                sounddir => \(TestEnvironment.sounds.path)

                """
        }
        for (fileName, text) in files {
            try text.write(to: directory.appendingPathComponent(fileName), atomically: true, encoding: .utf8)
        }
        logFile = directory.appendingPathComponent("pbx.log")
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: logFile)
        process.executableURL = TestEnvironment.binary
        process.arguments = ["-f", "-vvv", "-C", directory.path]
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try waitUntilReady()
    }

    /// Polls the control socket until the SIP driver has loaded (at most ~10 s).
    private func waitUntilReady() throws {
        for _ in 0..<100 {
            if !process.isRunning { throw PBXProcessError.exited(log) }
            if let result = try? command("sip show settings"), result.status == 0 { return }
            usleep(100_000)
        }
        throw PBXProcessError.notReady(log)
    }

    /// `swiftpbx -rx CMD` against this PBX.
    func command(_ line: String) throws -> ToolResult {
        try ToolRunner.run([TestEnvironment.binary.path, "-C", directory.path, "-rx", line], timeout: 10)
    }

    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// Waits until the log contains `text` (at most `timeout` seconds).
    func waitForLog(_ text: String, timeout: TimeInterval = 5) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if log.contains(text) { return true }
            usleep(50_000)
        }
        return log.contains(text)
    }

    func stop() {
        guard !stopped else { return }
        stopped = true
        _ = try? command("core stop now")
        for _ in 0..<50 where process.isRunning { usleep(100_000) }
        process.stopForSure()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }
}

enum PBXProcessError: Error, CustomStringConvertible {
    case exited(String)
    case notReady(String)

    var description: String {
        switch self {
        case .exited(let log): "swiftpbx exited at start:\n\(log)"
        case .notReady(let log): "swiftpbx did not answer on its control socket:\n\(log)"
        }
    }
}
