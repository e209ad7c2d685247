import Channels
import PBXCore
import Testing

/// RFC 4475 §3.1.2: messages an element must refuse. Where the RFC lets an
/// element be liberal, or wants an answer only the layer above can give
/// (505, 501), a parse is allowed if it reads the message the way the RFC
/// permits and leaves the defect in view.
extension TortureExpectation {
    static let rfc4475Invalid: [String: TortureExpectation] = [
        // Empty Via and Contact parameters: no reading is right. 400.
        "rfc4475/invalid/badinv01": .init("3.1.2.1", .reject),
        // Content-Length 9999 with a 154-octet body in one datagram. 400.
        "rfc4475/invalid/clerr": .init("3.1.2.2", .reject),
        // Content-Length -999. 400.
        "rfc4475/invalid/ncl": .init("3.1.2.3", .reject),
        // CSeq above 2^32-1 (Max-Forwards 300, huge Expires as well). 400.
        "rfc4475/invalid/scalar02": .init("3.1.2.4", .reject),
        // A response with CSeq above 2^32-1: discarded.
        "rfc4475/invalid/scalarlg": .init("3.1.2.5", .reject),
        // Unterminated quote in To; a liberal element must still find the right URI.
        "rfc4475/invalid/quotbal": .init("3.1.2.6", .rejectOrFlag { message in
            #expect(message.to.uri.user == "j.user")
            #expect(message.to.uri.host == .name("example.com"))
        }),
        // Request-URI in <>; a liberal element drops the brackets.
        "rfc4475/invalid/ltgtruri": .init("3.1.2.7", .rejectOrFlag { message in
            #expect(message.requestURI?.description == "sip:user@example.com")
        }),
        // LWS inside the Request-URI; ignoring it must leave the lr parameter.
        "rfc4475/invalid/lwsruri": .init("3.1.2.8", .rejectOrFlag { message in
            #expect(message.requestURI?.description == "sip:user@example.com;lr")
        }),
        // Two SPs between Request-Line elements; liberal reading allowed.
        "rfc4475/invalid/lwsstart": .init("3.1.2.9", .rejectOrFlag { message in
            #expect(message.method == .invite)
            #expect(message.requestURI?.description == "sip:user@example.com")
        }),
        // Two SPs after SIP/2.0; liberal reading allowed.
        "rfc4475/invalid/trws": .init("3.1.2.10", .rejectOrFlag { message in
            #expect(message.method == .options)
            #expect(message.requestURI?.description == "sip:remote-target@example.com")
        }),
        // Escaped headers in the Request-URI: may be ignored, never applied.
        "rfc4475/invalid/escruri": .init("3.1.2.11", .rejectOrFlag { message in
            #expect(message.headers.values("Route").isEmpty)
            #expect(message.requestURI?.description.hasSuffix("?Route=%3Csip:example.com%3E") == true)
        }),
        // Date in EST: may be ignored or converted, so it must arrive as sent.
        "rfc4475/invalid/baddate": .init("3.1.2.12", .rejectOrFlag { message in
            #expect(message.headers.values("Date") == ["Fri, 01 Jan 2010 16:00:00 EST"])
        }),
        // Contact addr-spec with ?headers outside <>: brackets may be inferred;
        // the escaped Route must not become a header.
        "rfc4475/invalid/regbadct": .init("3.1.2.13", .rejectOrFlag { message in
            #expect(message.headers.values("Route").isEmpty)
            #expect(message.headers.values("Contact") == ["sip:user@example.com?Route=%3Csip:sip.example.com%3E"])
        }),
        // Spaces inside < sip:... >: parsers must not break; spaces may be ignored.
        "rfc4475/invalid/badaspec": .init("3.1.2.14", .rejectOrFlag { message in
            #expect(message.to.uri.user == "t.watson")
            #expect(message.to.uri.host == .name("example.org"))
        }),
        // Unquoted display names with ','. The archive copy also ends without the
        // empty line that closes the header section, so these octets are incomplete.
        "rfc4475/invalid/baddn": .init("3.1.2.15", .reject),
        // SIP/7.0: the RFC wants 505; a 2.0 parser cannot take it as a 2.0 request.
        "rfc4475/invalid/badvers": .init("3.1.2.16", .reject),
        // OPTIONS with CSeq INVITE: 400 from whoever sees the mismatch.
        "rfc4475/invalid/mismatch01": .init("3.1.2.17", .rejectOrFlag { message in
            #expect(message.method == .options)
            #expect(message.cseq.method == .invite)
        }),
        // Unknown NEWMETHOD with CSeq INVITE: 501 preferred, 400 allowed.
        "rfc4475/invalid/mismatch02": .init("3.1.2.18", .rejectOrFlag { message in
            #expect(message.method?.rawValue == "NEWMETHOD")
            #expect(message.cseq.method == .invite)
        }),
        // Status code 4294967301: dropped.
        "rfc4475/invalid/bigcode": .init("3.1.2.19", .reject),
    ]

    /// RFC 4475 §3.1.2.15 with the header section closed: a liberal element may
    /// infer the missing quotes, but must then read the right URIs and tags.
    static let baddnClosedCheck: @Sendable (SIPMessage) -> Void = { message in
        #expect(message.from.uri.user == "a.g.bell")
        #expect(message.from.tag == "43")
        #expect(message.to.uri.user == "t.watson")
        #expect(message.to.uri.host == .name("example.org"))
    }
}
