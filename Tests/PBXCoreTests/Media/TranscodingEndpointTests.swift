import NIOCore
import NIOEmbedded
@testable import PBXCore
import Testing

/// The bridge's per-direction transcoder: voice is translated while the
/// formats differ, events pass untouched, and a format change (re-INVITE)
/// that makes them match removes the translation.
@Suite struct TranscodingEndpointTests {
    final class RecordingEndpoint: MediaEndpoint, @unchecked Sendable {
        let eventLoop: any EventLoop
        var format: AudioFormat
        var frames: [MediaFrame] = []
        init(loop: any EventLoop, format: AudioFormat) {
            eventLoop = loop
            self.format = format
        }
        func setPeer(_ peer: (any MediaEndpoint)?) {}
        func relay(_ frame: MediaFrame) { frames.append(frame) }
        func sendDigit(_ digit: Character, duration: Duration) {}
    }

    static let matrix = TranslationMatrix.withBuiltinCodecs()

    func voice(_ bytes: [UInt8], timestamp: UInt32, kind: MediaFrame.Kind = .voice) -> MediaFrame {
        MediaFrame(kind: kind, marker: false, timestamp: timestamp, source: 7, payload: ByteBuffer(bytes: bytes))
    }

    @Test func ulawToG722IsTranslatedAndEventsPassUntouched() {
        let loop = EmbeddedEventLoop()
        let receiver = RecordingEndpoint(loop: loop, format: .ulaw)
        let peer = RecordingEndpoint(loop: loop, format: .g722)
        let transcoder = TranscodingEndpoint(receiver: receiver, target: peer, fixedTargetFormat: nil, translations: Self.matrix)
        for index in 0..<5 { transcoder.relay(voice([UInt8](repeating: 0xFF, count: 160), timestamp: UInt32(1000 + index * 160))) }
        let event: [UInt8] = [1, 0x0A, 0, 160]
        transcoder.relay(voice(event, timestamp: 1800, kind: .telephoneEvent))
        #expect(transcoder.isTranslating)
        #expect(peer.frames.count == 6)
        // 20 ms of G.722 is 160 bytes and, on G.722's 8 kHz RTP clock, 160 ticks.
        #expect(peer.frames.prefix(5).allSatisfy { $0.payload.readableBytes == 160 })
        #expect(peer.frames[1].timestamp &- peer.frames[0].timestamp == 160)
        #expect(peer.frames[5].kind == .telephoneEvent)
        #expect(Array(buffer: peer.frames[5].payload) == event)
    }

    @Test func opusTimestampsMoveOntoTheFortyEightKilohertzClock() {
        let loop = EmbeddedEventLoop()
        let receiver = RecordingEndpoint(loop: loop, format: .alaw)
        let peer = RecordingEndpoint(loop: loop, format: .opus)
        let transcoder = TranscodingEndpoint(receiver: receiver, target: peer, fixedTargetFormat: nil, translations: Self.matrix)
        for index in 0..<3 { transcoder.relay(voice([UInt8](repeating: 0xD5, count: 160), timestamp: UInt32.max - 100 &+ UInt32(index * 160))) }
        #expect(peer.frames.count == 3)
        #expect(peer.frames[1].timestamp &- peer.frames[0].timestamp == 960)
        #expect(peer.frames[2].timestamp &- peer.frames[1].timestamp == 960)
        #expect(peer.frames.allSatisfy { $0.payload.readableBytes > 0 && $0.payload.readableBytes < 200 })
    }

    @Test func matchingFormatsPassFramesAsTheyAreAndDropTheChain() {
        let loop = EmbeddedEventLoop()
        let receiver = RecordingEndpoint(loop: loop, format: .ulaw)
        let peer = RecordingEndpoint(loop: loop, format: .alaw)
        let transcoder = TranscodingEndpoint(receiver: receiver, target: peer, fixedTargetFormat: nil, translations: Self.matrix)
        let payload: [UInt8] = (0..<160).map { UInt8($0) }
        transcoder.relay(voice(payload, timestamp: 0))
        #expect(Array(buffer: peer.frames[0].payload) == G711.ulawToALaw(payload))
        // A re-INVITE moves the receiver to A-law too: frames now pass untouched.
        receiver.format = .alaw
        transcoder.relay(voice(payload, timestamp: 160))
        #expect(!transcoder.isTranslating)
        #expect(Array(buffer: peer.frames[1].payload) == payload)
    }

    @Test func withoutAPathVoiceIsDroppedNotCorrupted() {
        let loop = EmbeddedEventLoop()
        let receiver = RecordingEndpoint(loop: loop, format: .ulaw)
        let peer = RecordingEndpoint(loop: loop, format: .g722)
        let transcoder = TranscodingEndpoint(receiver: receiver, target: peer, fixedTargetFormat: nil, translations: TranslationMatrix())
        transcoder.relay(voice([UInt8](repeating: 0xFF, count: 160), timestamp: 0))
        #expect(peer.frames.isEmpty)
        #expect(transcoder.untranslatableFrames == 1)
    }
}
