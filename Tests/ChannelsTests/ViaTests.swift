@testable import Channels
import PBXCore
import Testing

@Suite("Via")
struct ViaTests {
    private func refusal(_ text: String) -> SIPParseError? {
        do throws(SIPParseError) {
            _ = try Via(parsing: Substring(text))
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport",
        "SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK1;received=198.51.100.7;rport=5062",
        "SIP/2.0/TCP proxy.example.com:5070;branch=z9hG4bK2;maddr=192.0.2.1;ttl=1",
        "SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bK3;received=2001:db8::9;rport=5062",
        "SIP/2.0/TLS [2001:db8::1];branch=z9hG4bK4",
    ])
    func roundTrip(_ text: String) throws {
        let via = try Via(parsing: Substring(text))
        #expect(via.description == text)
        #expect(try Via(parsing: Substring(via.description)) == via)
    }

    @Test func rportWithoutValueIsAskedFor() throws {
        let via = try Via(parsing: "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKx;rport")
        #expect(via.rport == 0)
        #expect(via.received == nil)
        #expect(via.branch == "z9hG4bKx")
    }

    @Test func rportWithValueAndReceived() throws {
        let via = try Via(parsing: "SIP/2.0/UDP 10.0.0.5:5060;rport=40123;received=198.51.100.7;branch=z9hG4bKy")
        #expect(via.rport == 40123)
        #expect(via.received == "198.51.100.7")
        #expect(via.branch == "z9hG4bKy")
    }

    @Test func noRportIsNil() throws {
        let via = try Via(parsing: "SIP/2.0/UDP 10.0.0.5;branch=z9hG4bKz")
        #expect(via.rport == nil)
        #expect(via.sentBy.port == nil)
    }

    @Test func ipv6SentByIsBracketed() throws {
        let via = try Via(parsing: "SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bK6;received=2001:db8::9;rport=5062")
        #expect(via.sentBy == HostPort(address: try #require(IPAddress("2001:db8::1")), port: 5060))
        #expect(via.received == "2001:db8::9")
        #expect(via.rport == 5062)
    }

    @Test func whitespaceAroundSlashesAndColonIsAllowed() throws {
        let via = try Via(parsing: "SIP / 2.0 / udp 192.0.2.10 : 5060 ;branch=z9hG4bKws")
        #expect(via.transport == "UDP")
        #expect(via.sentBy == HostPort(address: try #require(IPAddress("192.0.2.10")), port: 5060))
        #expect(via.description == "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKws")
    }

    @Test func builtViaPrintsBranchAndRport() throws {
        let sentBy = try HostPort(parsing: "[2001:db8::1]:5060")
        let withRport = Via(transport: "UDP", sentBy: sentBy, branch: "z9hG4bKabc")
        #expect(withRport.description == "SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bKabc;rport")
        #expect(withRport.rport == 0)
        let without = Via(transport: "TCP", sentBy: sentBy, branch: "z9hG4bKdef", rport: false)
        #expect(without.description == "SIP/2.0/TCP [2001:db8::1]:5060;branch=z9hG4bKdef")
        #expect(without.rport == nil)
    }

    @Test(arguments: [
        ("SIP/2.0/UDP 2001:db8::1;branch=z9hG4bK1", "without brackets"),
        ("SIP/3.0/UDP 192.0.2.10", "bad Via protocol"),
        ("HTTP/2.0/UDP 192.0.2.10", "bad Via protocol"),
        ("SIP/2.0 192.0.2.10", "bad Via"),
        ("SIP/2.0/ 192.0.2.10", "bad Via host ''"),
        ("SIP/2.0/UDP 300.1.1.1:5060", "bad Via host '300.1.1.1:5060'"),
        ("SIP/2.0/UDP [2001:db8::1:5060", "bad Via host"),
        ("SIP/2.0/UDP 192.0.2.10;branch=a;;rport", "empty parameter"),
    ])
    func malformedViaIsRefused(_ text: String, _ fragment: String) throws {
        let error = try #require(refusal(text), "\(text) must be refused")
        #expect(error.reason.contains(fragment), "\(error.reason)")
    }
}
