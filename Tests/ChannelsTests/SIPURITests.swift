@testable import Channels
import PBXCore
import Testing

@Suite("SIPURI")
struct SIPURITests {
    private func refusal(_ text: String) -> SIPParseError? {
        do throws(SIPParseError) {
            _ = try SIPURI(parsing: text)
            return nil
        } catch {
            return error
        }
    }

    @Test func everyPartIsTakenApartAndPrintedBack() throws {
        let text = "sip:alice:secretword@atlanta.com:5061;transport=tcp;lr?subject=project&priority=urgent"
        let uri = try SIPURI(parsing: text)
        #expect(uri.scheme == "sip")
        #expect(uri.isSIP)
        #expect(uri.user == "alice")
        #expect(uri.password == "secretword")
        #expect(uri.host == .name("atlanta.com"))
        #expect(uri.port == 5061)
        #expect(uri.parameters["transport"] == "tcp")
        #expect(uri.parameters.contains("lr"))
        #expect(uri.parameters["lr"] == nil)
        #expect(uri.headers == "subject=project&priority=urgent")
        #expect(uri.opaque == nil)
        #expect(uri.description == text)
    }

    @Test(arguments: [
        "sip:200@pbx.example.com",
        "sip:pbx.example.com:5080",
        "sips:bob@biloxi.com",
        "sips:bob@biloxi.com:5061;transport=tls",
        "sip:100@192.0.2.10:5060;user=phone",
        "sip:100@[2001:db8::1]:5060;transport=udp",
        "sip:[2001:db8::1]",
        "sip:+12015550123@gateway.example.com;user=phone?Subject=hi",
    ])
    func roundTrip(_ text: String) throws {
        let uri = try SIPURI(parsing: text)
        #expect(uri.description == text)
        #expect(try SIPURI(parsing: uri.description) == uri)
    }

    @Test func sipsSchemeIsKept() throws {
        let uri = try SIPURI(parsing: "SIPS:bob@Biloxi.COM")
        #expect(uri.scheme == "sips")
        #expect(uri.isSIP)
        // The host is a DNS name, compared without case; the user keeps its case.
        #expect(uri.host == .name("biloxi.com"))
        #expect(uri.description == "sips:bob@biloxi.com")
    }

    @Test func telURIIsKeptOpaque() throws {
        let text = "tel:+1-201-555-0123;phone-context=example.com"
        let uri = try SIPURI(parsing: text)
        #expect(uri.scheme == "tel")
        #expect(!uri.isSIP)
        #expect(uri.opaque == "+1-201-555-0123;phone-context=example.com")
        #expect(uri.user == nil)
        #expect(uri.parameters.items.isEmpty)
        #expect(uri.description == text)
    }

    @Test func ipv6HostIsReadFromBrackets() throws {
        let uri = try SIPURI(parsing: "sip:100@[2001:db8::1]:5062;transport=udp")
        #expect(uri.host == .address(try #require(IPAddress("2001:db8::1"))))
        #expect(uri.port == 5062)
        #expect(uri.parameters["transport"] == "udp")
        #expect(uri.hostPort == HostPort(address: try #require(IPAddress("2001:db8::1")), port: 5062))
    }

    @Test(arguments: ["sip:100@2001:db8::1", "sip:2001:db8::1", "sip:100@2001:db8::1;transport=udp"])
    func unbracketedIPv6IsRefused(_ text: String) throws {
        let error = try #require(refusal(text))
        #expect(error.reason.contains("without brackets"))
    }

    @Test func ipv6ZoneIsWrittenEscaped() throws {
        // fe80::1 on eth0.
        let linkLocal = IPAddress.v6(high: 0xFE80_0000_0000_0000, low: 1, scope: "eth0")
        let uri = SIPURI(user: "100", host: .address(linkLocal), port: 5060)
        #expect(uri.description == "sip:100@[fe80::1%25eth0]:5060")
        let reread = try SIPURI(parsing: uri.description)
        #expect(reread.host == .address(linkLocal))
        #expect(reread.port == 5060)
    }

    @Test func ipv4EmbeddedInIPv6WithThreeColonsIsReadAsTwo() throws {
        // RFC 5118 §4.10: "[2001:db8:::192.0.2.1]" means "[2001:db8::192.0.2.1]".
        let uri = try SIPURI(parsing: "sip:[2001:db8:::192.0.2.1]")
        #expect(uri.host == .address(try #require(IPAddress("2001:db8::c000:201"))))
    }

    @Test func builtFromAHostPort() throws {
        let hostPort = try HostPort(parsing: "[2001:db8::5]:5070")
        let uri = SIPURI(user: "200", hostPort: hostPort, parameters: SIPParameters([("transport", "udp")]))
        #expect(uri.description == "sip:200@[2001:db8::5]:5070;transport=udp")
        #expect(uri.password == nil)
        #expect(uri.headers == nil)
    }

    @Test(arguments: [
        ("pbx.example.com", "URI without scheme"),
        ("sip:@pbx.example.com", "empty user"),
        ("sip:", "bad URI"),
        ("sip:100@pbx example.com", "bad URI"),
        ("1sip:100@host", "bad URI scheme"),
        ("sip:100@host:99999", "bad host 'host:99999'"),
        ("sip:100@[2001:db8::1", "bad host"),
        ("sip:100@host;;lr", "empty parameter"),
    ])
    func malformedURIsAreRefusedWithAReason(_ text: String, _ fragment: String) throws {
        let error = try #require(refusal(text), "\(text) must be refused")
        #expect(error.reason.contains(fragment), "\(error.reason)")
    }
}
