import NIOCore

/// Sits between a bridged endpoint and its peer when their formats differ
/// (or may come to differ after a re-INVITE): voice frames are translated
/// along the matrix's cheapest path on the receiving event loop, with the
/// chain's buffers and one output buffer reused frame after frame; RFC 4733
/// events pass untouched. When the formats match the chain is dropped and
/// frames pass as they are.
final class TranscodingEndpoint: MediaEndpoint, @unchecked Sendable {
    /// The endpoint whose received frames come through here (its loop is ours).
    private let receiver: any MediaEndpoint
    /// Where frames go: the peer, or a hand-over to the peer's loop.
    private let target: any MediaEndpoint
    /// The peer's format when it lives on another loop (read once, at link time);
    /// nil when it is read live on our shared loop.
    private let fixedTargetFormat: AudioFormat?
    private let fixedTargetParameters: String
    private let translations: TranslationMatrix
    private var chain: TranslationChain?
    private var chainFormats: (source: AudioFormat, destination: AudioFormat)?
    private var converted: [UInt8] = []
    private var outgoing: ByteBuffer
    /// Timestamp mapping from the receiver's RTP clock to the peer's.
    private var lastInputTimestamp: UInt32?
    private var lastOutputTimestamp: UInt32 = 0
    /// Voice frames dropped because no path existed (for diagnostics and tests).
    private(set) var untranslatableFrames = 0

    init(receiver: any MediaEndpoint, target: any MediaEndpoint, fixedTargetFormat: AudioFormat?, fixedTargetParameters: String = "",
         translations: TranslationMatrix) {
        self.receiver = receiver
        self.target = target
        self.fixedTargetFormat = fixedTargetFormat
        self.fixedTargetParameters = fixedTargetParameters
        self.translations = translations
        outgoing = ByteBufferAllocator().buffer(capacity: 1500)
        converted.reserveCapacity(4096)
    }

    var eventLoop: any EventLoop { receiver.eventLoop }
    var format: AudioFormat { fixedTargetFormat ?? target.format }
    var formatParameters: String { fixedTargetFormat == nil ? target.formatParameters : fixedTargetParameters }
    func setPeer(_ peer: (any MediaEndpoint)?) {}
    func sendDigit(_ digit: Character, duration: Duration) { target.sendDigit(digit, duration: duration) }

    /// Whether frames are being translated right now.
    var isTranslating: Bool { chain != nil }

    func relay(_ frame: MediaFrame) {
        let source = receiver.format
        let destination = format
        var frame = frame
        frame.timestamp = mapTimestamp(frame.timestamp, from: source, to: destination)
        guard frame.kind == .voice else {
            target.relay(frame)
            return
        }
        if source == destination {
            chain = nil
            chainFormats = nil
            target.relay(frame)
            return
        }
        if chainFormats.map({ $0.source != source || $0.destination != destination }) ?? true {
            chain = translations.makeChain(from: source, to: destination,
                                           parameters: TranslationParameters(destinationFormatParameters: formatParameters))
            chainFormats = (source, destination)
        }
        guard let chain else {
            untranslatableFrames += 1
            return
        }
        converted.removeAll(keepingCapacity: true)
        frame.payload.withUnsafeReadableBytes { chain.convert($0, into: &converted) }
        guard !converted.isEmpty else { return }
        outgoing.clear()
        outgoing.writeBytes(converted)
        frame.payload = outgoing
        target.relay(frame)
    }

    /// Moves a timestamp onto the peer's clock, keeping the steps between
    /// frames (scaled by the clock ratio) rather than the absolute value.
    private func mapTimestamp(_ timestamp: UInt32, from source: AudioFormat, to destination: AudioFormat) -> UInt32 {
        guard source.rtpClockRate != destination.rtpClockRate else { return timestamp }
        defer { lastInputTimestamp = timestamp }
        guard let last = lastInputTimestamp else {
            lastOutputTimestamp = timestamp
            return timestamp
        }
        let step = Int64(Int32(bitPattern: timestamp &- last)) * Int64(destination.rtpClockRate) / Int64(source.rtpClockRate)
        lastOutputTimestamp = lastOutputTimestamp &+ UInt32(truncatingIfNeeded: step)
        return lastOutputTimestamp
    }
}
