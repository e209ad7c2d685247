import NIOCore
import PBXCore

/// Sends SIP bytes: responses back the way the request came (its TCP
/// connection, or the UDP socket it came in on), new requests over a UDP
/// socket of the target's family or a TCP connection already open to it.
final class SIPTransport: Sendable {
    let sockets: SocketSet
    /// Open TCP connections, by the far end's address.
    let connections: SIPConnectionTable
    let tcpListeners: [SIPTCPListener]
    let tcpBindFailures: [SIPTCPListener.BindFailure]
    /// Prints every packet sent while `sip set debug` is on.
    let tracer: SIPPacketTracer?

    init(sockets: SocketSet, connections: SIPConnectionTable = SIPConnectionTable(), tcpListeners: [SIPTCPListener] = [],
         tcpBindFailures: [SIPTCPListener.BindFailure] = [], tracer: SIPPacketTracer? = nil) {
        self.tracer = tracer
        self.sockets = sockets
        self.connections = connections
        self.tcpListeners = tcpListeners
        self.tcpBindFailures = tcpBindFailures
    }

    func encode(_ message: SIPOutgoingMessage, allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 640 + message.body.count)
        message.write(into: &buffer)
        return buffer
    }

    /// One datagram to `remote` from the UDP socket at `socketIndex`.
    func send(_ bytes: ByteBuffer, to remote: SocketAddress, socketIndex: Int) {
        guard let socket = sockets.socket(at: socketIndex) else { return }
        tracer?.sent(bytes, transport: "UDP", to: remote)
        socket.channel.writeAndFlush(AddressedEnvelope(remoteAddress: remote, data: bytes), promise: nil)
    }

    /// Bytes on a stream connection; the future fails if the connection is gone.
    @discardableResult
    func send(_ bytes: ByteBuffer, over connection: any NIOCore.Channel) -> EventLoopFuture<Void> {
        if let tracer, tracer.isOn, let remote = connection.remoteAddress {
            tracer.sent(bytes, transport: "TCP", to: remote)
        }
        return connection.writeAndFlush(bytes)
    }

    /// Back to where `source` came from: its connection when it came over
    /// one (RFC 3261 §18.2.2), else a datagram from the socket it arrived on.
    func send(_ bytes: ByteBuffer, replyingTo source: SIPPacketSource) {
        if let connection = source.connection {
            send(bytes, over: connection)
        } else {
            send(bytes, to: source.remote, socketIndex: source.socketIndex)
        }
    }

    /// The open TCP connection to `remote`, to reuse for a request the PBX
    /// starts toward a phone that registered (or called) over TCP.
    func connection(to remote: HostPort) -> (any NIOCore.Channel)? {
        connections.connection(to: remote)
    }

    /// The socket for a new request to `remote`, by its family.
    func socketIndex(toward remote: IPAddress) -> Int? {
        sockets.socket(toward: remote)?.index
    }

    /// The TCP listeners for `sip show settings`: each bound address, then
    /// each that could not be bound.
    var tcpBindSummary: String {
        let bound = tcpListeners.map(\.bound.description)
        let failed = tcpBindFailures.map { "\($0.address) (not bound: \($0.reason))" }
        let all = bound + failed
        return all.isEmpty ? "(none)" : all.joined(separator: ", ")
    }

    /// Stops the TCP listeners and closes every open connection.
    func closeStreams() async {
        for listener in tcpListeners { await listener.close() }
        connections.closeAll()
    }
}
