import Foundation
import Logging
import PBXCore

/// One logged-in VoiceMailMain call: the folder being browsed, the current
/// message, and what the owner did to each (heard, deleted, saved), applied
/// to the spool when they leave or hang up, as Asterisk does.
final class VoiceMailMainSession {
    let user: VoicemailUser
    let service: VoicemailService
    let prompter: VoicemailPrompter
    let logger: Logger

    var folder: VoicemailFolder = .inbox
    var messages: [VoicemailSpool.StoredMessage] = []
    var current = 0
    /// Per message of `messages`: what to do with it on leaving the folder.
    var fates: [Fate] = []
    /// Key pressed during a prompt: the next command.
    var pending: Character?

    enum Fate: Equatable { case untouched, heard, deleted, moved(VoicemailFolder) }

    /// Menu turns before giving up, and prompts repeated without a key.
    static let maxTurns = 200
    static let maxSilentPrompts = 3
    static let keys = VoiceMailMainApplication.keys

    init(user: VoicemailUser, service: VoicemailService, prompter: VoicemailPrompter, logger: Logger) {
        self.user = user
        self.service = service
        self.prompter = prompter
        self.logger = logger
    }

    var channel: any Channel { prompter.channel }
    var store: VoicemailStore { service.store }

    /// Says the counts, then runs the main menu until `#`, a hangup, or no answer.
    func run() async throws -> ApplicationResult {
        let counts = store.counts(context: user.context, mailbox: user.mailbox)
        open(counts.new > 0 ? .inbox : .old)
        do {
            pending = try await prompter.play(VoicemailPrompter.countAnnouncement(counts), stopOn: Self.keys)
            try await menu()
        } catch {
            applyChanges()
            throw error
        }
        applyChanges()
        try await prompter.play(["vm-goodbye"])
        return .hangUp(.normalClearing)
    }

    /// The main menu loop; returns on `#` or when the caller stays silent.
    private func menu() async throws {
        var silentPrompts = 0
        for _ in 0..<Self.maxTurns {
            guard let key = try await nextKey(prompt: ["vm-options"]) else {
                silentPrompts += 1
                if silentPrompts >= Self.maxSilentPrompts { return }
                continue
            }
            silentPrompts = 0
            switch key {
            case "#": return
            case "1": try await listen(from: 0)
            case "2": try await changeFolder()
            case "3": try await advanced()
            case "4": try await listen(from: current - 1)
            case "5": try await listen(from: current)
            case "6": try await listen(from: current + 1)
            case "7": try await deleteCurrent()
            case "9": try await saveCurrent()
            case "0": try await mailboxOptions()
            case "*": pending = try await prompter.play(["vm-help"], stopOn: Self.keys)
            default: continue
            }
        }
    }

    /// A key pressed ahead, or the one pressed during `prompt`, or within 5 s after it.
    func nextKey(prompt: [String]) async throws -> Character? {
        if let key = pending {
            pending = nil
            return key
        }
        if let key = try await prompter.play(prompt, stopOn: Self.keys) { return key }
        return try await channel.readDigit(timeout: .seconds(5))
    }

    /// Loads a folder's messages (after applying what was done in the last one).
    func open(_ newFolder: VoicemailFolder) {
        folder = newFolder
        messages = store.messages(context: user.context, mailbox: user.mailbox, folder: newFolder)
        fates = Array(repeating: .untouched, count: messages.count)
        current = 0
    }

    /// Plays message `index` ("first message", then the recording); a key
    /// pressed during it becomes the next command.
    private func listen(from index: Int) async throws {
        guard !messages.isEmpty else {
            pending = try await prompter.play(["vm-no", "vm-messages"], stopOn: Self.keys)
            return
        }
        guard index >= 0 else {
            pending = try await prompter.play(["vm-first", "vm-message"], stopOn: Self.keys)
            return
        }
        guard index < messages.count else {
            pending = try await prompter.play(["vm-nomore"], stopOn: Self.keys)
            return
        }
        current = index
        let intro = index == 0 ? ["vm-first", "vm-message"] : ["vm-message"] + VoicemailPrompter.digits(of: String(index + 1))
        if let key = try await prompter.play(intro, stopOn: Self.keys) {
            pending = key
            return
        }
        let message = messages[index]
        let path = store.spool.messageStem(context: message.context, mailbox: message.mailbox, folder: message.folder,
                                           number: message.number) + ".wav"
        if fates[index] == .untouched { fates[index] = .heard }
        pending = try await prompter.playFile(path, stopOn: Self.keys)
    }

    private func deleteCurrent() async throws {
        guard current < messages.count else { return }
        fates[current] = fates[current] == .deleted ? .heard : .deleted
        pending = try await prompter.play([fates[current] == .deleted ? "vm-deleted" : "vm-undeleted"], stopOn: Self.keys)
        if pending == nil, fates[current] == .deleted, current + 1 < messages.count {
            try await listen(from: current + 1)
        }
    }

    /// `9`: which folder (0-4), then the message goes there on leaving.
    private func saveCurrent() async throws {
        guard current < messages.count else { return }
        guard let key = try await nextKey(prompt: ["vm-savefolder"]), let number = key.wholeNumberValue,
              let target = VoicemailFolder(rawValue: number) else { return }
        fates[current] = target == folder ? .heard : .moved(target)
        pending = try await prompter.play(["vm-message", "vm-saved"], stopOn: Self.keys)
    }

    /// `2`: change to folder 0-4 and say how many messages it holds.
    private func changeFolder() async throws {
        guard let key = try await nextKey(prompt: ["vm-changeto"]), let number = key.wholeNumberValue,
              let target = VoicemailFolder(rawValue: number) else { return }
        applyChanges()
        open(target)
        let count = messages.count
        let names = ["vm-youhave"] + (count == 0 ? ["vm-no"] : VoicemailPrompter.digits(of: String(count)))
            + [target.prompt, count == 1 ? "vm-message" : "vm-messages"]
        pending = try await prompter.play(names, stopOn: Self.keys)
    }

    /// `3`: advanced options; `5` plays the envelope (date, caller, duration).
    private func advanced() async throws {
        guard let key = try await nextKey(prompt: ["vm-advopts"]) else { return }
        guard key == "5", current < messages.count else {
            if key != "*" { pending = key }
            return
        }
        let info = messages[current].info
        var names = ["vm-received"] + VoicemailPrompter.digits(of: Self.dayAndTime(info.originalTime))
        let number = info.callerNumber
        names += number.isEmpty ? ["vm-unknown-caller"] : ["vm-from"] + VoicemailPrompter.digits(of: number)
        pending = try await prompter.play(names, stopOn: Self.keys)
    }

    /// `MMDDHHMM` of a message's time (UTC), said digit by digit.
    static func dayAndTime(_ time: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.month, .day, .hour, .minute], from: Date(timeIntervalSince1970: TimeInterval(time)))
        return [parts.month, parts.day, parts.hour, parts.minute].map { String(format: "%02d", $0 ?? 0) }.joined()
    }

    /// Carries out the fates of the open folder: deletions, moves, and
    /// heard INBOX messages to Old; then renumbers, as Asterisk does on exit.
    func applyChanges() {
        var changed = false
        for (index, fate) in fates.enumerated() {
            let message = messages[index]
            switch fate {
            case .untouched:
                continue
            case .heard:
                guard folder == .inbox else { continue }
                _ = try? store.move(message, to: .old)
            case .deleted:
                store.delete(message)
            case .moved(let target):
                _ = try? store.move(message, to: target)
            }
            changed = true
        }
        if changed {
            store.resequence(context: user.context, mailbox: user.mailbox)
            logger.info("Voicemail: changes applied to \(user.address)")
        }
        fates = Array(repeating: .untouched, count: messages.count)
    }
}
