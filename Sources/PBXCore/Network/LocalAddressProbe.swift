import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// Which local address the kernel would send from to reach `destination`:
/// a connected UDP socket (no packet leaves) and getsockname. What a request
/// sent from a wildcard socket must name in Via, Contact and SDP.
public enum LocalAddressProbe {
    public static func localAddress(toward destination: IPAddress) -> IPAddress? {
        guard let target = try? destination.socketAddress(port: 9) else { return nil }
        let fd = socket(destination.family == .ipv6 ? AF_INET6 : AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let connected = target.withSockAddr { address, length in connect(fd, address, socklen_t(length)) }
        guard connected == 0 else { return nil }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { return nil }
        let local: SocketAddress?
        switch Int32(storage.ss_family) {
        case AF_INET:
            local = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { SocketAddress($0.pointee, host: "") }
            }
        case AF_INET6:
            local = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { SocketAddress($0.pointee, host: "") }
            }
        default:
            local = nil
        }
        return local.flatMap { IPAddress(socketAddress: $0) }
    }
}
