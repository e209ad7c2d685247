import NIOCore

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension IPAddress {
    /// The address of a NIO socket address; nil for a Unix domain socket.
    /// An IPv4-mapped address from a dual-stack socket becomes `.v4`; a
    /// non-zero `sin6_scope_id` becomes the interface name, or its number
    /// when the interface is gone.
    public init?(socketAddress: SocketAddress) {
        switch socketAddress {
        case .v4(let address):
            self = .v4(UInt32(bigEndian: address.address.sin_addr.s_addr))
        case .v6(let address):
            let storage = address.address
            let bytes = withUnsafeBytes(of: storage.sin6_addr) { Array($0) }
            self.init(bytes: bytes, scope: IPAddress.zoneName(forIndex: storage.sin6_scope_id))
        case .unixDomainSocket:
            return nil
        }
    }

    /// A NIO socket address for this address and `port` (0–65535; 0 lets the
    /// kernel pick when binding). A zone becomes `sin6_scope_id`: a number is
    /// taken as the index, a name is looked up with `if_nametoindex`.
    public func socketAddress(port: Int) throws(AddressError) -> SocketAddress {
        guard (0...65535).contains(port) else {
            throw AddressError(input: "\(self) port \(port)", reason: "port out of range (0-65535)")
        }
        let networkPort = UInt16(port).bigEndian
        switch self {
        case .v4(let value):
            var address = sockaddr_in()
            #if canImport(Darwin)
            address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
            #endif
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = networkPort
            address.sin_addr = in_addr(s_addr: value.bigEndian)
            return SocketAddress(address, host: description)
        case .v6(_, _, let scope):
            var address = sockaddr_in6()
            #if canImport(Darwin)
            address.sin6_len = UInt8(MemoryLayout<sockaddr_in6>.size)
            #endif
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = networkPort
            let raw = bytes
            withUnsafeMutableBytes(of: &address.sin6_addr) { $0.copyBytes(from: raw) }
            address.sin6_scope_id = try IPAddress.zoneIndex(scope, of: self)
            return SocketAddress(address, host: description)
        }
    }

    /// The interface index for a zone: 0 for none, the number for a numeric
    /// zone, else the index of the interface so named.
    private static func zoneIndex(_ zone: String?, of address: IPAddress) throws(AddressError) -> UInt32 {
        guard let zone else { return 0 }
        if zone.utf8.allSatisfy(IPAddressTextParser.isASCIIDigit) {
            guard let index = UInt32(zone) else {
                throw AddressError(input: address.description, reason: "zone index out of range")
            }
            return index
        }
        let index = if_nametoindex(zone)
        guard index != 0 else {
            throw AddressError(input: address.description, reason: "no network interface named '\(zone)'")
        }
        return index
    }

    private static func zoneName(forIndex index: UInt32) -> String? {
        guard index != 0 else { return nil }
        // IF_NAMESIZE is 16 on every platform this builds for.
        var buffer = [CChar](repeating: 0, count: 16)
        let found = buffer.withUnsafeMutableBufferPointer { pointer in
            pointer.baseAddress.map { if_indextoname(index, $0) != nil } ?? false
        }
        guard found else { return String(index) }
        let name = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: name, as: UTF8.self)
    }
}

extension HostPort {
    /// The address and port of a NIO socket address; nil for a Unix domain socket.
    public init?(socketAddress: SocketAddress) {
        guard let address = IPAddress(socketAddress: socketAddress) else { return nil }
        self.init(address: address, port: socketAddress.port)
    }
}
