import PBXCore

extension ConsoleChannelDriver {
    /// The commands `load` registers and `unload` removes.
    static let commandNames = ["console dial", "console answer", "console hangup"]

    /// `console dial [EXT[@CTX]]`, `console answer`, `console hangup`, with
    /// chan_alsa's wording.
    func registerCommands() {
        let commands = pbx.commands
        commands.register(CLICommand("console dial", summary: "Dial an extension on the console", arguments: [.values { [weak self] in
            guard let configuration = self?.configuration else { return [] }
            return [configuration.exten, "\(configuration.exten)@\(configuration.context)"]
        }]) { [weak self] arguments in
            guard let self else { return .failure("The console channel is not loaded\n") }
            return self.dial(arguments.first)
        })
        commands.register(CLICommand("console answer", summary: "Answer an incoming console call") { [weak self] _ in
            guard let channel = self?.activeChannel, channel.isRinging else { return .failure("No one is calling us\n") }
            return channel.answerFromConsole() ? .ok("Answered \(channel.name)\n") : .failure("No one is calling us\n")
        })
        commands.register(CLICommand("console hangup", summary: "Hangup a call on the console") { [weak self] _ in
            guard let channel = self?.activeChannel else { return .failure("No call to hang up\n") }
            channel.hangupNow(cause: channel.isRinging ? .userBusy : .normalClearing)
            return .ok("Hung up \(channel.name)\n")
        })
    }

    func unregisterCommands() {
        for name in Self.commandNames { pbx.commands.unregister(name) }
    }
}
