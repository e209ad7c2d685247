import Foundation

/// Where DNS questions go and what is known without asking: the
/// nameservers of `/etc/resolv.conf` and the names of `/etc/hosts`, which are
/// looked at first, as getaddrinfo does (`localhost`, `ip6-localhost`, ...).
///
/// Tests build one directly with nameservers on their own ports and a hosts
/// table of their own.
public struct DNSResolverConfiguration: Hashable, Sendable {
    /// The well-known DNS port, used for a nameserver given without one.
    public static let dnsPort = 53
    /// How long to wait for one answer from one server.
    public static let defaultTimeout: Duration = .seconds(2)
    /// How many rounds over all the nameservers before giving up.
    public static let defaultAttempts = 2
    /// The C library reads at most three `nameserver` lines (MAXNS).
    public static let maximumNameservers = 3

    /// A line of resolv.conf or hosts that was not understood and was
    /// skipped, as the C library skips it; worth a notice in the log.
    public struct Notice: Hashable, Sendable, CustomStringConvertible {
        public let location: SourceLocation
        public let value: String
        public let reason: String

        public init(location: SourceLocation, value: String, reason: String) {
            self.location = location
            self.value = value
            self.reason = reason
        }

        public var description: String { "\(location): \(reason) '\(value)'" }
    }

    /// Asked in this order; every entry has an address and a port.
    public var nameservers: [HostPort]
    /// Lowercased names (no trailing dot) and their addresses in file order.
    public var hosts: [String: [IPAddress]]
    public var timeout: Duration
    public var attempts: Int
    /// What was skipped while reading the files.
    public var notices: [Notice]

    /// A configuration from values. A nameserver without a port gets 53;
    /// one that is a name rather than an address is dropped. Host names are
    /// lowercased. `attempts` is at least 1.
    public init(
        nameservers: [HostPort],
        hosts: [String: [IPAddress]] = [:],
        timeout: Duration = DNSResolverConfiguration.defaultTimeout,
        attempts: Int = DNSResolverConfiguration.defaultAttempts,
        notices: [Notice] = []
    ) {
        self.nameservers = nameservers.compactMap { server in
            server.address.map { HostPort(address: $0, port: server.port ?? DNSResolverConfiguration.dnsPort) }
        }
        var lowered: [String: [IPAddress]] = [:]
        for (name, addresses) in hosts {
            lowered[DNSMessage.normalizedName(name), default: []] += addresses
        }
        self.hosts = lowered
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.notices = notices
    }

    /// The addresses `/etc/hosts` gives for `name`, or nil when it does not
    /// list the name (then DNS is asked).
    public func hostsAddresses(for name: String) -> [IPAddress]? {
        guard let addresses = hosts[DNSMessage.normalizedName(name)], !addresses.isEmpty else { return nil }
        return addresses
    }

    /// The system's configuration. A file that cannot be read counts as
    /// empty (noted); with no nameserver at all, the local one at 127.0.0.1
    /// is asked, as the C library does.
    public static func system(resolvConfPath: String = "/etc/resolv.conf",
                              hostsPath: String = "/etc/hosts") -> DNSResolverConfiguration {
        var notices: [Notice] = []
        func read(_ path: String) -> String {
            do {
                return try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                notices.append(Notice(location: SourceLocation(file: path, line: 0), value: path, reason: "cannot read"))
                return ""
            }
        }
        let resolvConf = read(resolvConfPath)
        let hostsText = read(hostsPath)
        var configuration = DNSResolverConfiguration(resolvConf: resolvConf, hostsFile: hostsText,
                                                     resolvConfName: resolvConfPath, hostsName: hostsPath)
        configuration.notices = notices + configuration.notices
        return configuration
    }
}
