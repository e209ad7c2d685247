import Channels
import PBXCore
import Testing

/// RFC 5118 §4: IPv6 references in SIP and SDP. All valid but §4.2.
extension TortureExpectation {
    private static let registerCallID = "SSG9559905523997077@hlau_4100"

    static let rfc5118: [String: TortureExpectation] = [
        "rfc5118/valid/ipv6-good": .init("4.1", .accept(Facts(
            method: "REGISTER", requestAddress: "2001:db8::10", callID: registerCallID, viaCount: 1,
            viaLiterals: [ViaLiteral(index: 0, address: "2001:db8::9:1")], contentLength: 0,
            more: { message in
                #expect(message.requestURI?.user == nil)
                #expect(message.headers.values("Contact") == [#""Caller" <sip:caller@[2001:db8::1]>"#])
            }))),
        // sip:2001:db8::10 — an IPv6 address without its brackets. 400.
        "rfc5118/invalid/ipv6-bad": .init("4.2", .reject),
        // 5070 inside the brackets is the address's last group, not a port.
        "rfc5118/valid/port-ambiguous": .init("4.3", .accept(Facts(
            method: "REGISTER", requestAddress: "2001:db8::10:5070", requestPort: nil,
            callID: registerCallID, viaCount: 1,
            viaLiterals: [ViaLiteral(index: 0, address: "2001:db8::9:1")], contentLength: 0))),
        "rfc5118/valid/port-unambiguous": .init("4.4", .accept(Facts(
            method: "REGISTER", requestAddress: "2001:db8::10", requestPort: 5070,
            callID: registerCallID, viaCount: 1,
            viaLiterals: [ViaLiteral(index: 0, address: "2001:db8::9:1")], contentLength: 0))),
        // received with brackets: not in RFC 3261's grammar, accepted all the same.
        "rfc5118/valid/via-received-param-with-delim": .init("4.5", .accept(Facts(
            method: "BYE", requestAddress: "2001:db8::10", callID: registerCallID, viaCount: 1,
            viaLiterals: [ViaLiteral(index: 0, address: "2001:db8::9:1")], contentLength: 0,
            more: { message in
                #expect(message.via.first?.branch == "z9hG4bKas3-111")
                #expect(message.to.tag == "bd76ya")
            }))),
        "rfc5118/valid/via-received-param-no-delim": .init("4.5", .accept(Facts(
            method: "OPTIONS", requestAddress: "2001:db8::10", callID: "SSG95523997077@hlau_4100", viaCount: 1,
            viaLiterals: [ViaLiteral(index: 0, address: "2001:db8::9:1")], contentLength: 0,
            more: { message in
                #expect(message.via.first?.branch == "z9hG4bKas3")
            }))),
        // The RFC's Content-Length (268) exceeds the 251-octet CRLF body.
        "rfc5118/valid/ipv6-in-sdp": .init("4.6", .acceptOnceFramed(Facts(
            method: "INVITE", requestUser: "user", requestAddress: "2001:db8::10", callID: registerCallID, viaCount: 1,
            viaLiterals: [ViaLiteral(index: 0, address: "2001:db8::20")], contentLength: 251,
            more: { message in
                #expect(message.to.uri.host == host("2001:db8::10"))
                // SDP carries IPv6 addresses bare, never bracketed.
                let sdp = String(decoding: message.body, as: UTF8.self)
                #expect(sdp.contains("c=IN IP6 2001:db8::20\r\n"))
            }), stated: 268)),
        "rfc5118/valid/mult-ip-in-header": .init("4.7", .accept(Facts(
            method: "BYE", requestURI: "sip:user@host.example.net", callID: "997077@lau_4100", viaCount: 3,
            viaLiterals: [
                ViaLiteral(index: 0, address: "2001:db8::9:1", port: 6050),
                ViaLiteral(index: 1, address: "192.0.2.1"),
                ViaLiteral(index: 2, address: "2001:db8::9:255"),
            ], contentLength: 0,
            more: { message in
                #expect(message.via.map(\.transport) == ["UDP", "UDP", "TCP"])
                #expect(message.via.last?.branch == "z9hG4bK451jj")
            }))),
        // Content-Length 181 cuts the 189-octet CRLF body; the rest is outside the message.
        "rfc5118/valid/mult-ip-in-sdp": .init("4.8", .accept(Facts(
            method: "INVITE", requestUser: "user", requestAddress: "2001:db8::10", callID: registerCallID, viaCount: 1,
            viaLiterals: [ViaLiteral(index: 0, address: "2001:db8::9:1")], contentLength: 181))),
        // Content-Length 236 cuts the 245-octet CRLF body.
        "rfc5118/valid/ipv4-mapped-ipv6": .init("4.9", .accept(Facts(
            method: "INVITE", requestURI: "sip:user@example.com", callID: registerCallID, viaCount: 2,
            viaLiterals: [
                ViaLiteral(index: 0, address: "::ffff:192.0.2.10", port: 19823),
                ViaLiteral(index: 1, address: "::ffff:192.0.2.2"),
            ], contentLength: 236))),
        // RFC 3261's ABNF let three colons through; RFC 5118 says tolerate it
        // as the same address as the two-colon form.
        "rfc5118/valid/ipv6-bug-abnf-3-colons": .init("4.10", .accept(Facts(
            method: "OPTIONS", requestUser: "user", requestAddress: "2001:db8::192.0.2.1",
            callID: "G9559905523997077@hlau_4100", viaCount: 1, contentLength: 0,
            more: { message in
                #expect(message.to.uri.host == host("2001:db8::192.0.2.1"))
            }))),
        "rfc5118/valid/ipv6-correct-abnf-2-colons": .init("4.10", .accept(Facts(
            method: "OPTIONS", requestUser: "user", requestAddress: "2001:db8::192.0.2.1",
            callID: "G9559905523997077@hlau_4100", viaCount: 1, contentLength: 0,
            more: { message in
                #expect(message.to.uri.host == host("2001:db8::192.0.2.1"))
            }))),
    ]
}
