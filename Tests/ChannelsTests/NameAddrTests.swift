@testable import Channels
import PBXCore
import Testing

@Suite("NameAddr")
struct NameAddrTests {
    private func refusal(_ text: String) -> SIPParseError? {
        do throws(SIPParseError) {
            _ = try NameAddr(parsing: Substring(text))
            return nil
        } catch {
            return error
        }
    }

    @Test func quotedDisplayNameURIAndTag() throws {
        let text = "\"Alice Liddell\" <sip:alice@atlanta.com>;tag=1928301774"
        let value = try NameAddr(parsing: Substring(text))
        #expect(value.displayName == "Alice Liddell")
        #expect(value.uri.user == "alice")
        #expect(value.uri.host == .name("atlanta.com"))
        #expect(value.tag == "1928301774")
        #expect(value.description == text)
    }

    @Test func unquotedDisplayNameIsPrintedQuoted() throws {
        let value = try NameAddr(parsing: "Bob   <sip:bob@biloxi.com>")
        #expect(value.displayName == "Bob")
        #expect(value.description == "\"Bob\" <sip:bob@biloxi.com>")
    }

    @Test func addrSpecParametersBelongToTheHeader() throws {
        let value = try NameAddr(parsing: "sip:carol@chicago.com;tag=887s")
        #expect(value.displayName == nil)
        #expect(value.uri.parameters.items.isEmpty)
        #expect(value.tag == "887s")
        #expect(value.description == "<sip:carol@chicago.com>;tag=887s")
    }

    @Test func uriParametersStayInsideTheBrackets() throws {
        let value = try NameAddr(parsing: "<sip:100@192.0.2.10:5060;transport=udp>;expires=60;+sip.instance=\"<urn:uuid:1>\"")
        #expect(value.uri.parameters["transport"] == "udp")
        #expect(value.parameters["transport"] == nil)
        #expect(value.parameters["expires"] == "60")
        #expect(value.parameters["+sip.instance"] == "\"<urn:uuid:1>\"")
        #expect(value.description == "<sip:100@192.0.2.10:5060;transport=udp>;expires=60;+sip.instance=\"<urn:uuid:1>\"")
    }

    @Test func ipv6ContactRoundTrip() throws {
        let text = "\"Desk\" <sip:100@[2001:db8::1]:5062;transport=udp>;expires=3600"
        let value = try NameAddr(parsing: Substring(text))
        #expect(value.uri.host == .address(try #require(IPAddress("2001:db8::1"))))
        #expect(value.uri.port == 5062)
        #expect(value.description == text)
        #expect(try NameAddr(parsing: Substring(value.description)) == value)
    }

    @Test func tagCanBeAddedAndReplaced() throws {
        var value = try NameAddr(parsing: "<sip:200@pbx.example.com>;lr")
        #expect(value.tag == nil)
        value.tag = "abc"
        #expect(value.description == "<sip:200@pbx.example.com>;lr;tag=abc")
        value.tag = "def"
        #expect(value.description == "<sip:200@pbx.example.com>;lr;tag=def")
        #expect(value.parameters.items.count == 2)
    }

    @Test func emptyDisplayNameBeforeBracketsIsNone() throws {
        let value = try NameAddr(parsing: "  <sip:200@pbx.example.com>  ")
        #expect(value.displayName == nil)
        #expect(value.description == "<sip:200@pbx.example.com>")
    }

    @Test(arguments: [
        ("\"Alice <sip:alice@atlanta.com>", "bad display name"),
        ("<sip:alice@atlanta.com", "unclosed '<'"),
        ("<sip:alice@atlanta.com> junk", "junk after '>'"),
        ("<sip:alice@2001:db8::1>", "without brackets"),
        ("<alice@atlanta.com>", "URI without scheme"),
    ])
    func malformedValuesAreRefused(_ text: String, _ fragment: String) throws {
        let error = try #require(refusal(text), "\(text) must be refused")
        #expect(error.reason.contains(fragment), "\(error.reason)")
    }
}
