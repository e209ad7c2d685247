/// A host (literal address or DNS name) with an optional port: what a
/// `bindaddr`, a peer's `host=`, a Via sent-by or a Contact names.
///
/// It prints in three forms because three places want different ones: logs
/// and SIP sent-by (`description`, bracketed IPv6 with the port), SIP URIs
/// (`uriHost`, bracketed with an RFC 6874 `%25` zone) and SDP (`sdpHost`,
/// bare address).
public struct HostPort: Hashable, Sendable, CustomStringConvertible {
    public var host: Host
    /// The port, if one was given; never validated here beyond what the parser does.
    public var port: Int?

    public init(host: Host, port: Int?) {
        self.host = host
        self.port = port
    }

    public init(address: IPAddress, port: Int?) {
        self.init(host: .address(address), port: port)
    }

    /// The literal address, when the host is one.
    public var address: IPAddress? {
        if case .address(let address) = host { return address }
        return nil
    }

    /// The address family, or nil for a name not yet resolved.
    public var family: AddressFamily? { address?.family }

    /// The form for logs and SIP sent-by: `10.1.1.1:5060`,
    /// `[2001:db8::1]:5060`, `[fe80::1%eth0]`, `pbx.example.com:5060`.
    public var description: String {
        let hostText: String
        switch host {
        case .name(let name):
            hostText = name
        case .address(let address):
            hostText = HostPort.bracketedIfIPv6(address, zoneSeparator: HostPort.logZoneSeparator(for: address))
        }
        guard let port else { return hostText }
        return "\(hostText):\(port)"
    }

    /// The host as it goes in a SIP URI or Via: `10.1.1.1`, `[2001:db8::1]`,
    /// `[fe80::1%25eth0]` (the zone escaped per RFC 6874), or the name.
    public var uriHost: String {
        switch host {
        case .name(let name): name
        case .address(let address): HostPort.bracketedIfIPv6(address, zoneSeparator: "%25")
        }
    }

    /// Host and port as a SIP URI or Via writes them (zone as `%25`, RFC 6874).
    public var uriHostPort: String {
        port.map { "\(uriHost):\($0)" } ?? uriHost
    }

    /// The host as SDP `c=`/`o=` lines carry it: no brackets and no zone.
    public var sdpHost: String {
        switch host {
        case .name(let name): name
        case .address(let address): address.withoutScope.description
        }
    }

    /// A copy with another port (or none).
    public func withPort(_ port: Int?) -> HostPort {
        HostPort(host: host, port: port)
    }

    private static func bracketedIfIPv6(_ address: IPAddress, zoneSeparator: String) -> String {
        switch address {
        case .v4:
            return address.description
        case .v6(let high, let low, let scope):
            let text = IPAddress.canonicalIPv6Text(high: high, low: low)
            guard let scope else { return "[\(text)]" }
            return "[\(text)\(zoneSeparator)\(scope)]"
        }
    }

    /// Logs show the zone raw (`%eth0`); a zone that itself starts with "25"
    /// is written escaped so reading the text back cannot mistake it for
    /// the RFC 6874 `%25` escape.
    private static func logZoneSeparator(for address: IPAddress) -> String {
        address.scope?.hasPrefix("25") == true ? "%25" : "%"
    }
}
