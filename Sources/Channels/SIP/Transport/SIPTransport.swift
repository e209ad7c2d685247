import NIOCore
import PBXCore

/// Sends SIP bytes over the socket set: responses over the socket the
/// request came in on, new requests over a socket of the target's family.
final class SIPTransport: Sendable {
    let sockets: SocketSet

    init(sockets: SocketSet) {
        self.sockets = sockets
    }

    func encode(_ message: SIPOutgoingMessage, allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 640 + message.body.count)
        message.write(into: &buffer)
        return buffer
    }

    func send(_ bytes: ByteBuffer, to remote: SocketAddress, socketIndex: Int) {
        guard let socket = sockets.socket(at: socketIndex) else { return }
        socket.channel.writeAndFlush(AddressedEnvelope(remoteAddress: remote, data: bytes), promise: nil)
    }

    /// The socket for a new request to `remote`, by its family.
    func socketIndex(toward remote: IPAddress) -> Int? {
        sockets.socket(toward: remote)?.index
    }
}
