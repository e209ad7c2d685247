@testable import Channels
import NIOCore
import PBXCore
import Testing

@Suite("SIPOutgoingMessage")
struct SIPOutgoingMessageTests {
    private let fromText = "\"Alice\" <sip:100@pbx.example.com>;tag=9fxced76sl"

    private func invite(to: String = "<sip:200@pbx.example.com>", via: [String]? = nil) throws -> SIPMessage {
        var lines = SIPWire.inviteLines(replacing: ["To": to])
        if let via {
            lines = SIPWire.inviteLines(replacing: ["To": to, "Via": nil])
            lines.insert(contentsOf: via.map { "Via: \($0)" }, at: 1)
        }
        return try SIPMessage(parsing: SIPWire.message(lines + ["Content-Length: 0"]))
    }

    /// The header lines of serialised bytes, without the start line.
    private func headerLines(_ text: String) -> [String] {
        let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
        return Array(head.components(separatedBy: "\r\n").dropFirst())
    }

    @Test func responseCopiesTheDialogHeadersAndStampedVias() throws {
        var request = try invite(via: ["SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKnat;rport",
                                       "SIP/2.0/UDP proxy.example.com;branch=z9hG4bKproxy"])
        request.stampReceived(from: try HostPort(parsing: "198.51.100.7:40000"))
        let response = SIPOutgoingMessage.response(to: request, status: 200, toTag: "srv1")
        #expect(response.statusCode == 200)
        #expect(response.method == nil)

        let lines = headerLines(response.text)
        #expect(lines == [
            "Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKnat;rport=40000;received=198.51.100.7",
            "Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bKproxy",
            "From: \(fromText)",
            "To: <sip:200@pbx.example.com>;tag=srv1",
            "Call-ID: 3848276298220188511@192.0.2.10",
            "CSeq: 1 INVITE",
            "Content-Length: 0",
        ])
        #expect(response.text.hasPrefix("SIP/2.0 200 OK\r\n"))

        let parsed = try SIPMessage(parsing: response.bytes)
        #expect(parsed.statusCode == 200)
        #expect(parsed.reasonPhrase == "OK")
        #expect(parsed.via.count == 2)
        #expect(parsed.via[0].received == "198.51.100.7")
        #expect(parsed.via[0].rport == 40000)
        #expect(parsed.from == request.from)
        #expect(parsed.to.tag == "srv1")
        #expect(parsed.to.uri == request.to.uri)
        #expect(parsed.callID == request.callID)
        #expect(parsed.cseq == request.cseq)
        #expect(parsed.body.isEmpty)
    }

    @Test func anExistingToTagIsKept() throws {
        let request = try invite(to: "<sip:200@pbx.example.com>;tag=dialog1")
        let response = SIPOutgoingMessage.response(to: request, status: 180, toTag: "other")
        let parsed = try SIPMessage(parsing: response.bytes)
        #expect(parsed.to.tag == "dialog1")
        #expect(headerLines(response.text).contains("To: <sip:200@pbx.example.com>;tag=dialog1"))
    }

    @Test func noToTagGivenLeavesToAsItCame() throws {
        let request = try invite(to: "\"Bob\" <sip:200@pbx.example.com>")
        let response = SIPOutgoingMessage.response(to: request, status: 100)
        #expect(headerLines(response.text).contains("To: \"Bob\" <sip:200@pbx.example.com>"))
        #expect(response.text.hasPrefix("SIP/2.0 100 Trying\r\n"))
        #expect(try SIPMessage(parsing: response.bytes).to.tag == nil)
    }

    @Test func ipv6ViaSurvivesTheRoundTrip() throws {
        var request = try invite(via: ["SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bKv6;rport"])
        request.stampReceived(from: try HostPort(parsing: "[2001:db8::9]:5062"))
        let response = SIPOutgoingMessage.response(to: request, status: 486, toTag: "t")
        #expect(headerLines(response.text).first == "Via: SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bKv6;rport=5062;received=2001:db8::9")
        #expect(response.text.hasPrefix("SIP/2.0 486 Busy Here\r\n"))
        let parsed = try SIPMessage(parsing: response.bytes)
        #expect(parsed.via[0].sentBy == HostPort(address: try #require(IPAddress("2001:db8::1")), port: 5060))
        #expect(parsed.via[0].received == "2001:db8::9")
    }

    @Test(arguments: ["Bad\r\nInjected: yes", "Bad\nInjected: yes", "Bad\rInjected: yes"])
    func reasonWithLineBreaksIsFlattened(_ reason: String) throws {
        let request = try invite()
        let response = SIPOutgoingMessage.response(to: request, status: 400, reason: reason)
        #expect(response.text.hasPrefix("SIP/2.0 400 Bad Injected: yes\r\nVia: "))
        let parsed = try SIPMessage(parsing: response.bytes)
        #expect(parsed.reasonPhrase == "Bad Injected: yes")
        #expect(parsed.headers["Injected"] == nil)
    }

    @Test func longReasonIsCut() throws {
        let response = SIPOutgoingMessage.response(to: try invite(), status: 400, reason: String(repeating: "x", count: 500))
        #expect(response.reasonPhraseLength == 100)
    }

    @Test func contentLengthAlwaysMatchesTheBody() throws {
        var headers = SIPHeaders()
        headers.add("Via", "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKout")
        headers.add("From", "<sip:pbx@192.0.2.1>;tag=p1")
        headers.add("To", "<sip:100@192.0.2.10>")
        headers.add("Call-ID", "out-1")
        headers.add("CSeq", "5 OPTIONS")
        headers.add("Content-Length", "999")
        headers.add("l", "7")
        headers.add("Content-Type", "text/plain")
        let uri = try SIPURI(parsing: "sip:100@192.0.2.10:5060")
        let message = SIPOutgoingMessage(startLine: .request(method: .options, uri: uri), headers: headers, body: Array("hey".utf8))
        #expect(message.method == .options)
        #expect(message.statusCode == nil)

        let lines = headerLines(message.text)
        #expect(lines.filter { $0.hasPrefix("Content-Length") } == ["Content-Length: 3"])
        #expect(message.text.hasPrefix("OPTIONS sip:100@192.0.2.10:5060 SIP/2.0\r\n"))
        #expect(message.text.hasSuffix("\r\n\r\nhey"))

        let parsed = try SIPMessage(parsing: message.bytes)
        #expect(parsed.method == .options)
        #expect(parsed.requestURI == uri)
        #expect(parsed.body == Array("hey".utf8))
        #expect(parsed.contentType == "text/plain")
        #expect(parsed.headers.values("Content-Length") == ["3"])
    }

    @Test func emptyBodyWritesZero() throws {
        var buffer = ByteBufferAllocator().buffer(capacity: 64)
        let message = SIPOutgoingMessage(startLine: .response(statusCode: 200, reason: "OK"))
        message.write(into: &buffer)
        #expect(String(buffer: buffer) == "SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n")
    }

    @Test(arguments: [(180, "Ringing"), (401, "Unauthorized"), (481, "Call/Transaction Does Not Exist"), (603, "Decline"), (299, "Unknown")])
    func standardReasonPhrases(_ status: Int, _ phrase: String) {
        #expect(SIPOutgoingMessage.reasonPhrase(for: status) == phrase)
    }
}

private extension SIPOutgoingMessage {
    var reasonPhraseLength: Int? {
        if case .response(_, let reason) = startLine { return reason.count }
        return nil
    }
}
