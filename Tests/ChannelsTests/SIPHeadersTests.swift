@testable import Channels
import Testing

@Suite("SIPHeaders")
struct SIPHeadersTests {
    @Test(arguments: [
        ("v", "Via"), ("f", "From"), ("t", "To"), ("i", "Call-ID"), ("l", "Content-Length"), ("m", "Contact"),
        ("c", "Content-Type"), ("k", "Supported"), ("I", "Call-ID"), ("call-id", "Call-ID"), ("CSEQ", "CSeq"),
        ("www-authenticate", "WWW-Authenticate"), ("X-Custom", "X-Custom"),
    ])
    func namesAreStoredInTheirLongForm(_ written: String, _ stored: String) {
        var headers = SIPHeaders()
        headers.add(written, "value")
        #expect(headers.fields.map(\.name) == [stored])
        #expect(headers[stored] == "value")
        #expect(headers[written] == "value")
        #expect(headers[stored.uppercased()] == "value")
    }

    @Test func valuesKeepWireOrderAcrossSpellings() {
        let headers = SIPHeaders([("Via", "a"), ("Subject", "s"), ("v", "b"), ("VIA", "c")])
        #expect(headers.values("Via") == ["a", "b", "c"])
        #expect(headers.values("v") == ["a", "b", "c"])
        #expect(headers["Via"] == "a")
        #expect(headers.map(\.name) == ["Via", "Subject", "Via", "Via"])
    }

    @Test func setReplacesEverySpellingAndRemoveDropsThem() {
        var headers = SIPHeaders([("Contact", "<sip:a@x>"), ("m", "<sip:b@x>"), ("To", "<sip:t@x>")])
        headers.set("contact", "*")
        #expect(headers.values("Contact") == ["*"])
        #expect(headers.fields.map(\.name) == ["To", "Contact"])
        headers.remove("t")
        #expect(headers["To"] == nil)
        #expect(headers.fields.count == 1)
    }

    @Test func listValuesSplitAtTopLevelCommasOnly() {
        let headers = SIPHeaders([
            ("Contact", "\"Doe, John\" <sip:100@x;a=1,2>;expires=60, <sip:101@y>"),
            ("Contact", "sip:102@z"),
        ])
        #expect(headers.listValues("m") == ["\"Doe, John\" <sip:100@x;a=1,2>;expires=60", "<sip:101@y>", "sip:102@z"])
    }

    @Test func escapedQuoteInsideQuotesDoesNotEndThem() {
        let headers = SIPHeaders([("To", "\"a \\\", b\" <sip:1@x>, <sip:2@y>")])
        #expect(headers.listValues("To") == ["\"a \\\", b\" <sip:1@x>", "<sip:2@y>"])
    }
}
