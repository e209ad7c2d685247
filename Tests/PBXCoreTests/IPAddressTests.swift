import NIOCore
import PBXCore
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The index of the loopback interface, 0 when this host has none named so.
private let loopbackInterfaceIndex: UInt32 = {
    #if canImport(Darwin)
    if_nametoindex("lo0")
    #else
    if_nametoindex("lo")
    #endif
}()

@Suite("IPAddress")
struct IPAddressTests {
    /// Text in, RFC 5952 text out (RFC 5952 section 4 and its examples).
    @Test(arguments: [
        ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("2001:DB8::1", "2001:db8::1"),
        ("2001:db8::0:1", "2001:db8::1"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
        ("2001:db8:aaaa:bbbb:cccc:dddd:eeee:0001", "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1"),
        ("0:0:0:0:0:0:0:0", "::"),
        ("::", "::"),
        ("0:0:0:0:0:0:0:1", "::1"),
        ("1:0:0:0:0:0:0:0", "1::"),
        ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"),
        ("::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"),
        ("1:2:3:4:5:6::8", "1:2:3:4:5:6:0:8"),
        ("0:0:1:0:0:0:1:0", "0:0:1::1:0"),
        ("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"),
        ("::1.2.3.4", "::102:304"),
        ("FE80::ABCD%eth0", "fe80::abcd%eth0"),
        ("fe80::1%2", "fe80::1%2"),
        ("1.2.3.4", "1.2.3.4"),
        ("0.0.0.0", "0.0.0.0"),
        ("255.255.255.255", "255.255.255.255"),
    ])
    func canonicalText(input: String, expected: String) throws {
        let address = try #require(IPAddress(input))
        #expect(address.description == expected)
        #expect(IPAddress(address.description) == address)
    }

    @Test(arguments: [
        "", " ", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.256", "01.2.3.4", "1.2.3.04",
        " 1.2.3.4", "1.2.3.4 ", "1..2.3", "1.2.3.-4", "+1.2.3.4", "0x1.2.3.4", "1.2.3.4.",
        "\u{FF11}.2.3.4", "1.2.3.4%eth0",
        ":", ":::", "::1::", "1::2::3", "1:::2", ":1::2", "1::2:", "12345::", "g::1",
        "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3", "1.2.3.4::", "::1.2.3.4:5", "::256.1.1.1",
        "fe80::1%", "fe80::1%eth 0", "fe80::1%eth%0", "fe80::1%abcdefghijklmnop",
        "::ffff:1.2.3.4%eth0", "[::1]", "::1 ", "2001:db8::1/64",
    ])
    func rejectsMalformedText(input: String) {
        #expect(IPAddress(input) == nil)
    }

    @Test func ipv4ValueIsHostByteOrder() throws {
        #expect(IPAddress("127.0.0.1") == .v4(0x7F00_0001))
        #expect(IPAddress("10.1.2.3") == .v4(0x0A01_0203))
        #expect(IPAddress.v4(0xC0A8_0001).description == "192.168.0.1")
    }

    @Test func ipv6ValueHalves() throws {
        let address = try #require(IPAddress("2001:db8::1"))
        #expect(address == .v6(high: 0x2001_0DB8_0000_0000, low: 1, scope: nil))
        #expect(address.family == .ipv6)
        #expect(IPAddress("1.2.3.4")?.family == .ipv4)
    }

    @Test(arguments: ["::ffff:1.2.3.4", "::FFFF:1.2.3.4", "::ffff:102:304", "0:0:0:0:0:ffff:0102:0304"])
    func ipv4MappedBecomesIPv4(input: String) {
        #expect(IPAddress(input) == .v4(0x0102_0304))
    }

    @Test func ipv4CompatibleAndTranslatedStayIPv6() throws {
        let compatible = try #require(IPAddress("::1.2.3.4"))
        #expect(compatible == .v6(high: 0, low: 0x0102_0304, scope: nil))
        let translated = try #require(IPAddress("::ffff:0:1.2.3.4"))
        #expect(translated.family == .ipv6)
        #expect(translated.description == "::ffff:0:102:304")
    }

    @Test func scopeIsKeptAndPartOfEquality() throws {
        let scoped = try #require(IPAddress("fe80::1%eth0"))
        #expect(scoped == .v6(high: 0xFE80_0000_0000_0000, low: 1, scope: "eth0"))
        #expect(scoped.scope == "eth0")
        #expect(scoped != IPAddress("fe80::1"))
        #expect(scoped.withoutScope == IPAddress("fe80::1"))
        #expect(IPAddress("1.2.3.4")?.scope == nil)
    }

    @Test func bytesRoundTrip() throws {
        let v4 = try #require(IPAddress("192.0.2.33"))
        #expect(v4.bytes == [192, 0, 2, 33])
        #expect(IPAddress(bytes: [192, 0, 2, 33]) == v4)

        let v6 = try #require(IPAddress("2001:db8:1:2:3:4:5:6"))
        #expect(v6.bytes == [0x20, 0x01, 0x0D, 0xB8, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6])
        #expect(IPAddress(bytes: v6.bytes) == v6)

        let scoped = IPAddress(bytes: [0xFE, 0x80] + Array(repeating: 0, count: 13) + [1], scope: "eth1")
        #expect(scoped?.description == "fe80::1%eth1")
        #expect(IPAddress(bytes: Array(repeating: 0, count: 16), scope: "")?.scope == nil)
    }

    @Test func mappedBytesBecomeIPv4() {
        let mapped: [UInt8] = Array(repeating: 0, count: 10) + [0xFF, 0xFF, 10, 0, 0, 7]
        #expect(IPAddress(bytes: mapped) == .v4(0x0A00_0007))
        #expect(IPAddress(bytes: mapped, scope: "eth0") == .v4(0x0A00_0007))
    }

    @Test(arguments: [0, 1, 3, 5, 15, 17])
    func rejectsOtherByteCounts(count: Int) {
        #expect(IPAddress(bytes: Array(repeating: 1, count: count)) == nil)
    }

    @Test func classification() throws {
        #expect(IPAddress.anyIPv4.description == "0.0.0.0")
        #expect(IPAddress.anyIPv6.description == "::")
        #expect(IPAddress.anyIPv4.isWildcard)
        #expect(IPAddress.anyIPv6.isWildcard)
        #expect(IPAddress("0.0.0.1")?.isWildcard == false)
        #expect(IPAddress("::1")?.isWildcard == false)

        #expect(IPAddress("127.0.0.1")?.isLoopback == true)
        #expect(IPAddress("127.255.3.4")?.isLoopback == true)
        #expect(IPAddress("128.0.0.1")?.isLoopback == false)
        #expect(IPAddress("::1")?.isLoopback == true)
        #expect(IPAddress("::2")?.isLoopback == false)
        #expect(IPAddress("::ffff:127.0.0.1")?.isLoopback == true)

        #expect(IPAddress("169.254.10.1")?.isLinkLocal == true)
        #expect(IPAddress("169.253.10.1")?.isLinkLocal == false)
        #expect(IPAddress("fe80::1%eth0")?.isLinkLocal == true)
        #expect(IPAddress("febf:ffff::1")?.isLinkLocal == true)
        #expect(IPAddress("fec0::1")?.isLinkLocal == false)
        #expect(IPAddress("2001:db8::1")?.isLinkLocal == false)
    }

    @Test func socketAddressRoundTripIPv4() throws {
        let address = try #require(IPAddress("127.0.0.1"))
        let socketAddress = try address.socketAddress(port: 5060)
        #expect(socketAddress.port == 5060)
        #expect(socketAddress.protocol == .inet)
        #expect(socketAddress.ipAddress == "127.0.0.1")
        #expect(IPAddress(socketAddress: socketAddress) == address)
        #expect(HostPort(socketAddress: socketAddress)?.description == "127.0.0.1:5060")
    }

    @Test func socketAddressRoundTripIPv6() throws {
        let address = try #require(IPAddress("::1"))
        let socketAddress = try address.socketAddress(port: 5061)
        #expect(socketAddress.port == 5061)
        #expect(socketAddress.protocol == .inet6)
        #expect(socketAddress.ipAddress == "::1")
        #expect(IPAddress(socketAddress: socketAddress) == address)
        #expect(HostPort(socketAddress: socketAddress)?.description == "[::1]:5061")
    }

    @Test func socketAddressFromNIOParsedAddresses() throws {
        let v4 = try SocketAddress(ipAddress: "192.0.2.1", port: 5060)
        #expect(IPAddress(socketAddress: v4) == IPAddress("192.0.2.1"))
        let v6 = try SocketAddress(ipAddress: "2001:db8::5", port: 5060)
        #expect(IPAddress(socketAddress: v6) == IPAddress("2001:db8::5"))
        let mapped = try SocketAddress(ipAddress: "::ffff:192.0.2.1", port: 5060)
        #expect(IPAddress(socketAddress: mapped) == .v4(0xC000_0201))
        #expect(HostPort(socketAddress: mapped)?.description == "192.0.2.1:5060")
    }

    @Test(.enabled(if: loopbackInterfaceIndex != 0))
    func socketAddressCarriesNumericScope() throws {
        let address = try #require(IPAddress("fe80::1%\(loopbackInterfaceIndex)"))
        let socketAddress = try address.socketAddress(port: 5060)
        guard case .v6(let v6) = socketAddress else {
            Issue.record("expected an IPv6 socket address, got \(socketAddress)")
            return
        }
        #expect(v6.address.sin6_scope_id == loopbackInterfaceIndex)
        // Reading it back names the interface.
        let back = try #require(IPAddress(socketAddress: socketAddress))
        #expect(back.withoutScope == address.withoutScope)
        #expect(back.scope.map { if_nametoindex($0) } == loopbackInterfaceIndex)
    }

    @Test(.enabled(if: loopbackInterfaceIndex != 0))
    func socketAddressLooksUpNamedScope() throws {
        #if canImport(Darwin)
        let name = "lo0"
        #else
        let name = "lo"
        #endif
        let address = IPAddress.v6(high: 0xFE80_0000_0000_0000, low: 1, scope: name)
        guard case .v6(let v6) = try address.socketAddress(port: 0) else {
            Issue.record("expected an IPv6 socket address")
            return
        }
        #expect(v6.address.sin6_scope_id == loopbackInterfaceIndex)
        #expect(IPAddress(socketAddress: .v6(v6)) == address)
    }

    @Test func socketAddressRefusesBadPortAndUnknownInterface() {
        #expect(throws: AddressError.self) { try IPAddress.anyIPv4.socketAddress(port: 65536) }
        #expect(throws: AddressError.self) { try IPAddress.anyIPv6.socketAddress(port: -1) }
        let unknown = IPAddress.v6(high: 0xFE80_0000_0000_0000, low: 1, scope: "nosuchif9")
        #expect(throws: AddressError.self) { try unknown.socketAddress(port: 5060) }
    }
}
