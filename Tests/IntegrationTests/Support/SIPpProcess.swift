import Foundation

/// SIPp running in the background for one scenario (a callee waiting for
/// the PBX's INVITE, a caller that talks while the test sends media), with
/// its logs readable while it runs. Killed at the end if still running.
final class SIPpProcess {
    let directory: URL
    private let process = Process()

    init(scenario: String, family: LoopbackFamily, localPort: Int, pbxPort: Int, keys: [String: String] = [:],
         uas: Bool = false) throws {
        directory = try TestEnvironment.temporaryDirectory("sipp")
        let file = directory.appendingPathComponent("scenario.xml")
        try scenario.write(to: file, atomically: true, encoding: .utf8)
        var arguments = ["sipp", "-sf", file.path, "-m", "1", "-i", family.address, "-p", "\(localPort)",
                         "-timeout", "40", "-nostdin", "-trace_err", "-trace_logs"]
        for (key, value) in keys.sorted(by: { $0.key < $1.key }) { arguments += ["-key", key, value] }
        if !uas { arguments.append("\(family.uriHost):\(pbxPort)") }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Everything SIPp logged (`<log>` actions) and its errors.
    var logs: String {
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        return files.filter { $0.lastPathComponent.hasSuffix(".log") }
            .compactMap { try? String(contentsOf: $0, encoding: .utf8) }.joined(separator: "\n")
    }

    /// The PBX media port the scenario logged as `PBXPORT n`, waiting up to `timeout` s.
    func pbxMediaPort(timeout: TimeInterval = 10) -> Int? {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            if let range = logs.range(of: "PBXPORT ") {
                let digits = logs[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits) { return port }
            }
            usleep(50_000)
        } while Date() < deadline && process.isRunning
        return nil
    }

    /// Waits for SIPp to end (killing it after `timeout` s); its exit status.
    func finish(timeout: TimeInterval = 40) -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(50_000) }
        process.stopForSure()
        return process.terminationStatus
    }

    deinit {
        process.stopForSure()
        try? FileManager.default.removeItem(at: directory)
    }
}
