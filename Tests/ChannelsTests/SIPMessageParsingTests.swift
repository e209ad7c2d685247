@testable import Channels
import PBXCore
import Testing

@Suite("SIPMessage(parsing:)")
struct SIPMessageParsingTests {
    /// The reason a parse was refused, or nil when it was accepted.
    private func refusal(_ bytes: [UInt8]) -> SIPParseError? {
        do throws(SIPParseError) {
            _ = try SIPMessage(parsing: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func requestWithCompactHeaders() throws {
        let bytes = SIPWire.message([
            "INVITE sip:200@pbx.example.com SIP/2.0",
            "v: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport",
            "f: \"Alice\" <sip:100@pbx.example.com>;tag=1928301774",
            "t: <sip:200@pbx.example.com>",
            "i: a84b4c76e66710@192.0.2.10",
            "CSeq: 314159 INVITE",
            "m: <sip:100@192.0.2.10:5062>",
            "Max-Forwards: 70",
            "c: application/sdp",
            "l: 4",
        ], body: "v=0\r\n")
        let message = try SIPMessage(parsing: bytes)

        #expect(message.isRequest)
        #expect(message.method == .invite)
        let uri = try #require(message.requestURI)
        #expect(uri.user == "200")
        #expect(uri.host == .name("pbx.example.com"))
        #expect(message.via.count == 1)
        #expect(message.via[0].sentBy == HostPort(address: try #require(IPAddress("192.0.2.10")), port: 5060))
        #expect(message.branch == "z9hG4bK776asdhds")
        #expect(message.via[0].rport == 0)
        #expect(message.from.displayName == "Alice")
        #expect(message.from.tag == "1928301774")
        #expect(message.to.uri.user == "200")
        #expect(message.to.tag == nil)
        #expect(message.callID == "a84b4c76e66710@192.0.2.10")
        #expect(message.cseq == CSeq(number: 314159, method: .invite))
        #expect(message.contacts.map(\.uri.port) == [5062])
        #expect(message.maxForwards == 70)
        // Compact names are stored long, so either spelling finds them.
        #expect(message.contentType == "application/sdp")
        #expect(message.headers["Call-ID"] == "a84b4c76e66710@192.0.2.10")
        #expect(message.headers["i"] == "a84b4c76e66710@192.0.2.10")
        #expect(message.headers.fields.map(\.name).contains("Content-Length"))
        // l: 4 takes "v=0\r" of the five bytes that came.
        #expect(message.body == Array("v=0\r".utf8))
    }

    @Test func responseWithCompactHeaders() throws {
        let bytes = SIPWire.message([
            "SIP/2.0 180 Ringing",
            "v: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;received=198.51.100.7;rport=5062",
            "f: <sip:100@pbx.example.com>;tag=1928301774",
            "t: <sip:200@pbx.example.com>;tag=a6c85cf",
            "i: a84b4c76e66710@192.0.2.10",
            "CSeq: 314159 INVITE",
            "l: 0",
        ])
        let message = try SIPMessage(parsing: bytes)

        #expect(!message.isRequest)
        #expect(message.method == nil)
        #expect(message.requestURI == nil)
        #expect(message.statusCode == 180)
        #expect(message.reasonPhrase == "Ringing")
        #expect(message.via[0].received == "198.51.100.7")
        #expect(message.via[0].rport == 5062)
        #expect(message.to.tag == "a6c85cf")
        #expect(message.cseq.method == .invite)
        #expect(message.body.isEmpty)
    }

    @Test func reasonPhraseKeepsItsSpaces() throws {
        var lines = SIPWire.inviteLines()
        lines[0] = "SIP/2.0 486 Busy  Here Now"
        let message = try SIPMessage(parsing: SIPWire.message(lines))
        #expect(message.statusCode == 486)
        #expect(message.reasonPhrase == "Busy  Here Now")
    }

    @Test func viaListsInOneHeaderAndAcrossHeaders() throws {
        let bytes = SIPWire.message([
            "OPTIONS sip:pbx.example.com SIP/2.0",
            "Via: SIP/2.0/UDP proxy1.example.com;branch=z9hG4bKa, SIP/2.0/TCP proxy2.example.com:5070;branch=z9hG4bKb",
            "Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKc",
            "From: <sip:100@pbx.example.com>;tag=1",
            "To: <sip:pbx.example.com>",
            "Call-ID: via-list",
            "CSeq: 7 OPTIONS",
            "Content-Length: 0",
        ])
        let message = try SIPMessage(parsing: bytes)

        #expect(message.via.map(\.branch) == ["z9hG4bKa", "z9hG4bKb", "z9hG4bKc"])
        #expect(message.via.map(\.transport) == ["UDP", "TCP", "UDP"])
        #expect(message.via.map(\.sentBy.port) == [nil, 5070, nil])
        #expect(message.via[1].sentBy.host == .name("proxy2.example.com"))
        #expect(message.branch == "z9hG4bKa")
        #expect(message.headers.values("Via").count == 2)
        #expect(message.headers.listValues("Via").count == 3)
    }

    @Test func foldedHeaderLinesAreJoined() throws {
        let bytes = SIPWire.message([
            "OPTIONS sip:pbx.example.com SIP/2.0",
            "Via: SIP/2.0/UDP 192.0.2.10:5060",
            "  ;branch=z9hG4bKfolded",
            "From: <sip:100@pbx.example.com>",
            "\t;tag=folded-tag",
            "To: <sip:pbx.example.com>",
            "Call-ID: fold",
            "CSeq: 1 OPTIONS",
            "Subject: I know you're there,",
            "     pick up the phone",
            "Content-Length: 0",
        ])
        let message = try SIPMessage(parsing: bytes)

        #expect(message.branch == "z9hG4bKfolded")
        #expect(message.via[0].sentBy.port == 5060)
        #expect(message.from.tag == "folded-tag")
        #expect(message.headers["Subject"] == "I know you're there, pick up the phone")
    }

    @Test func bracketedIPv6InURIsAndVia() throws {
        let bytes = SIPWire.message([
            "REGISTER sip:[2001:db8::10] SIP/2.0",
            "Via: SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bK6a;received=2001:db8::9;rport=5062",
            "From: <sip:100@[2001:db8::10]>;tag=v6",
            "To: <sip:100@[2001:db8::10]>",
            "Call-ID: v6reg@2001:db8::1",
            "CSeq: 2 REGISTER",
            "Contact: <sip:100@[2001:db8::1]:5060;transport=udp>",
            "Expires: 3600",
            "Content-Length: 0",
        ])
        let message = try SIPMessage(parsing: bytes)
        let server = try #require(IPAddress("2001:db8::10"))
        let client = try #require(IPAddress("2001:db8::1"))

        #expect(message.requestURI?.host == .address(server))
        #expect(message.requestURI?.port == nil)
        #expect(message.via[0].sentBy == HostPort(address: client, port: 5060))
        #expect(message.via[0].received == "2001:db8::9")
        #expect(message.via[0].rport == 5062)
        #expect(message.from.uri.host == .address(server))
        #expect(message.callID == "v6reg@2001:db8::1")
        let contact = try #require(message.contacts.first)
        #expect(contact.uri.host == .address(client))
        #expect(contact.uri.port == 5060)
        #expect(contact.uri.parameters["transport"] == "udp")
        #expect(message.expires == 3600)
    }

    @Test(arguments: ["Via", "From", "To", "Call-ID", "CSeq"])
    func missingMandatoryHeaderIsNamed(_ name: String) throws {
        let bytes = SIPWire.message(SIPWire.inviteLines(replacing: [name: nil]) + ["Content-Length: 0"])
        let error = try #require(refusal(bytes))
        #expect(error.reason == "missing \(name)")
        #expect(error.description == error.reason)
    }

    @Test func contentLengthLargerThanTheBytesIsRefused() throws {
        let bytes = SIPWire.message(SIPWire.inviteLines() + ["Content-Length: 10"], body: "v=0\r\n")
        let error = try #require(refusal(bytes))
        #expect(error.reason.contains("Content-Length 10"))
        #expect(error.reason.contains("5 bytes"))
    }

    @Test func contentLengthSmallerThanTheBytesCutsTheBody() throws {
        let bytes = SIPWire.message(SIPWire.inviteLines() + ["Content-Length: 3"], body: "v=0\r\nnext message")
        let message = try SIPMessage(parsing: bytes)
        #expect(message.body == Array("v=0".utf8))
    }

    @Test func withoutContentLengthTheBodyIsTheRest() throws {
        let bytes = SIPWire.message(SIPWire.inviteLines(), body: "v=0\r\ns=-\r\n")
        let message = try SIPMessage(parsing: bytes)
        #expect(message.body == Array("v=0\r\ns=-\r\n".utf8))
    }

    @Test func conflictingContentLengthsAreRefused() throws {
        let bytes = SIPWire.message(SIPWire.inviteLines() + ["Content-Length: 0", "l: 2"], body: "ab")
        #expect(refusal(bytes)?.reason == "conflicting Content-Length")
    }

    @Test func cseqMethodMustMatchTheRequest() throws {
        let bytes = SIPWire.message(SIPWire.inviteLines(replacing: ["CSeq": "1 BYE"]) + ["Content-Length: 0"])
        let error = try #require(refusal(bytes))
        #expect(error.reason.contains("CSeq method BYE"))
        #expect(error.reason.contains("INVITE"))
    }

    @Test func responseCSeqNamesTheRequestMethod() throws {
        var lines = SIPWire.inviteLines(replacing: ["CSeq": "2 BYE"])
        lines[0] = "SIP/2.0 200 OK"
        let message = try SIPMessage(parsing: SIPWire.message(lines))
        #expect(message.cseq == CSeq(number: 2, method: .bye))
    }

    @Test func leadingKeepAliveBytesAreSkipped() throws {
        let bytes = Array("\r\n\r\n".utf8) + SIPWire.message(SIPWire.inviteLines() + ["Content-Length: 0"])
        let message = try SIPMessage(parsing: bytes)
        #expect(message.method == .invite)
        #expect(message.callID == "3848276298220188511@192.0.2.10")
        #expect(message.body.isEmpty)
    }

    @Test func bareLFLineEndsAreTolerated() throws {
        let bytes = SIPWire.messageWithLF(SIPWire.inviteLines() + ["Content-Length: 4"], body: "v=0\n")
        let message = try SIPMessage(parsing: bytes)
        #expect(message.method == .invite)
        #expect(message.via[0].branch == "z9hG4bK74bf9")
        #expect(message.from.tag == "9fxced76sl")
        #expect(message.cseq == CSeq(number: 1, method: .invite))
        #expect(message.body == Array("v=0\n".utf8))
        // No header value keeps a stray CR.
        #expect(message.headers.fields.allSatisfy { !$0.value.contains("\r") })
    }

    @Test func wildcardContactAndExpires() throws {
        var lines = SIPWire.inviteLines(replacing: ["Contact": "*", "CSeq": "3 REGISTER"])
        lines[0] = "REGISTER sip:pbx.example.com SIP/2.0"
        let bytes = SIPWire.message(lines + ["Expires: 0", "Content-Length: 0"])
        let message = try SIPMessage(parsing: bytes)
        #expect(message.contactIsWildcard)
        #expect(message.contacts.isEmpty)
        #expect(message.expires == 0)
    }

    @Test func severalContactsInOneHeader() throws {
        let contacts = "\"A, B\" <sip:100@192.0.2.10>;expires=60, <sip:100@[2001:db8::1]:5062>"
        let bytes = SIPWire.message(SIPWire.inviteLines(replacing: ["Contact": contacts]))
        let message = try SIPMessage(parsing: bytes)
        #expect(message.contacts.count == 2)
        #expect(message.contacts[0].displayName == "A, B")
        #expect(message.contacts[0].parameters["expires"] == "60")
        #expect(message.contacts[1].uri.port == 5062)
    }

    @Test(arguments: [
        ("Max-Forwards", "300", "bad Max-Forwards '300'"),
        ("Max-Forwards", "many", "bad Max-Forwards 'many'"),
        ("CSeq", "one INVITE", "bad CSeq 'one INVITE'"),
        ("CSeq", "1", "bad CSeq '1'"),
        ("Call-ID", "has space", "bad Call-ID 'has space'"),
    ])
    func badHeaderValueIsNamed(_ name: String, _ value: String, _ reason: String) throws {
        let bytes = SIPWire.message(SIPWire.inviteLines(replacing: [name: value]))
        #expect(refusal(bytes)?.reason == reason)
    }

    @Test func badStartLinesAreRefused() throws {
        var lines = SIPWire.inviteLines()
        lines[0] = "INVITE sip:200@pbx.example.com SIP/3.0"
        #expect(refusal(SIPWire.message(lines))?.reason == "unsupported version 'SIP/3.0'")
        lines[0] = "SIP/2.0 99 Too Low"
        #expect(refusal(SIPWire.message(lines))?.reason == "bad status code '99'")
        lines[0] = "INVITE"
        #expect(refusal(SIPWire.message(lines))?.reason == "bad start line 'INVITE'")
        lines[0] = "INV@TE sip:200@pbx.example.com SIP/2.0"
        #expect(refusal(SIPWire.message(lines))?.reason == "bad method 'INV@TE'")
    }

    @Test func headerWithoutColonAndUnterminatedHeadAreRefused() throws {
        let noColon = SIPWire.message(SIPWire.inviteLines() + ["NoColonHere"])
        #expect(refusal(noColon)?.reason == "header without ':' 'NoColonHere'")
        let unterminated = Array(SIPWire.inviteLines().joined(separator: "\r\n").utf8)
        #expect(refusal(unterminated)?.reason == "no end of headers")
    }

    @Test func duplicateSingletonHeadersAreRefused() throws {
        let bytes = SIPWire.message(SIPWire.inviteLines() + ["t: <sip:300@pbx.example.com>"])
        #expect(refusal(bytes)?.reason == "more than one To")
    }
}
