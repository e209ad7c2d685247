import Foundation
import PBXCore

/// The `core ...` console commands, owned by the core itself.
enum CoreCommands {
    static func register(in pbx: PBX, output: LogBroadcaster) {
        let commands = pbx.commands
        let channelNames: ArgumentCompletion = .values { ["all"] + pbx.channels.channels.map(\.name) }
        commands.register(CLICommand("core show version", summary: "Display version info") { _ in
            .ok("SwiftPBX \(PBX.version) built on Linux \(machineName())\n")
        })
        commands.register(CLICommand("core show uptime", summary: "Show uptime information") { _ in
            .ok("System uptime: \(describe(seconds: Int(Date().timeIntervalSince(pbx.startTime))))\n")
        })
        commands.register(CLICommand("core show channels", summary: "Display information on channels",
                                     arguments: [.choice(["concise"])]) { arguments in
            .ok(showChannels(pbx, concise: arguments.first == "concise"))
        })
        commands.register(CLICommand("core show calls", summary: "Display information on calls") { _ in
            let count = pbx.channels.channels.count
            let processed = pbx.channels.callsProcessed
            return .ok("\(count) active call\(count == 1 ? "" : "s")\n\(processed) call\(processed == 1 ? "" : "s") processed\n")
        })
        commands.register(CLICommand("core stop now", summary: "Shut down SwiftPBX immediately") { _ in
            pbx.requestShutdown()
            return .ok("")
        })
        commands.register(CLICommand("core stop gracefully", summary: "Gracefully shut down SwiftPBX") { _ in
            let waiting = pbx.stopGracefully()
            return .ok(waiting == 0 ? "" : "Waiting for \(waiting) active channel\(waiting == 1 ? "" : "s") to end; new calls are refused.\n")
        })
        commands.register(CLICommand("core set verbose", summary: "Set level of verbose chatter",
                                     arguments: [.choice(["atleast", "0", "1", "2", "3", "4", "5"])]) { arguments in
            setVerbose(arguments, output: output)
        })
        commands.register(CLICommand("channel request hangup", summary: "Request a hangup on a given channel",
                                     arguments: [channelNames]) { arguments in
            await requestHangup(arguments.first, pbx: pbx)
        })
    }

    /// `core set verbose N` or `core set verbose atleast N`, Asterisk's wording.
    static func setVerbose(_ arguments: [String], output: LogBroadcaster) -> CLIResult {
        let atLeast = arguments.first == "atleast"
        guard let text = atLeast ? arguments.dropFirst().first : arguments.first, let level = Int(text), level >= 0 else {
            return .failure("Usage: core set verbose [atleast] <level>\n")
        }
        let current = output.verbosity
        if atLeast && current >= level { return .ok("") }
        let previous = output.setVerbosity(level)
        if previous == level { return .ok("Verbosity is at least \(level)\n") }
        return .ok(level == 0 ? "Verbosity is now OFF\n" : "Verbosity was \(previous) and is now \(level)\n")
    }

    static func requestHangup(_ target: String?, pbx: PBX) async -> CLIResult {
        guard let target else { return .failure("Usage: channel request hangup <channel name>|all\n") }
        let channels = target == "all" ? pbx.channels.channels : pbx.channels.channel(named: target).map { [$0] } ?? []
        if channels.isEmpty { return .failure("\(target) is not a known channel\n") }
        var output = ""
        for channel in channels {
            output += "Requested Hangup on channel '\(channel.name)'\n"
            await channel.hangup(cause: .normalClearing)
        }
        return .ok(output)
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
