import PBXCore
import Testing

@Suite("DNSResolverConfiguration")
struct DNSResolverConfigurationTests {
    private static let resolvConf = """
    # generated
    search example.com
    nameserver 192.0.2.53
    nameserver 2001:db8::53 ; comment after the address
    nameserver fe80::1%eth0
    nameserver 192.0.2.54
    nameserver 300.1.1.1
    nameserver
    options ndots:2 timeout:1 attempts:9
    """

    private static let hosts = """
    127.0.0.1\tlocalhost
    ::1     localhost ip6-localhost ip6-loopback   # the IPv6 loopback
    192.0.2.9 PBX.Example.com pbx
    192.0.2.10 pbx.example.com
    # 192.0.2.11 commented.example.com
    not-an-address broken.example.com
    192.0.2.12
    """

    @Test("nameserver lines of both families, at most three, bad ones noted with file and line")
    func nameservers() throws {
        let configuration = DNSResolverConfiguration(resolvConf: Self.resolvConf, hostsFile: "")
        #expect(configuration.nameservers.map(\.description) == ["192.0.2.53:53", "[2001:db8::53]:53", "[fe80::1%eth0]:53"])
        #expect(configuration.timeout == .seconds(1))
        #expect(configuration.attempts == 5, "attempts is capped at 5 as the C library does")
        #expect(configuration.notices.map(\.description) == [
            "resolv.conf:6: more than 3 nameservers, ignored '192.0.2.54'",
            "resolv.conf:7: not an IP address '300.1.1.1'",
            "resolv.conf:8: nameserver without an address 'nameserver'",
        ])
    }

    @Test("no nameserver at all means the local one, as the C library does")
    func defaultNameserver() {
        let configuration = DNSResolverConfiguration(resolvConf: "# empty\n", hostsFile: "")
        #expect(configuration.nameservers == [HostPort(address: .v4(0x7F00_0001), port: 53)])
        #expect(configuration.timeout == DNSResolverConfiguration.defaultTimeout)
        #expect(configuration.attempts == DNSResolverConfiguration.defaultAttempts)
    }

    @Test("hosts: names and aliases, case-insensitive, every line of a name collected in order")
    func hostsFile() throws {
        let configuration = DNSResolverConfiguration(resolvConf: "", hostsFile: Self.hosts, hostsName: "/etc/hosts")
        #expect(configuration.hostsAddresses(for: "localhost") == [IPAddress("127.0.0.1"), IPAddress("::1")].compactMap { $0 })
        #expect(configuration.hostsAddresses(for: "ip6-localhost") == [try #require(IPAddress("::1"))])
        #expect(configuration.hostsAddresses(for: "IP6-LOOPBACK.") == [try #require(IPAddress("::1"))])
        #expect(configuration.hostsAddresses(for: "pbx.example.com") == [IPAddress("192.0.2.9"), IPAddress("192.0.2.10")].compactMap { $0 })
        #expect(configuration.hostsAddresses(for: "pbx") == [try #require(IPAddress("192.0.2.9"))])
        #expect(configuration.hostsAddresses(for: "commented.example.com") == nil)
        #expect(configuration.hostsAddresses(for: "broken.example.com") == nil)
        #expect(configuration.notices.map(\.description) == [
            "/etc/hosts:6: not an IP address 'not-an-address'",
            "/etc/hosts:7: address without a name '192.0.2.12'",
        ])
    }

    @Test("values given directly: a nameserver without a port gets 53, a name is dropped, host keys lowercased")
    func directValues() throws {
        let configuration = DNSResolverConfiguration(
            nameservers: [HostPort(address: .v4(0x7F00_0001), port: 5353), HostPort(address: .anyIPv6, port: nil),
                          HostPort(host: .name("dns.example.com"), port: 53)],
            hosts: ["SIP.Example.com": [.v4(0xC000_0201)]],
            attempts: 0)
        #expect(configuration.nameservers.map(\.description) == ["127.0.0.1:5353", "[::]:53"])
        #expect(configuration.hostsAddresses(for: "sip.example.com") == [.v4(0xC000_0201)])
        #expect(configuration.attempts == 1)
    }

    @Test("an unreadable file is noted and counts as empty")
    func unreadableFiles() {
        let configuration = DNSResolverConfiguration.system(resolvConfPath: "/nonexistent/resolv.conf",
                                                            hostsPath: "/nonexistent/hosts")
        #expect(configuration.nameservers.map(\.description) == ["127.0.0.1:53"])
        #expect(configuration.hosts.isEmpty)
        #expect(configuration.notices.map(\.description) == [
            "/nonexistent/resolv.conf: cannot read '/nonexistent/resolv.conf'",
            "/nonexistent/hosts: cannot read '/nonexistent/hosts'",
        ])
    }
}
