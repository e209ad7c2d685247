import NIOCore
import NIOPosix

/// The vinetsock idea: any number of UDP sockets, IPv4 and IPv6 at once, one
/// per bind address, and the right one picked for each destination.
///
/// An IPv6 wildcard socket is bound with IPV6_V6ONLY so that `0.0.0.0` and
/// `[::]` can both be bound on one port; every socket asks for packet info so
/// the concrete address a packet arrived on is known even on a wildcard.
public final class SocketSet: Sendable {
    /// One bound socket.
    public struct Socket: Sendable {
        /// Position in the set; handlers learn it at bind time.
        public let index: Int
        public let channel: any NIOCore.Channel
        /// The address as bound (the wildcard stays a wildcard here).
        public let bound: HostPort
        public var family: AddressFamily { bound.family ?? .ipv4 }
        public var isWildcard: Bool { bound.address?.isWildcard ?? false }
    }

    /// Why one bind address could not be opened; the others still are.
    public struct BindFailure: Error, Sendable, CustomStringConvertible {
        public let address: HostPort
        public let reason: String
        public var description: String { "cannot bind \(address): \(reason)" }
    }

    public let sockets: [Socket]

    init(sockets: [Socket]) {
        self.sockets = sockets
    }

    /// Binds every address as its own UDP socket on `eventLoop`. No
    /// SO_REUSEADDR: on UDP it would let a second PBX share (and steal) the port.
    /// `makeHandler` builds the pipeline's handler for the socket at an index.
    public static func bindUDP(
        _ addresses: [HostPort],
        on eventLoop: any EventLoop,
        makeHandler: @escaping @Sendable (_ index: Int) -> any ChannelHandler & Sendable
    ) async -> (SocketSet, [BindFailure]) {
        var sockets: [Socket] = []
        var failures: [BindFailure] = []
        for address in addresses {
            guard let ip = address.address, let port = address.port else {
                failures.append(BindFailure(address: address, reason: "not an address with a port"))
                continue
            }
            let index = sockets.count
            var bootstrap = DatagramBootstrap(group: eventLoop)
                .channelOption(ChannelOptions.receivePacketInfo, value: true)
                .channelOption(ChannelOptions.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65_536))
            if ip.family == .ipv6 {
                bootstrap = bootstrap.channelOption(ChannelOptions.Types.SocketOption(level: .ipv6, name: .ipv6_v6only), value: 1)
            }
            bootstrap = bootstrap.channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(makeHandler(index))
                }
            }
            do {
                let socketAddress = try ip.socketAddress(port: port)
                let channel = try await bootstrap.bind(to: socketAddress).get()
                let actualPort = channel.localAddress?.port ?? port
                sockets.append(Socket(index: index, channel: channel, bound: HostPort(address: ip, port: actualPort)))
            } catch {
                failures.append(BindFailure(address: address, reason: "\(error)"))
            }
        }
        return (SocketSet(sockets: sockets), failures)
    }

    /// The socket to send to `destination` from: the first bound one of its
    /// family, a concrete address preferred to a wildcard only when it is the
    /// same kind (loopback to loopback).
    public func socket(toward destination: IPAddress) -> Socket? {
        let sameFamily = sockets.filter { $0.family == destination.family }
        if destination.isLoopback, let loopback = sameFamily.first(where: { $0.bound.address?.isLoopback == true }) {
            return loopback
        }
        return sameFamily.first(where: { $0.isWildcard }) ?? sameFamily.first
    }

    public func socket(at index: Int) -> Socket? {
        sockets.indices.contains(index) ? sockets[index] : nil
    }

    public func close() async {
        for socket in sockets {
            try? await socket.channel.close()
        }
    }
}
