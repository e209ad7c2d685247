/// Builds wire bytes for SIP and SDP fixtures from readable lines, so each
/// test shows its message as it would appear on the network.
enum SIPWire {
    /// The lines joined with CRLF, the empty line that ends the headers, then the body.
    static func message(_ headerLines: [String], body: String = "") -> [UInt8] {
        Array((headerLines.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8)
    }

    /// The same with bare LF line ends, which receivers tolerate.
    static func messageWithLF(_ headerLines: [String], body: String = "") -> [UInt8] {
        Array((headerLines.joined(separator: "\n") + "\n\n" + body).utf8)
    }

    /// SDP lines, each ended with CRLF.
    static func sdp(_ lines: [String]) -> [UInt8] {
        Array(lines.map { $0 + "\r\n" }.joined().utf8)
    }

    /// A minimal valid INVITE header block; `replacing` swaps or drops
    /// (value nil) a header by its name as written here.
    static func inviteLines(replacing changes: [String: String?] = [:]) -> [String] {
        let standard: [(String, String)] = [
            ("Via", "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK74bf9;rport"),
            ("Max-Forwards", "70"),
            ("From", "\"Alice\" <sip:100@pbx.example.com>;tag=9fxced76sl"),
            ("To", "<sip:200@pbx.example.com>"),
            ("Call-ID", "3848276298220188511@192.0.2.10"),
            ("CSeq", "1 INVITE"),
            ("Contact", "<sip:100@192.0.2.10:5060>"),
        ]
        var lines = ["INVITE sip:200@pbx.example.com SIP/2.0"]
        for (name, value) in standard {
            if let change = changes[name] {
                if let replacement = change { lines.append("\(name): \(replacement)") }
            } else {
                lines.append("\(name): \(value)")
            }
        }
        return lines
    }
}
