import Foundation
import PBXCore

/// The `core ...` console commands, owned by the core itself.
enum CoreCommands {
    static func register(in pbx: PBX) {
        let commands = pbx.commands
        commands.register(CLICommand("core show version", summary: "Display version info") { _ in
            .ok("SwiftPBX \(PBX.version) built on Linux \(machineName())\n")
        })
        commands.register(CLICommand("core show uptime", summary: "Show uptime information") { _ in
            .ok("System uptime: \(describe(seconds: Int(Date().timeIntervalSince(pbx.startTime))))\n")
        })
        commands.register(CLICommand("core show channels", summary: "Display information on channels") { arguments in
            .ok(showChannels(pbx, concise: arguments.first == "concise"))
        })
        commands.register(CLICommand("core stop now", summary: "Shut down SwiftPBX immediately") { _ in
            pbx.requestShutdown()
            return .ok("")
        })
        commands.register(CLICommand("core stop gracefully", summary: "Gracefully shut down SwiftPBX") { _ in
            pbx.requestShutdown()
            return .ok("")
        })
    }

    static func showChannels(_ pbx: PBX, concise: Bool) -> String {
        let channels = pbx.channels.channels
        var out = ""
        if !concise {
            out += "Channel".padding(to: 21) + "Location".padding(to: 21) + "State".padding(to: 8) + "Application(Data)\n"
        }
        for channel in channels {
            let record = channel.record
            let position = record.position
            let location = position.map { "\($0.exten)@\($0.context):\($0.priority)" } ?? "\(record.exten)@\(record.context):1"
            let application = position.map { "\($0.application)(\($0.applicationData))" } ?? "(None)"
            if concise {
                out += [record.name, record.context, record.exten, String(position?.priority ?? 1), record.state.state.rawValue,
                        position?.application ?? "", position?.applicationData ?? ""].joined(separator: "!") + "\n"
            } else {
                out += String(record.name.prefix(20)).padding(to: 21) + String(location.prefix(20)).padding(to: 21)
                out += record.state.state.rawValue.padding(to: 8) + String(application.prefix(40)) + "\n"
            }
        }
        if !concise {
            let count = channels.count
            out += "\(count) active channel\(count == 1 ? "" : "s")\n"
            let processed = pbx.channels.callsProcessed
            out += "\(processed) call\(processed == 1 ? "" : "s") processed\n"
            out += "\(count) active call\(count == 1 ? "" : "s")\n"
        }
        return out
    }

    static func describe(seconds total: Int) -> String {
        let units = [(86400, "day"), (3600, "hour"), (60, "minute"), (1, "second")]
        var remaining = total
        var parts: [String] = []
        for (size, name) in units where remaining >= size || (size == 1 && parts.isEmpty) {
            let value = remaining / size
            remaining -= value * size
            parts.append("\(value) \(name)\(value == 1 ? "" : "s")")
        }
        return parts.joined(separator: ", ")
    }

    static func machineName() -> String {
        var info = utsname()
        uname(&info)
        return withUnsafeBytes(of: &info.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }
}
