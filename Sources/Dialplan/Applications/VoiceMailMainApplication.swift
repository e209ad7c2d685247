import PBXCore

/// `VoiceMailMain([box][@context])`: the mailbox owner's menu (Asterisk's).
/// Asks for the mailbox when none is given and for the password (three
/// tries, `maxlogins`), says the message counts, then runs the main menu
/// (`VoiceMailMainSession`): 1 listen, 2 change folder, 3 advanced, 7
/// delete, 9 save, 0 mailbox options, * help, # exit.
public struct VoiceMailMainApplication: DialplanApplication {
    public let name = "VoiceMailMain"
    public let synopsis = "Check Voicemail messages"
    let service: VoicemailService

    public init(service: VoicemailService) {
        self.service = service
    }

    public func execute(_ call: DialplanCall, arguments: [String]) async throws -> ApplicationResult {
        let channel = call.channel
        if channel.record.state.state != .up { try await channel.answer() }
        let prompter = VoicemailPrompter(channel: channel, sounds: call.sounds, logger: call.logger)
        let given = arguments.first.flatMap { VoicemailService.parseMailbox($0) }
        let defaultContext = given?.context ?? "default"
        let configuration = service.configuration

        var user: VoicemailUser?
        for attempt in 0..<configuration.settings.maxLogins {
            var mailbox = attempt == 0 ? given?.mailbox : nil
            if mailbox == nil || mailbox?.isEmpty == true {
                let first = try await prompter.play(["vm-login"], stopOn: Self.keys)
                mailbox = try await channel.readDigits(maxDigits: 20, timeout: .seconds(5), first: first)
            }
            let candidate = mailbox.flatMap { configuration.user($0, context: defaultContext) }
            let first = try await prompter.play(["vm-password"], stopOn: Self.keys)
            let password = try await channel.readDigits(maxDigits: 20, timeout: .seconds(5), first: first)
            if let candidate, candidate.password == password {
                user = candidate
                break
            }
            call.logger.notice("Voicemail: incorrect password for mailbox '\(mailbox ?? "")@\(defaultContext)' on \(channel.name)")
            try await prompter.play(["vm-incorrect"])
        }
        guard let user else {
            try await prompter.play(["vm-goodbye"])
            return .hangUp(.normalClearing)
        }
        call.logger.info("Voicemail: \(user.address) logged in on \(channel.name)")
        let session = VoiceMailMainSession(user: user, service: service, prompter: prompter, logger: call.logger)
        return try await session.run()
    }

    /// Every key: any of them interrupts a prompt.
    static let keys: Set<Character> = Set("0123456789*#")
}
