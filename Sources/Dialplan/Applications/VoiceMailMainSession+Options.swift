import Foundation
import PBXCore

/// `0` in the main menu: mailbox options (Asterisk's): 1 unavailable
/// greeting, 2 busy greeting, 3 name, 4 temporary greeting, 5 password,
/// `*` back.
extension VoiceMailMainSession {
    func mailboxOptions() async throws {
        for _ in 0..<Self.maxSilentPrompts {
            guard let key = try await nextKey(prompt: ["vm-mailboxoptions"]) else { continue }
            switch key {
            case "1": try await recordGreeting("unavail", prompt: "vm-rec-unv")
            case "2": try await recordGreeting("busy", prompt: "vm-rec-busy")
            case "3": try await recordGreeting("greet", prompt: "vm-rec-name")
            case "4": try await recordGreeting("temp", prompt: "vm-rec-temp")
            case "5": try await changePassword()
            case "*", "#": return
            default: continue
            }
        }
    }

    /// Records a greeting after the prompt and beep, until `#` or silence,
    /// and puts it in place of the old one in one rename.
    func recordGreeting(_ name: String, prompt: String) async throws {
        try await prompter.play([prompt, "beep"])
        let path = try store.temporaryRecording(context: user.context, mailbox: user.mailbox)
        let file = try RecordingFile(path: path)
        var settings = service.configuration.settings
        if settings.maxSilence == 0 { settings.maxSilence = 5 }
        let ending: VoicemailRecorder.Ending
        do {
            ending = try await VoicemailRecorder(settings: settings, translations: prompter.sounds.translations).record(from: channel, into: file)
        } catch {
            file.discard()
            throw error
        }
        guard file.sampleCount > 0, ending != .hangUp else {
            file.discard()
            return
        }
        try file.finish()
        let destination = store.spool.mailboxDirectory(context: user.context, mailbox: user.mailbox) + "/\(name).wav"
        try DurableFile.rename(path, to: destination)
        logger.info("Voicemail: \(name) greeting recorded for \(user.address)")
        pending = try await prompter.play(["vm-saved"], stopOn: Self.keys)
    }

    /// New password twice; on a match voicemail.conf is rewritten.
    func changePassword() async throws {
        let first = try await nextKey(prompt: ["vm-newpassword"])
        let password = try await channel.readDigits(maxDigits: 20, timeout: .seconds(5), first: first)
        pending = nil
        let again = try await prompter.play(["vm-reenterpassword"], stopOn: Self.keys)
        let confirmation = try await channel.readDigits(maxDigits: 20, timeout: .seconds(5), first: again)
        guard !password.isEmpty, password == confirmation else {
            try await prompter.play(["vm-mismatch"])
            return
        }
        do {
            try service.changePassword(of: user, to: password)
            try await prompter.play(["vm-passchanged"])
        } catch {
            logger.error("Voicemail: password of \(user.address) not changed: \(error)")
            try await prompter.play(["vm-incorrect"])
        }
    }
}
