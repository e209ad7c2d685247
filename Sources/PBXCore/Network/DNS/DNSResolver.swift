import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Finds where to send a SIP request for a host name, in the form of
/// RFC 3263 the PBX follows (SPEC "Network behaviour"):
///
/// - a literal address is used as is, without asking anyone;
/// - a name listed in the hosts table is taken from there, as getaddrinfo
///   would, before any DNS;
/// - a name without a port: SRV `_sip._udp.NAME` (`_sip._tcp`,
///   `_sips._tcp` for TLS) first, targets by priority and weighted draw
///   (RFC 2782), each target's AAAA before its A records when the PBX has an
///   IPv6 socket, A before AAAA otherwise;
/// - a name with a port, or with no SRV records: the AAAA/A records of the
///   name itself, port 5060 (5061 for TLS) unless given.
///
/// The result is the ordered list of addresses to try: when one fails, the
/// caller moves on to the next, which is how one SRV target falls back to the
/// next. Questions go over UDP to each nameserver in turn, each with its own
/// socket, a random 16-bit ID and a timeout; only an answer from the server's
/// own address with the right ID and question counts.
public final class DNSResolver: Sendable {
    public let configuration: DNSResolverConfiguration
    let eventLoopGroup: any EventLoopGroup
    let logger: Logger
    /// The nameserver that answered last; later questions start with it, so a
    /// dead first server costs one timeout, not one per question.
    private let preferredNameserver = NIOLockedValueBox(0)

    var preferredNameserverIndex: Int { preferredNameserver.withLockedValue { $0 } }

    func rememberNameserver(_ index: Int) {
        preferredNameserver.withLockedValue { $0 = index }
    }

    /// CNAME chains longer than this are treated as no answer.
    static let maximumAliasHops = 8

    public init(configuration: DNSResolverConfiguration, eventLoopGroup: any EventLoopGroup,
                logger: Logger = Logger(label: "swiftpbx.dns")) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    /// The addresses and ports to try for `name`, best first; empty when the
    /// name cannot be resolved. `name` may be a literal address (bracketed or
    /// not); `port` nil means SRV is asked first. `preferIPv6` says whether an
    /// IPv6 socket is bound (AAAA records then come before A records).
    public func resolve(_ name: String, port: Int?, transport: String = "udp", preferIPv6: Bool) async -> [HostPort] {
        let defaultPort = DNSResolver.defaultPort(transport: transport)
        var host = name
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if let address = IPAddress(host) {
            return [HostPort(address: address, port: port ?? defaultPort)]
        }
        let normalized = DNSMessage.normalizedName(host)
        guard !normalized.isEmpty else { return [] }

        if port == nil, configuration.hostsAddresses(for: normalized) == nil {
            let service = DNSResolver.serviceLabel(transport: transport) + "." + normalized
            let records = await lookup(service, type: .srv).compactMap(SRVRecord.init)
            if !records.isEmpty {
                return await resolveServiceTargets(records, service: service, preferIPv6: preferIPv6)
            }
        }
        let addresses = await self.addresses(of: normalized, preferIPv6: preferIPv6)
        if addresses.isEmpty {
            logger.notice("DNS: cannot resolve \(normalized)")
        }
        return addresses.map { HostPort(address: $0, port: port ?? defaultPort) }
    }

    /// `resolve` for a peer's `host=`/`port=` as a `HostPort`: an address is
    /// returned as is (with the default port when it has none).
    public func resolve(_ target: HostPort, transport: String = "udp", preferIPv6: Bool) async -> [HostPort] {
        switch target.host {
        case .address(let address):
            return [HostPort(address: address, port: target.port ?? DNSResolver.defaultPort(transport: transport))]
        case .name(let name):
            return await resolve(name, port: target.port, transport: transport, preferIPv6: preferIPv6)
        }
    }

    /// The addresses of one name, from the hosts table or from AAAA and A
    /// records (asked at the same time), in the preferred family order.
    public func addresses(of name: String, preferIPv6: Bool) async -> [IPAddress] {
        let found: [IPAddress]
        if let listed = configuration.hostsAddresses(for: name) {
            found = listed
        } else {
            async let six = lookup(name, type: .aaaa)
            async let four = lookup(name, type: .a)
            found = (await six).compactMap(\.address) + (await four).compactMap(\.address)
        }
        let ipv6 = found.filter { $0.family == .ipv6 }
        let ipv4 = found.filter { $0.family == .ipv4 }
        return DNSResolver.unique(preferIPv6 ? ipv6 + ipv4 : ipv4 + ipv6)
    }

    /// The records of `type` for `name`, following CNAMEs (within an answer
    /// and, when the answer stops at an alias, with a new question); empty
    /// when there are none or no server answered.
    func lookup(_ name: String, type: DNSRecordType) async -> [DNSResourceRecord] {
        var current = DNSMessage.normalizedName(name)
        for _ in 0..<DNSResolver.maximumAliasHops {
            guard let response = await exchange(DNSQuestion(name: current, type: type)) else { return [] }
            let (records, canonicalName) = response.records(answering: current, type: type)
            if !records.isEmpty || canonicalName == current { return records }
            current = canonicalName
        }
        logger.debug("DNS: CNAME chain for \(name) is too long")
        return []
    }

    /// Every SRV target's addresses with the record's port, in RFC 2782
    /// order. RFC 3263: when SRV records exist, their targets are the only
    /// candidates, even if none of them resolves.
    private func resolveServiceTargets(_ records: [SRVRecord], service: String, preferIPv6: Bool) async -> [HostPort] {
        let ordered = SRVOrdering.ordered(records)
        if ordered.isEmpty {
            logger.notice("DNS: \(service) says the service is not available (SRV target '.')")
            return []
        }
        let perTarget = await withTaskGroup(of: (Int, [IPAddress]).self) { group in
            for (index, record) in ordered.enumerated() {
                group.addTask { (index, await self.addresses(of: record.target, preferIPv6: preferIPv6)) }
            }
            var results = [[IPAddress]](repeating: [], count: ordered.count)
            for await (index, addresses) in group {
                results[index] = addresses
            }
            return results
        }
        var targets: [HostPort] = []
        for (record, addresses) in zip(ordered, perTarget) {
            if addresses.isEmpty {
                logger.debug("DNS: SRV target \(record.target) of \(service) has no address")
            }
            targets += addresses.map { HostPort(address: $0, port: Int(record.port)) }
        }
        return DNSResolver.unique(targets)
    }

    /// 5061 for TLS, 5060 otherwise (RFC 3261 section 19.1.2).
    static func defaultPort(transport: String) -> Int {
        transport.lowercased() == "tls" ? 5061 : 5060
    }

    /// The SRV service and protocol labels for a transport (RFC 3263 section 4.2).
    static func serviceLabel(transport: String) -> String {
        switch transport.lowercased() {
        case "tls": "_sips._tcp"
        case "tcp": "_sip._tcp"
        case "udp": "_sip._udp"
        case let other: "_sip._\(other)"
        }
    }

    private static func unique<Element: Hashable>(_ elements: [Element]) -> [Element] {
        var seen: Set<Element> = []
        return elements.filter { seen.insert($0).inserted }
    }
}
