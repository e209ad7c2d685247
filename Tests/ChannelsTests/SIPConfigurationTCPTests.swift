@testable import Channels
import PBXCore
import Testing

/// `tcpenable` and `tcpbindaddr`: the TCP listeners follow the rules of the
/// UDP sockets (a family with no address gets its wildcard on bindport).
@Suite("SIPConfiguration: TCP listeners")
struct SIPConfigurationTCPTests {
    private func load(_ lines: [String]) -> SIPConfiguration {
        SIPConfiguration(file: ConfigFile.parse(text: lines.joined(separator: "\n") + "\n", path: "/etc/swiftpbx/sip.conf"))
    }

    private func addresses(_ texts: [String]) throws -> [HostPort] {
        try texts.map { try HostPort(parsing: $0) }
    }

    @Test func tcpIsOffByDefaultAndListensNowhere() {
        let configuration = load(["[general]", "tcpbindaddr=10.1.1.1"])
        #expect(!configuration.settings.tcpEnabled)
        #expect(configuration.settings.tcpBindAddresses.map(\.description) == ["10.1.1.1:5060"],
                "kept as written, with no wildcards added while TCP is off")
    }

    @Test func tcpWithoutAddressesListensOnBothWildcardsOnBindport() throws {
        let configuration = load(["[general]", "bindport=5070", "tcpenable=yes"])
        #expect(configuration.settings.tcpEnabled)
        #expect(configuration.settings.tcpBindAddresses == (try addresses(["0.0.0.0:5070", "[::]:5070"])))
    }

    @Test(arguments: [
        ("127.0.0.1:5080", ["127.0.0.1:5080", "[::]:5060"]),
        ("[::1]", ["[::1]:5060", "0.0.0.0:5060"]),
    ])
    func aFamilyWithoutAddressGetsItsWildcard(_ value: String, _ expected: [String]) throws {
        let configuration = load(["[general]", "tcpenable=yes", "tcpbindaddr=\(value)"])
        #expect(configuration.errors.isEmpty)
        #expect(configuration.settings.tcpBindAddresses == (try addresses(expected)))
    }

    @Test func malformedTcpbindaddrIsReportedWithItsLine() {
        let configuration = load(["[general]", "tcpenable=yes", "tcpbindaddr=[2001:db8::1"])
        #expect(configuration.errors.count == 1)
        #expect(configuration.errors.first?.location.line == 3)
        #expect(configuration.errors.first?.value == "[2001:db8::1")
        #expect(configuration.settings.tcpBindAddresses.map(\.description) == ["0.0.0.0:5060", "[::]:5060"])
    }
}
