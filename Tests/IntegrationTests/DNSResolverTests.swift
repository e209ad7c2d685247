import Foundation
import NIOPosix
import PBXCore
import Testing

extension IntegrationSuite {
    @Suite("DNS: SIP targets resolved against a fake nameserver")
    struct DNSResolverTests {
        /// `pbx.example.com` with two SRV targets (priority 10 and 20), each
        /// with an AAAA and an A record, and A/AAAA records of its own.
        private static let zone: [FakeDNSServer.Record] = [
            .init(name: "_sip._udp.pbx.example.com", data: .srv(priority: 20, weight: 0, port: 5080, target: "sip2.example.com")),
            .init(name: "_sip._udp.pbx.example.com", data: .srv(priority: 10, weight: 0, port: 5070, target: "sip1.example.com")),
            .init(name: "sip1.example.com", data: .a("192.0.2.1")),
            .init(name: "sip1.example.com", data: .aaaa("2001:db8::1")),
            .init(name: "sip2.example.com", data: .a("192.0.2.2")),
            .init(name: "sip2.example.com", data: .aaaa("2001:db8::2")),
            .init(name: "pbx.example.com", data: .a("192.0.2.100")),
            .init(name: "pbx.example.com", data: .aaaa("2001:db8::100")),
            .init(name: "plain.example.com", data: .a("192.0.2.50")),
        ]

        private static func resolver(_ servers: [FakeDNSServer], hosts: [String: [IPAddress]] = [:],
                                     timeout: Duration = .seconds(2), attempts: Int = 2) throws -> DNSResolver {
            let nameservers = try servers.map { server in
                HostPort(address: try #require(IPAddress(server.family.address)), port: server.port)
            }
            let configuration = DNSResolverConfiguration(nameservers: nameservers, hosts: hosts, timeout: timeout, attempts: attempts)
            return DNSResolver(configuration: configuration, eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        }

        @Test("no port: SRV first, then each target's AAAA before A when an IPv6 socket is bound", arguments: LoopbackFamily.allCases)
        func srvThenIPv6First(family: LoopbackFamily) async throws {
            let server = try FakeDNSServer(family: family, records: Self.zone)
            defer { server.stop() }
            let targets = try await Self.resolver([server]).resolve("pbx.example.com", port: nil, preferIPv6: true)
            #expect(targets.map(\.description) == ["[2001:db8::1]:5070", "192.0.2.1:5070", "[2001:db8::2]:5080", "192.0.2.2:5080"])
            #expect(server.questions.first == .init(name: "_sip._udp.pbx.example.com", type: 33))
            #expect(!server.questions.contains { $0.name == "pbx.example.com" }, "\(server.questions)")
        }

        @Test("no IPv6 socket: A before AAAA for each SRV target", arguments: LoopbackFamily.allCases)
        func srvThenIPv4First(family: LoopbackFamily) async throws {
            let server = try FakeDNSServer(family: family, records: Self.zone)
            defer { server.stop() }
            let targets = try await Self.resolver([server]).resolve("PBX.example.com.", port: nil, preferIPv6: false)
            #expect(targets.map(\.description) == ["192.0.2.1:5070", "[2001:db8::1]:5070", "192.0.2.2:5080", "[2001:db8::2]:5080"])
        }

        @Test("SRV targets in priority order; one without addresses is skipped, an alias is followed", arguments: LoopbackFamily.allCases)
        func fallbackAcrossTargets(family: LoopbackFamily) async throws {
            let records: [FakeDNSServer.Record] = [
                .init(name: "_sip._tcp.multi.example.com", data: .srv(priority: 30, weight: 5, port: 5063, target: "alias.example.com")),
                .init(name: "_sip._tcp.multi.example.com", data: .srv(priority: 10, weight: 5, port: 5061, target: "dead.example.com")),
                .init(name: "_sip._tcp.multi.example.com", data: .srv(priority: 20, weight: 5, port: 5062, target: "sip2.example.com")),
                .init(name: "alias.example.com", data: .cname("sip1.example.com")),
            ] + Self.zone
            let server = try FakeDNSServer(family: family, records: records)
            defer { server.stop() }
            let targets = try await Self.resolver([server]).resolve("multi.example.com", port: nil, transport: "tcp", preferIPv6: true)
            #expect(targets.map(\.description) == ["[2001:db8::2]:5062", "192.0.2.2:5062", "[2001:db8::1]:5063", "192.0.2.1:5063"])
            #expect(server.questions.contains(.init(name: "dead.example.com", type: 1)), "the dead target was tried")
        }

        @Test("a name with a port skips SRV and uses its own AAAA/A records", arguments: LoopbackFamily.allCases)
        func portSkipsSRV(family: LoopbackFamily) async throws {
            let server = try FakeDNSServer(family: family, records: Self.zone)
            defer { server.stop() }
            let targets = try await Self.resolver([server]).resolve("pbx.example.com", port: 5099, preferIPv6: true)
            #expect(targets.map(\.description) == ["[2001:db8::100]:5099", "192.0.2.100:5099"])
            #expect(!server.questions.contains { $0.type == 33 }, "\(server.questions)")
        }

        @Test("no SRV records: the name's own addresses on port 5060", arguments: LoopbackFamily.allCases)
        func noSRV(family: LoopbackFamily) async throws {
            let server = try FakeDNSServer(family: family, records: Self.zone)
            defer { server.stop() }
            let resolver = try Self.resolver([server])
            let targets = await resolver.resolve("plain.example.com", port: nil, preferIPv6: true)
            #expect(targets.map(\.description) == ["192.0.2.50:5060"])
            #expect(server.questions.first == .init(name: "_sip._udp.plain.example.com", type: 33))
            #expect(await resolver.resolve("nosuch.example.com", port: nil, preferIPv6: true).isEmpty)
        }

        @Test("a literal address is returned as is, without a question")
        func literalAddress() async throws {
            let server = try FakeDNSServer(family: .ipv4, records: Self.zone)
            defer { server.stop() }
            let resolver = try Self.resolver([server])
            #expect(await resolver.resolve("[2001:db8::1]", port: nil, preferIPv6: false).map(\.description) == ["[2001:db8::1]:5060"])
            #expect(await resolver.resolve("192.0.2.1", port: 5070, preferIPv6: true).map(\.description) == ["192.0.2.1:5070"])
            #expect(await resolver.resolve("192.0.2.1", port: nil, transport: "tls", preferIPv6: true).map(\.description) == ["192.0.2.1:5061"])
            #expect(server.questions.isEmpty)
        }

        @Test("a silent nameserver times out within the limit and the next one answers", arguments: LoopbackFamily.allCases)
        func deadNameserver(family: LoopbackFamily) async throws {
            let dead = try FakeDNSServer(family: family, records: Self.zone, behaviour: .silent)
            let alive = try FakeDNSServer(family: family, records: Self.zone)
            defer { dead.stop(); alive.stop() }
            let resolver = try Self.resolver([dead, alive], timeout: .milliseconds(400))
            let clock = ContinuousClock()
            let start = clock.now
            let targets = await resolver.resolve("pbx.example.com", port: 5060, preferIPv6: false)
            let elapsed = clock.now - start
            #expect(targets.map(\.description) == ["192.0.2.100:5060", "[2001:db8::100]:5060"])
            #expect(elapsed >= .milliseconds(350), "the dead server was waited for: \(elapsed)")
            #expect(elapsed < .milliseconds(1_500), "one timeout, not more: \(elapsed)")
            #expect(Set(dead.questions.map(\.type)) == [1, 28])
            #expect(Set(alive.questions.map(\.type)) == [1, 28])

            // The server that answered is asked first from now on.
            let again = clock.now
            #expect(await resolver.resolve("plain.example.com", port: 5060, preferIPv6: false).map(\.description) == ["192.0.2.50:5060"])
            #expect(clock.now - again < .milliseconds(350))
        }

        @Test("with every nameserver silent the lookup gives up after attempts × timeout", arguments: LoopbackFamily.allCases)
        func allSilent(family: LoopbackFamily) async throws {
            let dead = try FakeDNSServer(family: family, records: Self.zone, behaviour: .silent)
            defer { dead.stop() }
            let resolver = try Self.resolver([dead], timeout: .milliseconds(300), attempts: 2)
            let clock = ContinuousClock()
            let start = clock.now
            let targets = await resolver.resolve("pbx.example.com", port: 5060, preferIPv6: true)
            let elapsed = clock.now - start
            #expect(targets.isEmpty)
            #expect(elapsed >= .milliseconds(550) && elapsed < .milliseconds(1_500), "\(elapsed)")
            #expect(dead.questions.count == 4, "A and AAAA, two attempts each: \(dead.questions)")
        }

        @Test("answers from another port, with another ID, or SERVFAIL do not count; the next server is asked",
              arguments: [FakeDNSServer.Behaviour.answerFromAnotherPort, .wrongID, .serverFailure])
        func mismatchedAnswersIgnored(behaviour: FakeDNSServer.Behaviour) async throws {
            let odd = try FakeDNSServer(family: .ipv4, records: [.init(name: "plain.example.com", data: .a("198.51.100.1"))],
                                        behaviour: behaviour)
            let good = try FakeDNSServer(family: .ipv6, records: Self.zone)
            defer { odd.stop(); good.stop() }
            let alone = try Self.resolver([odd], timeout: .milliseconds(300), attempts: 1)
            #expect(await alone.resolve("plain.example.com", port: 5060, preferIPv6: false).isEmpty)

            let resolver = try Self.resolver([odd, good], timeout: .milliseconds(300), attempts: 1)
            let targets = await resolver.resolve("plain.example.com", port: 5060, preferIPv6: false)
            #expect(targets.map(\.description) == ["192.0.2.50:5060"])
            #expect(!odd.questions.isEmpty)
        }

        @Test("hosts entries come first and no question is asked", arguments: LoopbackFamily.allCases)
        func hostsHonoured(family: LoopbackFamily) async throws {
            let server = try FakeDNSServer(family: family, records: Self.zone)
            defer { server.stop() }
            let hostsText = "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n10.9.9.9 pbx.example.com\n"
            let resolver = try Self.resolver([server], hosts: DNSResolverConfiguration.parseHosts(hostsText).hosts)
            #expect(await resolver.resolve("localhost", port: nil, preferIPv6: true).map(\.description) == ["[::1]:5060", "127.0.0.1:5060"])
            #expect(await resolver.resolve("localhost", port: 5070, preferIPv6: false).map(\.description) == ["127.0.0.1:5070", "[::1]:5070"])
            #expect(await resolver.resolve("ip6-localhost", port: nil, preferIPv6: false).map(\.description) == ["[::1]:5060"])
            #expect(await resolver.resolve("PBX.example.com", port: nil, preferIPv6: true).map(\.description) == ["10.9.9.9:5060"])
            #expect(server.questions.isEmpty, "\(server.questions)")
            // A name not listed still goes to DNS.
            #expect(await resolver.resolve("plain.example.com", port: 5060, preferIPv6: true).map(\.description) == ["192.0.2.50:5060"])
        }

        @Test("a peer's HostPort: an address as is, a name through DNS")
        func hostPortTargets() async throws {
            let server = try FakeDNSServer(family: .ipv6, records: Self.zone)
            defer { server.stop() }
            let resolver = try Self.resolver([server])
            let literal = try HostPort(parsing: "[2001:db8::9]")
            #expect(await resolver.resolve(literal, preferIPv6: true).map(\.description) == ["[2001:db8::9]:5060"])
            let named = try HostPort(parsing: "plain.example.com:5090")
            #expect(await resolver.resolve(named, preferIPv6: true).map(\.description) == ["192.0.2.50:5090"])
        }
    }
}
