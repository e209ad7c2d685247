import Foundation
import Logging
import PBXCore

/// `VoiceMail(box@context[&box2...][,options])`: leaves a message (Asterisk's
/// app_voicemail). Options: `u` the unavailable greeting, `b` the busy one,
/// `s` no instructions. Plays the mailbox's recorded greeting, or "extension
/// 1 0 0 is unavailable" from prompts; then the beep, and records until `#`,
/// silence, `maxsecs` or the hangup. Sets `VMSTATUS` to SUCCESS, USEREXIT or
/// FAILED.
public struct VoiceMailApplication: DialplanApplication {
    public let name = "VoiceMail"
    public let synopsis = "Leave a Voicemail message"
    let service: VoicemailService

    public init(service: VoicemailService) {
        self.service = service
    }

    public func execute(_ call: DialplanCall, arguments: [String]) async throws -> ApplicationResult {
        let channel = call.channel
        let options = Set(arguments.dropFirst().joined().lowercased())
        let configuration = service.configuration
        guard let target = arguments.first.flatMap({ $0.split(separator: "&").first }).flatMap({ VoicemailService.parseMailbox(String($0)) }),
              let user = configuration.user(target.mailbox, context: target.context) else {
            call.logger.warning("No entry in voicemail config file for '\(arguments.first ?? "")'")
            channel.record[variable: "VMSTATUS"] = "FAILED"
            return .proceed
        }
        channel.record[variable: "VMSTATUS"] = "FAILED"
        if channel.record.state.state != .up { try await channel.answer() }
        let prompter = VoicemailPrompter(channel: channel, sounds: call.sounds, logger: call.logger)
        let settings = configuration.settings
        let store = service.store

        if store.counts(context: user.context, mailbox: user.mailbox).new >= settings.maxMessages {
            call.logger.notice("Voicemail: mailbox \(user.address) is full")
            try await prompter.play(["vm-mailboxfull"])
            return .proceed
        }

        var key = try await playGreeting(user: user, options: options, prompter: prompter)
        if key == nil, !options.contains("s") { key = try await prompter.play(["vm-intro"], stopOn: ["#", "*"]) }
        if key == "*" {
            channel.record[variable: "VMSTATUS"] = "USEREXIT"
            return .proceed
        }
        try await prompter.play(["beep"])

        let path = try store.temporaryRecording(context: user.context, mailbox: user.mailbox)
        let file = try RecordingFile(path: path)
        let started = Int(Date().timeIntervalSince1970)
        call.logger.info("Voicemail: recording message for \(user.address) on \(channel.name)")
        let ending: VoicemailRecorder.Ending
        do {
            ending = try await VoicemailRecorder(settings: settings, translations: call.sounds.translations).record(from: channel, into: file)
        } catch {
            file.discard()
            throw error
        }
        let seconds = file.seconds
        guard seconds >= Double(max(settings.minSeconds, 0)), file.sampleCount > 0 else {
            call.logger.notice("Voicemail: message of \(String(format: "%.1f", seconds)) s for \(user.address) is shorter than minsecs; discarded")
            file.discard()
            if ending != .hangUp { try await prompter.play(["vm-goodbye"]) }
            return ending == .hangUp ? .hangUp(.normalClearing) : .proceed
        }
        try file.finish()
        let record = channel.record
        let callerID = record.callerID.number.isEmpty && record.callerID.name.isEmpty ? "Unknown" : record.callerID.description
        let info = VoicemailMessageInfo(originalMailbox: user.mailbox, context: call.context, exten: call.exten,
                                        callerChannel: channel.name, callerID: callerID, originalTime: started,
                                        duration: Int(seconds.rounded()))
        // `100&101`: the same message is left in every further mailbox named.
        for other in additionalMailboxes(arguments.first ?? "", configuration: configuration) {
            copy(recording: path, info: info, to: other, maxMessages: settings.maxMessages, logger: call.logger)
        }
        guard let number = try store.deliver(recording: path, info: info, context: user.context, mailbox: user.mailbox,
                                             maxMessages: settings.maxMessages) else {
            unlink(path)
            if ending != .hangUp { try await prompter.play(["vm-mailboxfull"]) }
            return ending == .hangUp ? .hangUp(.normalClearing) : .proceed
        }
        call.logger.info("Voicemail: saved message \(number) (\(info.duration) s, ended by \(ending)) for \(user.address)")
        record[variable: "VMSTATUS"] = "SUCCESS"
        if ending == .hangUp { return .hangUp(.normalClearing) }
        try await prompter.play(["vm-saved", "vm-goodbye"])
        return .proceed
    }

    /// The recorded greeting for the option, else the spoken one; `#` skips to the beep.
    private func playGreeting(user: VoicemailUser, options: Set<Character>, prompter: VoicemailPrompter) async throws -> Character? {
        let spool = service.store.spool
        let busy = options.contains("b")
        let recorded = busy ? "busy" : options.contains("u") ? "unavail" : "greet"
        // A temporary greeting, when recorded, overrides the others (as Asterisk's).
        for name in ["temp", recorded] {
            if let path = spool.greeting(name, context: user.context, mailbox: user.mailbox) {
                return try await prompter.playFile(path, stopOn: ["#", "*"])
            }
        }
        let spoken = ["vm-theperson"] + VoicemailPrompter.digits(of: user.mailbox) + [busy ? "vm-isonphone" : "vm-isunavail"]
        return try await prompter.play(spoken, stopOn: ["#", "*"])
    }

    /// The configured mailboxes after the first in `100@default&101@default`.
    private func additionalMailboxes(_ argument: String, configuration: VoicemailConfiguration) -> [VoicemailUser] {
        argument.split(separator: "&").dropFirst().compactMap { VoicemailService.parseMailbox(String($0)) }
            .compactMap { configuration.user($0.mailbox, context: $0.context) }
    }

    private func copy(recording path: String, info: VoicemailMessageInfo, to user: VoicemailUser, maxMessages: Int,
                      logger: Logger) {
        do {
            let copy = try service.store.temporaryRecording(context: user.context, mailbox: user.mailbox)
            try DurableFile.write([UInt8](Data(contentsOf: URL(fileURLWithPath: path))), to: copy)
            var copied = info
            copied.originalMailbox = user.mailbox
            if try service.store.deliver(recording: copy, info: copied, context: user.context, mailbox: user.mailbox,
                                         maxMessages: maxMessages) == nil {
                unlink(copy)
                logger.notice("Voicemail: mailbox \(user.address) is full; message not copied")
            }
        } catch {
            logger.error("Voicemail: could not copy the message to \(user.address): \(error)")
        }
    }
}
