@testable import Dialplan
import Foundation
import NIOCore
import PBXCore
import Testing

/// Callers whose codec is not G.711: the recording decodes them through the
/// translation path, so a G.722 caller leaves a real message.
@Suite struct VoicemailCodecRecordingTests {
    /// `seconds` of a 600 Hz tone as 20 ms G.722 frames made by the PBX's own encoder.
    static func g722Frames(seconds: Double, translations: TranslationMatrix) throws -> [ChannelInput] {
        let chain = try #require(translations.makeChain(from: .slin16, to: .g722))
        var frames: [ChannelInput] = []
        var encoded: [UInt8] = []
        for index in 0..<Int(seconds * 50) {
            let samples = (0..<320).map { Int16(8000 * sin(2 * .pi * 600 * Double(index * 320 + $0) / 16000)) }
            encoded.removeAll(keepingCapacity: true)
            samples.withUnsafeBytes { chain.convert($0, into: &encoded) }
            frames.append(.voice(AudioFrame(format: .g722, payload: ByteBuffer(bytes: encoded), samples: 320,
                                            timestamp: UInt32(index * 160))))
        }
        return frames
    }

    @Test func aG722CallerLeavesAMessageWithItsTone() async throws {
        let fixture = try VoicemailApplicationTests.Fixture(settings: "maxsilence=1\nminsecs=1")
        let translations = VoicemailApplicationTests.sounds.translations
        let channel = ScriptedInputChannel(script: try Self.g722Frames(seconds: 2, translations: translations)
            + ScriptedInputChannel.frames(seconds: 1.2, tone: false) + ScriptedInputChannel.digits("9"))
        _ = try await VoiceMailApplication(service: fixture.service).execute(fixture.call(channel), arguments: ["100@default", "u"])
        #expect(channel.record[variable: "VMSTATUS"] == "SUCCESS")
        let message = try #require(fixture.inbox.first)
        #expect(message.info.duration == 2)
        let stem = fixture.service.store.spool.messageStem(context: "default", mailbox: "100", folder: .inbox, number: message.number)
        let wav = try WAVReader(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: stem + ".wav"))))
        let samples = LinearPCM.samples(littleEndian: wav.data)
        #expect(samples.count > 14_000)
        // The tone is there at its level (8000 peak: mean absolute about 5,100), not silence.
        let head = samples.prefix(12_000)
        let level = head.reduce(0) { $0 + abs(Int($1)) } / max(1, head.count)
        #expect(level > 3_000, "mean level \(level)")
    }
}
