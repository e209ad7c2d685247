@testable import Channels
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import PBXCore
import Testing

/// A peer endpoint that keeps what it is sent.
private final class RecordingEndpoint: MediaEndpoint, @unchecked Sendable {
    let eventLoop: any EventLoop
    let format: AudioFormat
    var frames: [MediaFrame] = []

    init(eventLoop: any EventLoop, format: AudioFormat) {
        self.eventLoop = eventLoop
        self.format = format
    }

    func setPeer(_ peer: (any MediaEndpoint)?) {}
    func relay(_ frame: MediaFrame) { frames.append(frame) }
    func sendDigit(_ digit: Character, duration: Duration) {}
}

@Suite("ConsoleMediaEndpoint: the console's side of a bridge")
struct ConsoleMediaEndpointTests {
    private let loop = EmbeddedEventLoop()
    private let playback = ConsolePlayback(capacitySamples: 64, primingSamples: 0)
    private let capture = ConsoleCapture(capacitySamples: 64)

    private func endpoint() -> ConsoleMediaEndpoint {
        ConsoleMediaEndpoint(eventLoop: loop, playback: playback, capture: capture, periodSamples: 4)
    }

    static func littleEndian(_ samples: [Int16]) -> [UInt8] {
        samples.flatMap { [UInt8(truncatingIfNeeded: UInt16(bitPattern: $0)), UInt8(truncatingIfNeeded: UInt16(bitPattern: $0) >> 8)] }
    }

    @Test("The console speaks signed linear: the bridge translates for other codecs")
    func speaksSignedLinear() {
        #expect(endpoint().format == .slin)
    }

    @Test("Frames from the peer (signed linear, as the bridge delivers them) reach the speaker's ring")
    func playsPeerFrames() {
        let console = endpoint()
        console.setPeer(RecordingEndpoint(eventLoop: loop, format: .slin))
        playback.begin()
        let samples: [Int16] = [1000, -1000, 8000, -8000]
        console.relay(MediaFrame(kind: .voice, marker: false, timestamp: 0, source: 1, payload: ByteBuffer(bytes: Self.littleEndian(samples))))
        var output = [Int16](repeating: 0, count: 4)
        output.withUnsafeMutableBufferPointer { playback.fillPeriod($0) }
        #expect(output == samples)
    }

    @Test("Captured periods go to the peer as signed linear, 20 ms apart on one timeline")
    func sendsCapture() {
        let console = endpoint()
        let peer = RecordingEndpoint(eventLoop: loop, format: .slin)
        console.setPeer(peer)
        capture.attach(console)
        let first: [Int16] = [0, 500, -500, 3000]
        let second: [Int16] = [100, 200, 300, 400]
        first.withUnsafeBufferPointer { capture.deliver($0) }
        second.withUnsafeBufferPointer { capture.deliver($0) }
        loop.run()
        #expect(peer.frames.count == 2)
        #expect(peer.frames.first.map { Array($0.payload.readableBytesView) } == Self.littleEndian(first))
        #expect(peer.frames.last.map { Array($0.payload.readableBytesView) } == Self.littleEndian(second))
        #expect(peer.frames.first?.marker == true)
        #expect(peer.frames.last?.marker == false)
        if let a = peer.frames.first, let b = peer.frames.last {
            #expect(b.timestamp &- a.timestamp == 4)
            #expect(a.source == b.source)
        }
    }

    @Test("Without a peer, captured audio is taken and dropped; DTMF and events are ignored")
    func noPeer() {
        let console = endpoint()
        capture.attach(console)
        [Int16](repeating: 5, count: 4).withUnsafeBufferPointer { capture.deliver($0) }
        loop.run()
        var period = [Int16](repeating: 0, count: 4)
        #expect(!period.withUnsafeMutableBufferPointer { capture.take(into: $0) })
        playback.begin()
        console.relay(MediaFrame(kind: .voice, marker: false, timestamp: 0, source: 1, payload: ByteBuffer(bytes: [0, 0, 0, 0])))
        period.withUnsafeMutableBufferPointer { playback.fillPeriod($0) }
        #expect(period == [0, 0, 0, 0])
    }
}
