import NIOCore
import NIOPosix
import PBXCore

/// One RTP stream of a call: a UDP socket of the call's family, our SSRC,
/// sequence and timestamp, paced sending of audio and counting of what
/// arrives. Lives on one event loop; nothing here hops or locks per packet.
final class RTPSession {
    let loop: any EventLoop
    let localPort: Int
    private let channel: any NIOCore.Channel
    private(set) var remote: SocketAddress
    private let payloadType: UInt8
    private let format: AudioFormat
    private let ssrc = UInt32.random(in: 1...UInt32.max)
    private var sequence = UInt16.random(in: 0...UInt16.max)
    private var timestamp = UInt32.random(in: 0...UInt32.max)
    private var sendBuffer: ByteBuffer
    private var playback: (source: AudioSource, next: Int, start: NIODeadline, promise: EventLoopPromise<Void>, timer: Scheduled<Void>?)?
    private var closed = false
    private(set) var statistics = RTPStatistics()
    /// Called with each voice frame received, on the loop.
    var onFrame: ((AudioFrame) -> Void)?

    private init(loop: any EventLoop, channel: any NIOCore.Channel, localPort: Int, remote: SocketAddress, payloadType: UInt8, format: AudioFormat) {
        self.loop = loop
        self.channel = channel
        self.localPort = localPort
        self.remote = remote
        self.payloadType = payloadType
        self.format = format
        self.sendBuffer = channel.allocator.buffer(capacity: 1500)
    }

    /// Binds a socket on the wildcard of `family` at a port from `ports`,
    /// trying further ports when one is taken by another program.
    static func open(on loop: any EventLoop, family: AddressFamily, ports: PortAllocator, remote: SocketAddress,
                     payloadType: UInt8, format: AudioFormat) -> EventLoopFuture<RTPSession> {
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
                                         remote: remote, payloadType: payloadType, format: format)
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

    private var releasePort: (() -> Void)?

    func received(header: RTPHeader, payload: ByteBuffer, from address: SocketAddress) {
        statistics.packetsReceived += 1
        statistics.bytesReceived += payload.readableBytes
        statistics.lastReceivedSequence = header.sequenceNumber
        if header.payloadType == payloadType, let onFrame {
            onFrame(AudioFrame(format: format, payload: payload, samples: payload.readableBytes / max(1, format.bytesPerSample),
                               timestamp: header.timestamp))
        }
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
        let start = current.next * source.bytesPerFrame
        let end = min(start + source.bytesPerFrame, source.bytes.count)
        sendBuffer.clear()
        RTPHeader(marker: current.next == 0, payloadType: payloadType, sequenceNumber: sequence, timestamp: timestamp, ssrc: ssrc)
            .write(to: &sendBuffer)
        source.bytes.withUnsafeBufferPointer { sendBuffer.writeBytes(UnsafeRawBufferPointer($0)[start..<end]) }
        if end - start < source.bytesPerFrame {
            // Pad the last frame with silence so every packet is 20 ms.
            let silence: UInt8 = format == .alaw ? 0xD5 : 0xFF
            sendBuffer.writeRepeatingByte(silence, count: source.bytesPerFrame - (end - start))
        }
        channel.writeAndFlush(AddressedEnvelope(remoteAddress: remote, data: sendBuffer), promise: nil)
        statistics.packetsSent += 1
        sequence &+= 1
        timestamp &+= UInt32(source.samplesPerFrame)
        current.next += 1
        let deadline = current.start + .milliseconds(Int64(current.next * source.frameMilliseconds))
        current.timer = loop.assumeIsolated().scheduleTask(deadline: deadline) { [weak self] in self?.sendNextFrame() }
        playback = current
    }

    private func stopPlayback(error: any Error) {
        guard let current = playback else { return }
        playback = nil
        current.timer?.cancel()
        current.promise.fail(error)
    }

    /// Moves the far end (a re-INVITE with a new address).
    func updateRemote(_ address: SocketAddress) {
        remote = address
    }

    func close() {
        guard !closed else { return }
        closed = true
        stopPlayback(error: ChannelError.hungUp)
        channel.close(promise: nil)
        releasePort?()
        releasePort = nil
    }
}
