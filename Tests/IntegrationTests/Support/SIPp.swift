import Foundation

/// Runs SIPp once against a PBX: one call of a scenario, bounded in time.
enum SIPp {
    static func run(_ scenario: String, family: LoopbackFamily, localPort: Int, pbxPort: Int, keys: [String: String] = [:],
                    directory: URL? = nil) throws -> ToolResult {
        let file = try SIPpScenario.write(scenario, name: "sipp")
        defer { try? FileManager.default.removeItem(at: file) }
        var arguments = ["sipp", "-sf", file.path, "-m", "1", "-i", family.address, "-p", "\(localPort)",
                         "-timeout", "20", "-nostdin", "-trace_err"]
        for (key, value) in keys.sorted(by: { $0.key < $1.key }) { arguments += ["-key", key, value] }
        arguments.append("\(family.uriHost):\(pbxPort)")
        let workDirectory = try directory ?? TestEnvironment.temporaryDirectory("sipp")
        let result = try ToolRunner.run(arguments, timeout: 30, directory: workDirectory)
        // SIPp writes what went wrong to *_errors.log: bring it into the result.
        let logs = (try? FileManager.default.contentsOfDirectory(at: workDirectory, includingPropertiesForKeys: nil)) ?? []
        var output = result.output
        for log in logs where log.lastPathComponent.hasSuffix("_errors.log") {
            output += (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: log)
        }
        return ToolResult(status: result.status, output: output, timedOut: result.timedOut)
    }
}
