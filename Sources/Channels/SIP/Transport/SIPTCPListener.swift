import Logging
import NIOCore
import NIOPosix
import PBXCore

/// One listening SIP-over-TCP socket (RFC 3261 §18). Like the UDP sockets,
/// one per bind address, an IPv6 one with IPV6_V6ONLY so `0.0.0.0` and
/// `[::]` share a port; every accepted connection runs on the same event
/// loop as the SIP stack.
final class SIPTCPListener: Sendable {
    /// Why one address could not be listened on; the others still are.
    struct BindFailure: Error, Sendable, CustomStringConvertible {
        let address: HostPort
        let reason: String
        var description: String { "cannot listen on TCP \(address): \(reason)" }
    }

    /// The listening socket.
    let channel: any NIOCore.Channel
    /// The address as bound (a wildcard stays a wildcard; port 0 becomes the real one).
    let bound: HostPort

    init(channel: any NIOCore.Channel, bound: HostPort) {
        self.channel = channel
        self.bound = bound
    }

    /// Listens on every address; `initializeConnection` sets up the pipeline
    /// of each accepted connection.
    static func bind(_ addresses: [HostPort], on loop: any EventLoop,
                     initializeConnection: @escaping @Sendable (any NIOCore.Channel) throws -> Void) async
        -> (listeners: [SIPTCPListener], failures: [BindFailure]) {
        var listeners: [SIPTCPListener] = []
        var failures: [BindFailure] = []
        for address in addresses {
            guard let ip = address.address, let port = address.port else {
                failures.append(BindFailure(address: address, reason: "not an address with a port"))
                continue
            }
            // SO_REUSEADDR on TCP only lets a restart bind past TIME_WAIT;
            // unlike UDP it never lets two listeners share the port.
            var bootstrap = ServerBootstrap(group: loop)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .serverChannelOption(ChannelOptions.backlog, value: 128)
                .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            if ip.family == .ipv6 {
                bootstrap = bootstrap.serverChannelOption(ChannelOptions.Types.SocketOption(level: .ipv6, name: .ipv6_v6only), value: 1)
            }
            bootstrap = bootstrap.childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try initializeConnection(channel) }
            }
            do {
                let socketAddress = try ip.socketAddress(port: port)
                let channel = try await bootstrap.bind(to: socketAddress).get()
                let actualPort = channel.localAddress?.port ?? port
                listeners.append(SIPTCPListener(channel: channel, bound: HostPort(address: ip, port: actualPort)))
            } catch {
                failures.append(BindFailure(address: address, reason: "\(error)"))
            }
        }
        return (listeners, failures)
    }

    /// Listens on every address with the SIP pipeline: stream decoder and
    /// connection handler, the connection kept in `table`.
    static func bindSIP(_ addresses: [HostPort], on loop: any EventLoop, table: SIPConnectionTable, sockets: SocketSet,
                        logger: Logger, deliver: @escaping @Sendable (SIPMessage, SIPPacketSource) -> Void) async
        -> (listeners: [SIPTCPListener], failures: [BindFailure]) {
        await bind(addresses, on: loop) { channel in
            try SIPTCPConnectionHandler.install(on: channel, table: table, logger: logger,
                                                datagramSocketIndex: { sockets.socket(toward: $0)?.index ?? 0 },
                                                deliver: deliver)
        }
    }

    /// Stops listening; open connections stay until closed on their own.
    func close() async {
        try? await channel.close()
    }
}
