extension SIPpScenario {
    /// A response to the last request received: its Via, From, To (with
    /// `;tag=[pid]callee[call_number]` when `tagged`), Call-ID and CSeq,
    /// then `headers` and, with `sdpMedia`, an SDP answer from
    /// `[media_ip]` whose media lines are `sdpMedia`.
    static func reply(_ statusLine: String, tagged: Bool = true, cseq: String = "[last_CSeq:]", headers: [String] = [],
                      sdpMedia: String? = nil, retransmit: Bool = false) -> String {
        var lines = [statusLine, "[last_Via:]", "[last_From:]", tagged ? "[last_To:];tag=[pid]callee[call_number]" : "[last_To:]",
                     "[last_Call-ID:]", cseq] + headers
        if let sdpMedia {
            lines += ["Content-Type: application/sdp", "Content-Length: [len]", "", "v=0",
                      "o=callee 1 1 IN IP[local_ip_type] [local_ip]", "s=-", "c=IN IP[media_ip_type] [media_ip]", "t=0 0", sdpMedia]
        } else {
            lines.append("Content-Length: 0")
        }
        return "<send\(retransmit ? " retrans=\"500\"" : "")><![CDATA[\n" + lines.map { "    " + $0 }.joined(separator: "\n") + "\n  ]]></send>"
    }
}
