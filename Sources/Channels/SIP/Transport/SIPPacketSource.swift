import NIOCore
import PBXCore

/// Where a SIP message came from and which of our sockets took it: what a
/// response, a Contact or an SDP answer needs to go back the same way.
public struct SIPPacketSource: Sendable {
    /// The UDP socket (position in the socket set) the message arrived on.
    /// For a message that came over a stream, the UDP socket of the
    /// connection's family, should anything have to go by datagram.
    public let socketIndex: Int
    /// "UDP" or "TCP", as a Via writes it.
    public let transport: String
    public let remote: SocketAddress
    public let remoteHostPort: HostPort
    /// The concrete local address the packet was sent to (never a wildcard
    /// when the kernel told us, through IP_PKTINFO / IPV6_RECVPKTINFO).
    public let localAddress: IPAddress
    public let localPort: Int
    /// The stream the message came over (TCP): responses go back on it
    /// (RFC 3261 §18.2.2). Nil for a datagram.
    public let connection: (any NIOCore.Channel)?

    public init(socketIndex: Int, transport: String, remote: SocketAddress, remoteHostPort: HostPort,
                localAddress: IPAddress, localPort: Int, connection: (any NIOCore.Channel)? = nil) {
        self.socketIndex = socketIndex
        self.transport = transport
        self.remote = remote
        self.remoteHostPort = remoteHostPort
        self.localAddress = localAddress
        self.localPort = localPort
        self.connection = connection
    }

    public var family: AddressFamily { localAddress.family }
    public var local: HostPort { HostPort(address: localAddress, port: localPort) }
    /// True on a reliable transport: no retransmission timers (RFC 3261 §17).
    public var isReliable: Bool { connection != nil }
}
