import Logging
import NIOCore
import PBXCore

/// The UDP edge: each datagram is parsed once into a `SIPMessage` and handed
/// on with where it came from. Bytes that are not SIP are dropped, or answered
/// with 400 when enough of a request is there to answer.
final class SIPDatagramHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let socketIndex: Int
    private let deliver: @Sendable (SIPMessage, SIPPacketSource) -> Void
    private let logger: Logger

    init(socketIndex: Int, logger: Logger, deliver: @escaping @Sendable (SIPMessage, SIPPacketSource) -> Void) {
        self.socketIndex = socketIndex
        self.deliver = deliver
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard let remote = HostPort(socketAddress: envelope.remoteAddress) else { return }
        let localSocket = context.channel.localAddress
        let localPort = localSocket?.port ?? 0
        var local = localSocket.flatMap { IPAddress(socketAddress: $0) } ?? .anyIPv4
        if let info = envelope.metadata?.packetInfo, let arrived = IPAddress(socketAddress: info.destinationAddress) {
            local = arrived
        }
        let source = SIPPacketSource(socketIndex: socketIndex, transport: "UDP", remote: envelope.remoteAddress,
                                     remoteHostPort: remote, localAddress: local, localPort: localPort)
        let buffer = envelope.data
        // A lone CRLF (or CRLFCRLF) is a keep-alive (RFC 5626): nothing to do.
        if buffer.readableBytes <= 4, buffer.readableBytesView.allSatisfy({ $0 == 13 || $0 == 10 }) { return }
        let parsed: Result<SIPMessage, SIPParseError> = buffer.withUnsafeReadableBytes { raw in
            do throws(SIPParseError) {
                return .success(try SIPMessage(parsing: raw))
            } catch {
                return .failure(error)
            }
        }
        switch parsed {
        case .success(var message):
            if message.isRequest { message.stampReceived(from: remote) }
            deliver(message, source)
        case .failure(let error):
            logger.notice("Malformed SIP from \(remote): \(error.reason)")
            if let response = SIPBadRequest.response(for: buffer, reason: error.reason) {
                var out = context.channel.allocator.buffer(capacity: response.utf8.count)
                out.writeString(response)
                context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: out)), promise: nil)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP port unreachable and the like surface here on UDP: not fatal.
        logger.debug("SIP socket error: \(error)")
    }
}
