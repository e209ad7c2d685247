import Foundation
import NIOConcurrencyHelpers
import NIOCore
import PBXCore

/// A channel whose far end follows a script: each `read` hands out the
/// next scripted input at once; when the script runs out the far end hangs
/// up. Playback returns at once and is recorded by the sound it was, so
/// voicemail menus can be checked prompt by prompt.
final class ScriptedInputChannel: PBXCore.Channel {
    let record: ChannelRecord
    let nativeFormat: AudioFormat = .ulaw
    private let state: NIOLockedValueBox<(script: [ChannelInput], played: [AudioSource])>

    init(script: [ChannelInput]) {
        record = ChannelRecord(name: "SIP/test-00000001", uniqueID: "1.1", technology: "SIP",
                               callerID: CallerID(name: "Caller", number: "5551000"), exten: "8500", context: "default")
        record.setState(.ring)
        state = NIOLockedValueBox((script, []))
    }

    /// 20 ms µ-law frames: `seconds` of a 600 Hz tone, or silence.
    static func frames(seconds: Double, tone: Bool) -> [ChannelInput] {
        let samples = (0..<Int(seconds * 8000)).map { tone ? Int16(6000 * sin(2 * .pi * 600 * Double($0) / 8000)) : 0 }
        let bytes = G711.encodeULaw(samples)
        return stride(from: 0, to: bytes.count, by: 160).map { start in
            .voice(AudioFrame(format: .ulaw, payload: ByteBuffer(bytes: bytes[start..<min(start + 160, bytes.count)]),
                              samples: 160, timestamp: UInt32(start)))
        }
    }

    static func digits(_ text: String) -> [ChannelInput] { text.map { .digit($0) } }

    func answer() async throws { record.setState(.up) }

    func play(_ source: AudioSource) async throws {
        if isHungUp { throw ChannelError.hungUp }
        state.withLockedValue { $0.played.append(source) }
    }

    /// Prompts are never interrupted: scripted input is read after them.
    func play(_ source: AudioSource, stopOn digits: Set<Character>) async throws -> Character? {
        try await play(source)
        return nil
    }

    func wait(_ duration: Duration) async throws {
        if isHungUp { throw ChannelError.hungUp }
    }

    func hangup(cause: HangupCause) async { record.markHungUp(cause: cause) }

    func read(timeout: Duration) async throws -> ChannelInput? {
        if isHungUp { throw ChannelError.hungUp }
        // Scripted input is what comes next, never what is already buffered.
        if Task.isCancelled || timeout == .zero { return nil }
        let next: ChannelInput? = state.withLockedValue { $0.script.isEmpty ? nil : $0.script.removeFirst() }
        guard let next else {
            record.markHungUp(cause: .normalClearing)
            throw ChannelError.hungUp
        }
        return next
    }

    /// The names of the prompts played, found by comparing with `sounds`.
    func playedPrompts(_ sounds: SoundLibrary, candidates: [String]) -> [String] {
        let known = candidates.compactMap { name in (try? sounds.load(name, for: .ulaw)).map { (name, $0.bytes) } }
        return state.withLockedValue { $0.played }.map { source in
            known.first { $0.1 == source.bytes }?.0 ?? "(\(source.bytes.count) bytes)"
        }
    }
}
