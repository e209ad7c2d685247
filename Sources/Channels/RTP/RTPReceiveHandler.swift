import NIOCore
import PBXCore

/// Receives RTP for one session and hands each packet on as a frame, on the
/// event loop it arrived on: no copy of the payload, no hop.
final class RTPReceiveHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    /// Weak: a datagram may still arrive while the session is being closed.
    private weak var session: RTPSession?

    init(session: RTPSession) {
        self.session = session
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var envelope = unwrapInboundIn(data)
        guard let header = RTPHeader.read(from: &envelope.data) else { return }
        session?.received(header: header, payload: envelope.data, from: envelope.remoteAddress)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP unreachable from a phone that went away: not fatal to the call.
    }
}
