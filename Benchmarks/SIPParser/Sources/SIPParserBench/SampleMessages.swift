/// The messages the benchmark parses: what a desk phone or SIPp typically
/// sends, so the figures speak of real traffic rather than minimal input.
enum SampleMessages {
    /// An INVITE with ten header fields and a PCMU/telephone-event SDP offer.
    static let invite: [UInt8] = message(
        head: [
            "INVITE sip:1000@127.0.0.1:5060 SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-4711-1-0;rport",
            "Max-Forwards: 70",
            "From: \"Alice Example\" <sip:u0001@127.0.0.1:5070>;tag=4711SIPpTag001",
            "To: <sip:1000@127.0.0.1:5060>",
            "Call-ID: 1-4711@127.0.0.1",
            "CSeq: 1 INVITE",
            "Contact: <sip:u0001@127.0.0.1:5070;transport=udp>",
            "User-Agent: SIPp/3.6.1",
            "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS",
            "Subject: Performance Test",
            "Content-Type: application/sdp",
        ],
        body: [
            "v=0",
            "o=user1 53655765 2353687637 IN IP4 127.0.0.1",
            "s=-",
            "c=IN IP4 127.0.0.1",
            "t=0 0",
            "m=audio 6000 RTP/AVP 0 101",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:101 0-15",
            "a=ptime:20",
            "a=sendrecv",
        ]
    )

    /// A REGISTER answering a 401 challenge with an MD5 Authorization.
    static let register: [UInt8] = message(
        head: [
            "REGISTER sip:127.0.0.1:5060 SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-4711-2-7;rport",
            "Max-Forwards: 70",
            "From: <sip:u0001@127.0.0.1:5060>;tag=4711SIPpTag002",
            "To: <sip:u0001@127.0.0.1:5060>",
            "Call-ID: 2-4711@127.0.0.1",
            "CSeq: 2 REGISTER",
            "Contact: <sip:u0001@127.0.0.1:5070>;expires=3600",
            "Expires: 3600",
            "User-Agent: SIPp/3.6.1",
            "Authorization: Digest username=\"u0001\", realm=\"swiftpbx\", "
                + "nonce=\"6c1b0e2a9f6d4c3e8b7a1d2f3e4c5b6a\", uri=\"sip:127.0.0.1:5060\", "
                + "response=\"0f1e2d3c4b5a69788796a5b4c3d2e1f0\", algorithm=MD5, "
                + "cnonce=\"a1b2c3d4\", qop=auth, nc=00000001",
        ],
        body: []
    )

    private static func message(head: [String], body: [String]) -> [UInt8] {
        let bodyText = body.isEmpty ? "" : body.joined(separator: "\r\n") + "\r\n"
        let text = head.joined(separator: "\r\n") + "\r\nContent-Length: \(bodyText.utf8.count)\r\n\r\n" + bodyText
        return Array(text.utf8)
    }
}
