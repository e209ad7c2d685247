@testable import Channels
import PBXCore
import Testing

@Suite("SIPMessage.stampReceived(from:)")
struct SIPMessageReceivedTests {
    private func request(via: [String]) throws -> SIPMessage {
        var lines = SIPWire.inviteLines(replacing: ["Via": nil])
        lines.insert(contentsOf: via.map { "Via: \($0)" }, at: 1)
        return try SIPMessage(parsing: SIPWire.message(lines + ["Content-Length: 0"]))
    }

    @Test func rportAndReceivedAreFilledFromTheSource() throws {
        var message = try request(via: ["SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKnat;rport"])
        message.stampReceived(from: try HostPort(parsing: "198.51.100.7:40000"))
        #expect(message.via[0].received == "198.51.100.7")
        #expect(message.via[0].rport == 40000)
        #expect(message.via[0].description == "SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKnat;rport=40000;received=198.51.100.7")
    }

    @Test func matchingSentByWithoutRportIsLeftAlone() throws {
        var message = try request(via: ["SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKsame"])
        message.stampReceived(from: try HostPort(parsing: "192.0.2.10:5060"))
        #expect(message.via[0].received == nil)
        #expect(message.via[0].rport == nil)
        #expect(message.via[0].description == "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKsame")
    }

    @Test func rportAlwaysBringsReceived() throws {
        // RFC 3581 §4: with rport the server adds received even when it matches.
        var message = try request(via: ["SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKsame;rport"])
        message.stampReceived(from: try HostPort(parsing: "192.0.2.10:5060"))
        #expect(message.via[0].received == "192.0.2.10")
        #expect(message.via[0].rport == 5060)
    }

    @Test func sentByNameGetsReceivedButNoRport() throws {
        var message = try request(via: ["SIP/2.0/UDP phone.example.com;branch=z9hG4bKname"])
        message.stampReceived(from: try HostPort(parsing: "192.0.2.10:5070"))
        #expect(message.via[0].received == "192.0.2.10")
        #expect(message.via[0].rport == nil)
    }

    @Test func ipv6ReceivedIsWrittenWithoutBrackets() throws {
        var message = try request(via: ["SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bKv6;rport"])
        message.stampReceived(from: try HostPort(parsing: "[2001:db8::9]:5062"))
        #expect(message.via[0].received == "2001:db8::9")
        #expect(message.via[0].rport == 5062)
        let reread = try Via(parsing: Substring(message.via[0].description))
        #expect(reread == message.via[0])
        #expect(reread.sentBy == HostPort(address: try #require(IPAddress("2001:db8::1")), port: 5060))
    }

    @Test func onlyTheTopViaIsStamped() throws {
        var message = try request(via: ["SIP/2.0/UDP 10.0.0.5;branch=z9hG4bKtop;rport",
                                        "SIP/2.0/UDP 10.0.0.6;branch=z9hG4bKlow;rport"])
        message.stampReceived(from: try HostPort(parsing: "198.51.100.7:40000"))
        #expect(message.via[0].rport == 40000)
        #expect(message.via[1].rport == 0)
        #expect(message.via[1].received == nil)
    }

    @Test func aSourceNameChangesNothing() throws {
        var message = try request(via: ["SIP/2.0/UDP 10.0.0.5;branch=z9hG4bKx;rport"])
        let before = message.via
        message.stampReceived(from: try HostPort(parsing: "proxy.example.com:5060"))
        #expect(message.via == before)
    }
}
