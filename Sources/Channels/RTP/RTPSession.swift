import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PBXCore

/// One RTP stream of a call: a UDP socket of the call's family, our SSRC,
/// sequence and timestamp, paced sending of audio, relaying to a bridged
/// peer and counting of what arrives. Lives on one event loop; nothing here
/// hops or locks per packet. (Confined to `loop`; `@unchecked Sendable` so
/// the bridge can hold it.)
final class RTPSession: @unchecked Sendable {
    let loop: any EventLoop
    let localPort: Int
    let family: AddressFamily
    let channel: any NIOCore.Channel
    /// Where we send; nil until the far end's SDP is known (our own offer).
    private(set) var remote: SocketAddress?
    private(set) var payloadType: UInt8
    private(set) var telephoneEventPayloadType: UInt8?
    /// The negotiated format; changes only on this loop (an answer to our
    /// multi-codec offer, or a re-INVITE choosing another codec).
    private(set) var format: AudioFormat
    /// `format` for readers on other threads (Playback, `sip show channels`).
    let publishedFormat: NIOLockedValueBox<AudioFormat>
    /// The far end's fmtp for `format` (Opus reads useinbandfec/maxplaybackrate from it).
    private(set) var formatParameters = ""
    let ssrc = UInt32.random(in: 1...UInt32.max)
    var sequence = UInt16.random(in: 0...UInt16.max)
    /// The timestamp the next voice frame we send carries.
    var timestamp = UInt32.random(in: 0...UInt32.max)
    var sendBuffer: ByteBuffer
    private var playback: (source: AudioSource, next: Int, start: NIODeadline, promise: EventLoopPromise<Void>, timer: Scheduled<Void>?)?
    private(set) var closed = false
    var statistics = RTPStatistics()
    /// Called with each voice frame received while not bridged, on the loop.
    var onFrame: ((AudioFrame) -> Void)?
    /// False while the far end holds the call (we must not send, RFC 3264).
    var sending = true
    /// Digits detected in received RFC 4733 events (begin/end frames).
    var onDigitFrame: ((Frame) -> Void)?
    var dtmfReceiver = TelephoneEventReceiver()
    /// The bridged peer that receives our incoming frames.
    var peer: (any MediaEndpoint)?
    /// Relay state: which incoming stream we map, and by how much.
    var relaySource: UInt32?
    var relayOffset: UInt32 = 0
    private var releasePort: (() -> Void)?

    private init(loop: any EventLoop, channel: any NIOCore.Channel, localPort: Int, family: AddressFamily, format: AudioFormat,
                 payloadType: UInt8) {
        self.loop = loop
        self.channel = channel
        self.localPort = localPort
        self.family = family
        self.format = format
        self.publishedFormat = NIOLockedValueBox(format)
        self.payloadType = payloadType
        self.sendBuffer = channel.allocator.buffer(capacity: 1500)
    }

    /// Binds a socket on the wildcard of `family` at a port from `ports`,
    /// trying further ports when one is taken by another program.
    static func open(on loop: any EventLoop, family: AddressFamily, ports: PortAllocator, format: AudioFormat,
                     payloadType: UInt8) -> EventLoopFuture<RTPSession> {
        let wildcard: IPAddress = family == .ipv6 ? .anyIPv6 : .anyIPv4
        func attempt(_ remaining: Int) -> EventLoopFuture<RTPSession> {
            guard remaining > 0, let port = ports.allocate() else {
                return loop.makeFailedFuture(ChannelError.invalidState("no free RTP port"))
            }
            var bootstrap = DatagramBootstrap(group: loop)
            if family == .ipv6 {
                bootstrap = bootstrap.channelOption(ChannelOptions.Types.SocketOption(level: .ipv6, name: .ipv6_v6only), value: 1)
            }
            let address: SocketAddress
            do { address = try wildcard.socketAddress(port: port) } catch { return loop.makeFailedFuture(error) }
            return bootstrap.bind(to: address).flatMapThrowing { channel in
                let session = RTPSession(loop: loop, channel: channel, localPort: channel.localAddress?.port ?? port,
                                         family: family, format: format, payloadType: payloadType)
                try channel.pipeline.syncOperations.addHandler(RTPReceiveHandler(session: session))
                session.releasePort = { ports.release(port) }
                return session
            }.flatMapError { _ in
                ports.release(port)
                return attempt(remaining - 1)
            }
        }
        return attempt(8)
    }

    /// Sets (or moves, on a re-INVITE) the far end and the payload types it agreed to.
    func configure(remote: SocketAddress, payloadType: UInt8, telephoneEventPayloadType: UInt8?) {
        self.remote = remote
        self.payloadType = payloadType
        self.telephoneEventPayloadType = telephoneEventPayloadType
    }

    /// Switches the codec (the far end answered with another of our offered
    /// ones, or a re-INVITE moved to another). A bridge's transcoder sees
    /// the change on the next frame.
    func change(format: AudioFormat, parameters: String) {
        formatParameters = parameters
        guard format != self.format else { return }
        self.format = format
        publishedFormat.withLockedValue { $0 = format }
    }

    func received(header: RTPHeader, payload: ByteBuffer, from address: SocketAddress) {
        statistics.packetsReceived += 1
        statistics.bytesReceived += payload.readableBytes
        statistics.lastReceivedSequence = header.sequenceNumber
        let kind: MediaFrame.Kind
        if header.payloadType == payloadType {
            kind = .voice
        } else if let event = telephoneEventPayloadType, header.payloadType == event {
            kind = .telephoneEvent
            receivedTelephoneEvent(header: header, payload: payload)
        } else {
            return
        }
        if let peer {
            peer.relay(MediaFrame(kind: kind, marker: header.marker, timestamp: header.timestamp, source: header.ssrc, payload: payload))
        } else if kind == .voice, let onFrame {
            let samples = format.samples(inBytes: payload.readableBytes) ?? format.samples(milliseconds: 20)
            onFrame(AudioFrame(format: format, payload: payload, samples: samples, timestamp: header.timestamp))
        }
    }

    /// Writes one packet (our SSRC and next sequence) to the far end, through
    /// the one reused send buffer. Nothing is sent before the far end is
    /// known, after close, or while the far end holds the call.
    func send(marker: Bool, payloadType: UInt8, timestamp: UInt32, payload: UnsafeRawBufferPointer) {
        guard let remote, !closed, sending else { return }
        sendBuffer.clear()
        RTPHeader(marker: marker, payloadType: payloadType, sequenceNumber: sequence, timestamp: timestamp, ssrc: ssrc)
            .write(to: &sendBuffer)
        sendBuffer.writeBytes(payload)
        channel.writeAndFlush(AddressedEnvelope(remoteAddress: remote, data: sendBuffer), promise: nil)
        statistics.packetsSent += 1
        sequence &+= 1
    }

    /// Sends `source` in real time, one frame every `frameMilliseconds`,
    /// paced against the start time so timer jitter does not add up.
    func play(_ source: AudioSource) -> EventLoopFuture<Void> {
        guard !closed else { return loop.makeFailedFuture(ChannelError.hungUp) }
        stopPlayback(error: ChannelError.invalidState("playback replaced"))
        let promise = loop.makePromise(of: Void.self)
        playback = (source, 0, .now(), promise, nil)
        sendNextFrame()
        return promise.futureResult
    }

    private func sendNextFrame() {
        guard var current = playback else { return }
        let source = current.source
        if current.next >= source.frameCount {
            playback = nil
            current.promise.succeed(())
            return
        }
        var frame = source.frame(current.next)
        if frame.count < source.bytesPerFrame {
            // Pad the last frame with silence so every packet is 20 ms.
            frame.append(contentsOf: repeatElement(source.format.silenceByte ?? 0, count: source.bytesPerFrame - frame.count))
        }
        frame.withUnsafeBytes { raw in
            send(marker: current.next == 0, payloadType: payloadType, timestamp: timestamp, payload: raw)
        }
        timestamp &+= UInt32(source.ticksPerFrame)
        current.next += 1
        let deadline = current.start + .milliseconds(Int64(current.next * source.frameMilliseconds))
        current.timer = loop.assumeIsolated().scheduleTask(deadline: deadline) { [weak self] in self?.sendNextFrame() }
        playback = current
    }

    func stopPlayback(error: any Error) {
        guard let current = playback else { return }
        playback = nil
        current.timer?.cancel()
        current.promise.fail(error)
    }

    func close() {
        guard !closed else { return }
        closed = true
        peer = nil
        stopPlayback(error: ChannelError.hungUp)
        channel.close(promise: nil)
        releasePort?()
        releasePort = nil
    }
}
