import NIOCore
import PBXCore

/// The console call's media side, as a bridge joins it to another channel:
/// it speaks signed linear at 8 kHz both ways (the bridge translates for a
/// peer with another codec). Frames from the peer go into the playback
/// ring; captured periods leave one 20 ms frame each, on a timeline of our own.
///
/// Confined to `eventLoop` (the bridge calls `setPeer`/`relay` there and the
/// capture side hops there), hence `@unchecked Sendable`; the send buffer and
/// period scratch are reused, so a frame costs no allocation of its own.
final class ConsoleMediaEndpoint: MediaEndpoint, @unchecked Sendable {
    let eventLoop: any EventLoop
    var format: AudioFormat { .slin }
    private let playback: ConsolePlayback
    private let capture: ConsoleCapture
    private var peer: (any MediaEndpoint)?
    private var sendBuffer: ByteBuffer
    private var period: [Int16]
    private var timestamp = UInt32.random(in: 0...UInt32.max)
    private let streamIdentity = UInt32.random(in: 1...UInt32.max)
    private var firstFrame = true

    init(eventLoop: any EventLoop, playback: ConsolePlayback, capture: ConsoleCapture, periodSamples: Int) {
        self.eventLoop = eventLoop
        self.playback = playback
        self.capture = capture
        self.period = [Int16](repeating: 0, count: periodSamples)
        self.sendBuffer = ByteBufferAllocator().buffer(capacity: 2 * periodSamples)
    }

    func setPeer(_ peer: (any MediaEndpoint)?) {
        self.peer = peer
        firstFrame = true
    }

    /// A frame from the peer, already in our format (signed linear): to the speaker.
    func relay(_ frame: MediaFrame) {
        guard frame.kind == .voice else { return }
        frame.payload.withUnsafeReadableBytes { bytes in
            playback.receive(count: bytes.count / 2) {
                Int16(bitPattern: UInt16(bytes[2 * $0]) | UInt16(bytes[2 * $0 + 1]) << 8)
            }
        }
    }

    /// Digits from the peer have no sound-card rendering; they are dropped.
    func sendDigit(_ digit: Character, duration: Duration) {}

    /// Sends `digits` to the peer as DTMF, one every 250 ms (`console dial`
    /// during a call, as chan_alsa does). Callable from any thread.
    func sendDigits(_ digits: String) {
        for (index, digit) in digits.enumerated() {
            eventLoop.scheduleTask(in: .milliseconds(Int64(index) * 250)) {
                self.peer?.sendDigit(digit, duration: .milliseconds(100))
            }
        }
    }

    /// Sends every whole captured period to the peer (on the loop). With no
    /// peer the periods are taken and dropped, so nothing goes stale.
    func sendCaptured() {
        while period.withUnsafeMutableBufferPointer({ capture.take(into: $0) }) {
            guard let peer else { continue }
            sendBuffer.clear()
            for sample in period { sendBuffer.writeInteger(sample, endianness: .little) }
            let marker = firstFrame
            firstFrame = false
            peer.relay(MediaFrame(kind: .voice, marker: marker, timestamp: timestamp, source: streamIdentity, payload: sendBuffer))
            timestamp &+= UInt32(period.count)
        }
    }
}
