import Logging
import NIOCore
import PBXCore

/// One accepted SIP-over-TCP connection, behind a `SIPStreamDecoder`: hands
/// each message on with a `SIPPacketSource` naming this connection, keeps
/// the connection in the table while it is open, and closes it after
/// `idleTimeout` without traffic unless something still holds it.
/// Lives on the connection's event loop.
final class SIPTCPConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = SIPMessage
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    static let defaultIdleTimeout = TimeAmount.minutes(10)

    /// What a connection knows about itself once it is up.
    private struct Endpoints {
        let remote: SocketAddress
        let remoteHostPort: HostPort
        let local: IPAddress
        let localPort: Int
        let socketIndex: Int
    }

    private let table: SIPConnectionTable
    private let idleTimeout: TimeAmount
    private let datagramSocketIndex: @Sendable (IPAddress) -> Int
    private let logger: Logger
    private let deliver: @Sendable (SIPMessage, SIPPacketSource) -> Void
    private var endpoints: Endpoints?
    private var channel: (any NIOCore.Channel)?
    private var lastActivity = NIODeadline.uptimeNanoseconds(0)
    private var idleCheck: Scheduled<Void>?

    /// `datagramSocketIndex` names the UDP socket of a remote address's
    /// family, for `SIPPacketSource.socketIndex`.
    init(table: SIPConnectionTable, idleTimeout: TimeAmount = SIPTCPConnectionHandler.defaultIdleTimeout, logger: Logger,
         datagramSocketIndex: @escaping @Sendable (IPAddress) -> Int,
         deliver: @escaping @Sendable (SIPMessage, SIPPacketSource) -> Void) {
        self.table = table
        self.idleTimeout = idleTimeout
        self.logger = logger
        self.datagramSocketIndex = datagramSocketIndex
        self.deliver = deliver
    }

    /// Adds the decoder and a connection handler to a new connection's pipeline.
    static func install(on channel: any NIOCore.Channel, table: SIPConnectionTable, idleTimeout: TimeAmount = defaultIdleTimeout,
                        logger: Logger, datagramSocketIndex: @escaping @Sendable (IPAddress) -> Int,
                        deliver: @escaping @Sendable (SIPMessage, SIPPacketSource) -> Void) throws {
        let handler = SIPTCPConnectionHandler(table: table, idleTimeout: idleTimeout, logger: logger,
                                              datagramSocketIndex: datagramSocketIndex, deliver: deliver)
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SIPStreamDecoder(logger: logger)))
        try channel.pipeline.syncOperations.addHandler(handler)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stop(context: context)
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stop(context: context)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var message = unwrapInboundIn(data)
        if endpoints == nil { start(context: context) }
        guard let endpoints else { return }
        lastActivity = context.eventLoop.now
        if message.isRequest { message.stampReceived(from: endpoints.remoteHostPort) }
        let source = SIPPacketSource(socketIndex: endpoints.socketIndex, transport: "TCP", remote: endpoints.remote,
                                     remoteHostPort: endpoints.remoteHostPort, localAddress: endpoints.local,
                                     localPort: endpoints.localPort, connection: context.channel)
        deliver(message, source)
    }

    /// Keep-alives never reach `channelRead` (the decoder answers them) but
    /// are traffic all the same.
    func channelReadComplete(context: ChannelHandlerContext) {
        lastActivity = context.eventLoop.now
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        lastActivity = context.eventLoop.now
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !(error is SIPStreamDecoder.FramingError) {
            // The decoder logs its own refusals; anything else is the socket's.
            logger.debug("SIP TCP connection from \(endpoints?.remoteHostPort.description ?? "unknown"): \(error)")
        }
        context.close(promise: nil)
    }

    private func start(context: ChannelHandlerContext) {
        guard endpoints == nil, let remote = context.channel.remoteAddress, let remoteHostPort = HostPort(socketAddress: remote),
              let remoteAddress = remoteHostPort.address else { return }
        let localSocket = context.channel.localAddress
        let local = localSocket.flatMap { IPAddress(socketAddress: $0) } ?? (remoteAddress.family == .ipv6 ? .anyIPv6 : .anyIPv4)
        endpoints = Endpoints(remote: remote, remoteHostPort: remoteHostPort, local: local, localPort: localSocket?.port ?? 0,
                              socketIndex: datagramSocketIndex(remoteAddress))
        channel = context.channel
        table.add(context.channel, remote: remoteHostPort)
        lastActivity = context.eventLoop.now
        scheduleIdleCheck(at: lastActivity + idleTimeout, loop: context.eventLoop)
    }

    private func stop(context: ChannelHandlerContext) {
        idleCheck?.cancel()
        idleCheck = nil
        if let endpoints { table.remove(context.channel, remote: endpoints.remoteHostPort) }
        channel = nil
    }

    private func scheduleIdleCheck(at deadline: NIODeadline, loop: any EventLoop) {
        idleCheck = loop.assumeIsolated().scheduleTask(deadline: deadline) { [weak self] in
            self?.checkIdle(loop: loop)
        }
    }

    /// Closes the connection when it has been quiet for `idleTimeout` and
    /// nothing holds it; otherwise looks again when it next could be idle.
    private func checkIdle(loop: any EventLoop) {
        guard let channel, channel.isActive else { return }
        let quietUntil = lastActivity + idleTimeout
        if loop.now < quietUntil {
            scheduleIdleCheck(at: quietUntil, loop: loop)
        } else if table.isInUse(channel) {
            scheduleIdleCheck(at: loop.now + idleTimeout, loop: loop)
        } else {
            logger.debug("Closing idle SIP TCP connection from \(endpoints?.remoteHostPort.description ?? "unknown")")
            channel.close(promise: nil)
        }
    }
}
