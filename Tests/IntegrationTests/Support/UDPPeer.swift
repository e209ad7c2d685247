import Foundation

/// A bare UDP socket on loopback for tests that speak SIP themselves
/// (digest algorithms no packaged client offers). Every receive is bounded.
final class UDPPeer {
    private let descriptor: Int32
    let family: LoopbackFamily
    let port: Int

    init(family: LoopbackFamily, port: Int) throws {
        self.family = family
        self.port = port
        descriptor = socket(family == .ipv4 ? AF_INET : AF_INET6, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw PeerError.socket }
        var timeout = timeval(tv_sec: 3, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard UDPPeer.withAddress(family: family, port: port, { bind(descriptor, $0, $1) }) == 0 else {
            close(descriptor)
            throw PeerError.bind(port)
        }
    }

    deinit { close(descriptor) }

    func send(_ text: String, toPort: Int) {
        send(bytes: Array(text.utf8), toPort: toPort)
    }

    func send(bytes: [UInt8], toPort: Int) {
        _ = UDPPeer.withAddress(family: family, port: toPort) { address, length in
            Int32(bytes.withUnsafeBytes { sendto(descriptor, $0.baseAddress, $0.count, 0, address, length) })
        }
    }

    /// The next datagram as text, or nil after the 3 s receive timeout.
    func receive() -> String? {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }

    /// Receives until a response with a final status (≥ 200) arrives, at most `limit` datagrams.
    func receiveFinal(limit: Int = 5) -> String? {
        for _ in 0..<limit {
            guard let text = receive() else { return nil }
            if let code = Int(text.dropFirst(8).prefix(3)), code >= 200 { return text }
        }
        return nil
    }

    /// Sends from any socket of the family to loopback `port`.
    static func sendDatagram(_ bytes: [UInt8], from descriptor: Int32, family: LoopbackFamily, toPort port: Int) -> Int32 {
        withAddress(family: family, port: port) { address, length in
            Int32(bytes.withUnsafeBytes { sendto(descriptor, $0.baseAddress, $0.count, 0, address, length) })
        }
    }

    private static func withAddress(family: LoopbackFamily, port: Int, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Int32) -> Int32 {
        if family == .ipv4 {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            return withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        }
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_port = in_port_t(UInt16(port).bigEndian)
        address.sin6_addr = in6addr_loopback
        return withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
    }

    enum PeerError: Error {
        case socket
        case bind(Int)
    }
}

extension String {
    /// Every value of a header in a SIP message's text.
    func sipHeaderValues(_ name: String) -> [String] {
        split(whereSeparator: \.isNewline).compactMap { line in
            guard let colon = line.firstIndex(of: ":"), line[..<colon].lowercased() == name.lowercased() else { return nil }
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
    }

    /// A quoted or bare parameter of a challenge: `nonce="..."`.
    func digestParameter(_ name: String) -> String? {
        guard let range = range(of: name + "=") else { return nil }
        var rest = self[range.upperBound...]
        if rest.first == "\"" {
            rest = rest.dropFirst()
            return String(rest.prefix { $0 != "\"" })
        }
        return String(rest.prefix { $0 != "," && $0 != " " })
    }
}
