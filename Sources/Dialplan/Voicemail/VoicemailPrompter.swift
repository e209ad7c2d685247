import Foundation
import Logging
import PBXCore

/// Plays voicemail prompts to one channel: sounds by name, digits, counts,
/// message audio from the spool, each interruptible by the keys given.
/// Returns the key that interrupted, so menus can act on type-ahead.
struct VoicemailPrompter: Sendable {
    let channel: any Channel
    let sounds: SoundLibrary
    let logger: Logger

    /// Plays `names` in turn; stops at the first of `keys` pressed.
    @discardableResult
    func play(_ names: [String], stopOn keys: Set<Character> = []) async throws -> Character? {
        for name in names {
            let source: AudioSource
            do {
                source = try sounds.load(name, for: channel.nativeFormat)
            } catch {
                logger.warning("Voicemail: prompt \(name) unavailable: \(error)")
                continue
            }
            if let key = try await channel.play(source, stopOn: keys) { return key }
        }
        return nil
    }

    /// The prompts that say `number`: its digits one by one ("1 0 0").
    static func digits(of number: String) -> [String] {
        number.compactMap { $0.isNumber ? "digits/\($0)" : nil }
    }

    /// "You have 2 new and 1 old messages" as prompt names (Asterisk's vm-youhave sequence).
    static func countAnnouncement(_ counts: MailboxCounts) -> [String] {
        var names = ["vm-youhave"]
        if counts.new == 0 && counts.old == 0 { return names + ["vm-no", "vm-messages"] }
        if counts.new > 0 {
            names += digits(of: String(counts.new)) + ["vm-INBOX"]
            if counts.old > 0 { names.append("vm-and") }
        }
        if counts.old > 0 { names += digits(of: String(counts.old)) + ["vm-Old"] }
        names.append(counts.new + counts.old == 1 ? "vm-message" : "vm-messages")
        return names
    }

    /// Plays a WAV file from the spool (message or greeting).
    func playFile(_ path: String, stopOn keys: Set<Character> = []) async throws -> Character? {
        guard let source = Self.source(wavPath: path, for: channel.nativeFormat, sounds: sounds) else {
            logger.warning("Voicemail: cannot read \(path)")
            return nil
        }
        return try await channel.play(source, stopOn: keys)
    }

    /// A spool WAV (8 kHz 16-bit PCM, or G.711) in the channel's format,
    /// through the same translation path Playback uses for any sound.
    static func source(wavPath: String, for format: AudioFormat, sounds: SoundLibrary) -> AudioSource? {
        guard let data = FileManager.default.contents(atPath: wavPath), let wav = try? WAVReader(bytes: [UInt8](data)) else {
            return nil
        }
        if wav.format == format { return AudioSource(format: format, bytes: wav.data) }
        return sounds.convert(wav.data, from: wav.format, to: format)
    }
}
