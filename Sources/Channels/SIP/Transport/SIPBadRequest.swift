import NIOCore

/// Builds a 400 for a request the parser refused, from whatever of its Via,
/// From, To, Call-ID and CSeq lines can be found as text (RFC 3261 §8.2.6
/// needs them to route the response). Nil when the bytes are no request.
enum SIPBadRequest {
    static func response(for buffer: ByteBuffer, reason: String) -> String? {
        let text = String(decoding: buffer.readableBytesView, as: UTF8.self)
        // "\r\n" is one Character in Swift, so split on any newline.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        guard let first = lines.first, first.hasSuffix("SIP/2.0"), !first.hasPrefix("SIP/"),
              !first.hasPrefix("ACK ") else { return nil }
        var copied: [String: [Substring]] = [:]
        let wanted: [String: String] = ["via": "Via", "v": "Via", "from": "From", "f": "From", "to": "To", "t": "To",
                                        "call-id": "Call-ID", "i": "Call-ID", "cseq": "CSeq"]
        for line in lines.dropFirst() {
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmedWhitespace.lowercased()
            if let canonical = wanted[name] {
                copied[canonical, default: []].append(line[line.index(after: colon)...].trimmedWhitespace)
            }
        }
        guard copied["Via"] != nil, copied["From"] != nil, copied["To"] != nil, copied["Call-ID"] != nil, copied["CSeq"] != nil else {
            return nil
        }
        let safeReason = String(reason.prefix(80).map { $0.isNewline ? " " : $0 })
        var out = "SIP/2.0 400 Bad Request - \(safeReason)\r\n"
        for name in ["Via", "From", "To", "Call-ID", "CSeq"] {
            for value in copied[name] ?? [] { out += "\(name): \(value)\r\n" }
        }
        out += "Content-Length: 0\r\n\r\n"
        return out
    }
}
