import PBXCore
import Testing

/// One accepted input and everything it must print as.
struct AcceptedHostPort: Sendable, CustomTestStringConvertible {
    let input: String
    let host: Host
    let port: Int?
    let description: String
    let uriHost: String
    let sdpHost: String

    var testDescription: String { input }
}

/// One refused input and a fragment its reason must contain.
struct RefusedHostPort: Sendable, CustomTestStringConvertible {
    let input: String
    let reasonFragment: String

    var testDescription: String { input.isEmpty ? "(empty)" : input }
}

private func v4(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32) -> Host {
    .address(.v4(a << 24 | b << 16 | c << 8 | d))
}

private func v6(_ high: UInt64, _ low: UInt64, scope: String? = nil) -> Host {
    .address(.v6(high: high, low: low, scope: scope))
}

private let accepted: [AcceptedHostPort] = [
    .init(input: "10.1.1.1", host: v4(10, 1, 1, 1), port: nil,
          description: "10.1.1.1", uriHost: "10.1.1.1", sdpHost: "10.1.1.1"),
    .init(input: "10.1.1.1:5060", host: v4(10, 1, 1, 1), port: 5060,
          description: "10.1.1.1:5060", uriHost: "10.1.1.1", sdpHost: "10.1.1.1"),
    .init(input: "0.0.0.0", host: v4(0, 0, 0, 0), port: nil,
          description: "0.0.0.0", uriHost: "0.0.0.0", sdpHost: "0.0.0.0"),
    .init(input: "255.255.255.255:65535", host: v4(255, 255, 255, 255), port: 65535,
          description: "255.255.255.255:65535", uriHost: "255.255.255.255", sdpHost: "255.255.255.255"),
    .init(input: "192.0.2.1:1", host: v4(192, 0, 2, 1), port: 1,
          description: "192.0.2.1:1", uriHost: "192.0.2.1", sdpHost: "192.0.2.1"),
    .init(input: "192.0.2.1:05060", host: v4(192, 0, 2, 1), port: 5060,
          description: "192.0.2.1:5060", uriHost: "192.0.2.1", sdpHost: "192.0.2.1"),
    .init(input: "[2001:db8::1]", host: v6(0x2001_0DB8_0000_0000, 1), port: nil,
          description: "[2001:db8::1]", uriHost: "[2001:db8::1]", sdpHost: "2001:db8::1"),
    .init(input: "[2001:db8::1]:5060", host: v6(0x2001_0DB8_0000_0000, 1), port: 5060,
          description: "[2001:db8::1]:5060", uriHost: "[2001:db8::1]", sdpHost: "2001:db8::1"),
    .init(input: "[2001:DB8:0:0:0:0:0:1]:5060", host: v6(0x2001_0DB8_0000_0000, 1), port: 5060,
          description: "[2001:db8::1]:5060", uriHost: "[2001:db8::1]", sdpHost: "2001:db8::1"),
    .init(input: "[::]", host: v6(0, 0), port: nil,
          description: "[::]", uriHost: "[::]", sdpHost: "::"),
    .init(input: "[::]:5060", host: v6(0, 0), port: 5060,
          description: "[::]:5060", uriHost: "[::]", sdpHost: "::"),
    .init(input: "[::1]:5061", host: v6(0, 1), port: 5061,
          description: "[::1]:5061", uriHost: "[::1]", sdpHost: "::1"),
    .init(input: "[fe80::1%eth0]:5060", host: v6(0xFE80_0000_0000_0000, 1, scope: "eth0"), port: 5060,
          description: "[fe80::1%eth0]:5060", uriHost: "[fe80::1%25eth0]", sdpHost: "fe80::1"),
    .init(input: "[fe80::1%25eth0]:5060", host: v6(0xFE80_0000_0000_0000, 1, scope: "eth0"), port: 5060,
          description: "[fe80::1%eth0]:5060", uriHost: "[fe80::1%25eth0]", sdpHost: "fe80::1"),
    .init(input: "[fe80::1%252]", host: v6(0xFE80_0000_0000_0000, 1, scope: "2"), port: nil,
          description: "[fe80::1%2]", uriHost: "[fe80::1%252]", sdpHost: "fe80::1"),
    .init(input: "[fe80::1%25]", host: v6(0xFE80_0000_0000_0000, 1, scope: "25"), port: nil,
          description: "[fe80::1%2525]", uriHost: "[fe80::1%2525]", sdpHost: "fe80::1"),
    .init(input: "[fe80::a%2525]:5060", host: v6(0xFE80_0000_0000_0000, 0xA, scope: "25"), port: 5060,
          description: "[fe80::a%2525]:5060", uriHost: "[fe80::a%2525]", sdpHost: "fe80::a"),
    .init(input: "[::ffff:10.1.1.1]:5060", host: v4(10, 1, 1, 1), port: 5060,
          description: "10.1.1.1:5060", uriHost: "10.1.1.1", sdpHost: "10.1.1.1"),
    .init(input: "[::ffff:a01:101]", host: v4(10, 1, 1, 1), port: nil,
          description: "10.1.1.1", uriHost: "10.1.1.1", sdpHost: "10.1.1.1"),
    .init(input: "[::1.2.3.4]", host: v6(0, 0x0102_0304), port: nil,
          description: "[::102:304]", uriHost: "[::102:304]", sdpHost: "::102:304"),
    .init(input: "2001:db8::1", host: v6(0x2001_0DB8_0000_0000, 1), port: nil,
          description: "[2001:db8::1]", uriHost: "[2001:db8::1]", sdpHost: "2001:db8::1"),
    .init(input: "fe80::1%eth0", host: v6(0xFE80_0000_0000_0000, 1, scope: "eth0"), port: nil,
          description: "[fe80::1%eth0]", uriHost: "[fe80::1%25eth0]", sdpHost: "fe80::1"),
    .init(input: "::ffff:192.0.2.9", host: v4(192, 0, 2, 9), port: nil,
          description: "192.0.2.9", uriHost: "192.0.2.9", sdpHost: "192.0.2.9"),
    .init(input: "::", host: v6(0, 0), port: nil,
          description: "[::]", uriHost: "[::]", sdpHost: "::"),
    .init(input: "pbx.example.com", host: .name("pbx.example.com"), port: nil,
          description: "pbx.example.com", uriHost: "pbx.example.com", sdpHost: "pbx.example.com"),
    .init(input: "pbx.example.com:5080", host: .name("pbx.example.com"), port: 5080,
          description: "pbx.example.com:5080", uriHost: "pbx.example.com", sdpHost: "pbx.example.com"),
    .init(input: "PBX.Example.COM:5060", host: .name("pbx.example.com"), port: 5060,
          description: "pbx.example.com:5060", uriHost: "pbx.example.com", sdpHost: "pbx.example.com"),
    .init(input: "localhost", host: .name("localhost"), port: nil,
          description: "localhost", uriHost: "localhost", sdpHost: "localhost"),
    .init(input: "sip-gw-2.carrier.net:5061", host: .name("sip-gw-2.carrier.net"), port: 5061,
          description: "sip-gw-2.carrier.net:5061", uriHost: "sip-gw-2.carrier.net", sdpHost: "sip-gw-2.carrier.net"),
    .init(input: "1.2.3.com", host: .name("1.2.3.com"), port: nil,
          description: "1.2.3.com", uriHost: "1.2.3.com", sdpHost: "1.2.3.com"),
    .init(input: String(repeating: "a", count: 63) + ".example", host: .name(String(repeating: "a", count: 63) + ".example"),
          port: nil, description: String(repeating: "a", count: 63) + ".example",
          uriHost: String(repeating: "a", count: 63) + ".example", sdpHost: String(repeating: "a", count: 63) + ".example"),
]

/// 4 labels of 63 characters and the dots: 255 characters, over the 253 limit.
private let overlongName = Array(repeating: String(repeating: "b", count: 63), count: 4).joined(separator: ".")

private let refused: [RefusedHostPort] = [
    .init(input: "", reasonFragment: "empty"),
    .init(input: "[2001:db8::1", reasonFragment: "unclosed"),
    .init(input: "[2001:db8::1]x", reasonFragment: "after ']'"),
    .init(input: "[2001:db8::1]5060", reasonFragment: "after ']'"),
    .init(input: "[10.1.1.1]", reasonFragment: "only for IPv6"),
    .init(input: "[10.1.1.1]:5060", reasonFragment: "only for IPv6"),
    .init(input: "[]", reasonFragment: "IPv6"),
    .init(input: "[2001:db8::g]", reasonFragment: "IPv6"),
    .init(input: "[fe80::1%]", reasonFragment: "zone"),
    .init(input: "[fe80::1%eth 0]", reasonFragment: "zone"),
    .init(input: "[::ffff:1.2.3.4%eth0]", reasonFragment: "zone"),
    .init(input: "300.1.1.1", reasonFragment: "IPv4"),
    .init(input: "300.1.1.1:5060", reasonFragment: "IPv4"),
    .init(input: "1.2.3", reasonFragment: "IPv4"),
    .init(input: "1.2.3.4.5", reasonFragment: "IPv4"),
    .init(input: "01.2.3.4", reasonFragment: "IPv4"),
    .init(input: "1234", reasonFragment: "IPv4"),
    .init(input: "10.1.1.1:", reasonFragment: "missing port"),
    .init(input: ":5060", reasonFragment: "missing host"),
    .init(input: "10.1.1.1:0", reasonFragment: "range"),
    .init(input: "10.1.1.1:65536", reasonFragment: "range"),
    .init(input: "10.1.1.1:99999999999999999999999", reasonFragment: "range"),
    .init(input: "10.1.1.1:50a0", reasonFragment: "not a number"),
    .init(input: "10.1.1.1: 5060", reasonFragment: "not a number"),
    .init(input: "host:-1", reasonFragment: "not a number"),
    .init(input: "host:+5060", reasonFragment: "not a number"),
    .init(input: "[::1]:5060:1", reasonFragment: "not a number"),
    .init(input: "[::1]:", reasonFragment: "missing port"),
    .init(input: "10.1.1.1:5060:1", reasonFragment: "IPv6"),
    .init(input: "2001:db8::1::5", reasonFragment: "IPv6"),
    .init(input: "pbx_1.example.com", reasonFragment: "invalid character '_'"),
    .init(input: "pbx example.com", reasonFragment: "invalid character"),
    .init(input: " pbx.example.com", reasonFragment: "invalid character"),
    .init(input: "pbx.exämple.com", reasonFragment: "invalid character"),
    .init(input: "pbx..example.com", reasonFragment: "empty label"),
    .init(input: ".example.com", reasonFragment: "empty label"),
    .init(input: "pbx.example.com.", reasonFragment: "empty label"),
    .init(input: "-pbx.example.com", reasonFragment: "'-'"),
    .init(input: "pbx-.example.com", reasonFragment: "'-'"),
    .init(input: String(repeating: "a", count: 64) + ".example", reasonFragment: "63"),
    .init(input: overlongName, reasonFragment: "253"),
    .init(input: "example.123", reasonFragment: "all digits"),
    .init(input: "pbx.example.com]", reasonFragment: "invalid character ']'"),
]

@Suite("HostPort")
struct HostPortTests {
    @Test func tableIsLargeEnough() {
        #expect(accepted.count + refused.count >= 40)
    }

    @Test(arguments: accepted)
    func parsesAndPrints(_ expected: AcceptedHostPort) throws {
        let parsed = try HostPort(parsing: expected.input)
        #expect(parsed.host == expected.host)
        #expect(parsed.port == expected.port)
        #expect(parsed.description == expected.description)
        #expect(parsed.uriHost == expected.uriHost)
        #expect(parsed.sdpHost == expected.sdpHost)
    }

    @Test(arguments: accepted)
    func printedFormsParseBack(_ expected: AcceptedHostPort) throws {
        let parsed = try HostPort(parsing: expected.input)
        #expect(try HostPort(parsing: parsed.description) == parsed)
        let fromURI = try HostPort(parsing: parsed.uriHost)
        #expect(fromURI == parsed.withPort(nil))
        let withPort = parsed.withPort(5080)
        #expect(try HostPort(parsing: withPort.description) == withPort)
    }

    @Test(arguments: refused)
    func refusesWithReason(_ expected: RefusedHostPort) {
        do {
            let parsed = try HostPort(parsing: expected.input)
            Issue.record("accepted '\(expected.input)' as \(parsed)")
        } catch {
            #expect(error.input == expected.input)
            #expect(error.reason.contains(expected.reasonFragment), "reason was: \(error.reason)")
            #expect(error.description.contains("'\(expected.input)'"))
        }
    }

    @Test func addressAndFamily() throws {
        let v4 = try HostPort(parsing: "10.1.1.1:5060")
        #expect(v4.address == .v4(0x0A01_0101))
        #expect(v4.family == .ipv4)
        let v6 = try HostPort(parsing: "[2001:db8::1]")
        #expect(v6.address == IPAddress("2001:db8::1"))
        #expect(v6.family == .ipv6)
        let name = try HostPort(parsing: "pbx.example.com")
        #expect(name.address == nil)
        #expect(name.family == nil)
    }

    @Test func constructedValuesPrint() {
        let v6 = HostPort(address: .v6(high: 0x2001_0DB8_0000_0000, low: 0x10, scope: nil), port: 5060)
        #expect(v6.description == "[2001:db8::10]:5060")
        #expect(v6.withPort(nil).description == "[2001:db8::10]")
        #expect(v6.withPort(5062).port == 5062)
        #expect(v6.withPort(5062).host == v6.host)
        let name = HostPort(host: .name("pbx.example.com"), port: 5060)
        #expect(name.description == "pbx.example.com:5060")
        #expect(HostPort(address: .anyIPv4, port: 5060).description == "0.0.0.0:5060")
        #expect(HostPort(address: .anyIPv6, port: 5060).description == "[::]:5060")
    }

    @Test func errorDescriptionNamesInputAndReason() {
        let error = AddressError(input: "[::1", reason: "unclosed '[' (missing ']')")
        #expect(error.description == "invalid address '[::1': unclosed '[' (missing ']')")
    }
}
