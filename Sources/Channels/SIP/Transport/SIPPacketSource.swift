import NIOCore
import PBXCore

/// Where a SIP message came from and which of our sockets took it: what a
/// response, a Contact or an SDP answer needs to go back the same way.
public struct SIPPacketSource: Sendable {
    /// The socket (position in the socket set) the message arrived on.
    public let socketIndex: Int
    public let transport: String
    public let remote: SocketAddress
    public let remoteHostPort: HostPort
    /// The concrete local address the packet was sent to (never a wildcard
    /// when the kernel told us, through IP_PKTINFO / IPV6_RECVPKTINFO).
    public let localAddress: IPAddress
    public let localPort: Int

    public var family: AddressFamily { localAddress.family }
    public var local: HostPort { HostPort(address: localAddress, port: localPort) }
}
