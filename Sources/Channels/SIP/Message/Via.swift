import PBXCore

/// One Via entry: `SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bK...;rport`.
public struct Via: Sendable, Hashable, CustomStringConvertible {
    public var transport: String
    public var sentBy: HostPort
    public var parameters: SIPParameters

    public init(transport: String, sentBy: HostPort, branch: String, rport: Bool = true) {
        self.transport = transport
        self.sentBy = sentBy
        var parameters = SIPParameters([("branch", branch)])
        if rport { parameters.items.append(("rport", nil)) }
        self.parameters = parameters
    }

    public init(parsing text: Substring) throws(SIPParseError) {
        self = try text.withSIPBytes { bytes throws(SIPParseError) in try Via(bytes: bytes) }
    }

    init(bytes text: SIPBytes) throws(SIPParseError) {
        // "SIP / 2.0 / UDP" may carry whitespace around the slashes.
        let base = text.base
        var index = text.startIndex
        func skipWhitespace() {
            while index < text.endIndex, base[index] == 0x20 || base[index] == 0x09 { index += 1 }
        }
        func token() -> SIPBytes {
            skipWhitespace()
            let start = index
            while index < text.endIndex, SIPToken.isTokenOctet(base[index]) { index += 1 }
            let word = text[start..<index]
            skipWhitespace()
            return word
        }
        func slash() throws(SIPParseError) {
            guard index < text.endIndex, base[index] == 0x2F else { throw SIPParseError("bad Via '\(text.text)'") }
            index += 1
        }
        let name = token()
        try slash()
        let version = token()
        try slash()
        let transportName = token()
        guard name.caseInsensitiveEquals("sip"), version.equals("2.0"), !transportName.isEmpty else {
            throw SIPParseError("bad Via protocol '\(text.text)'")
        }
        transport = Via.transportName(transportName)
        let rest = text[index...].trimmedWhitespace
        var searchFrom = rest.startIndex
        if rest.first == 0x5B, let close = rest.firstIndex(of: 0x5D, from: rest.startIndex) { searchFrom = close }
        let hostEnd = rest.firstIndex(of: 0x3B, from: searchFrom) ?? rest.endIndex
        sentBy = try Via.sentBy(rest[..<hostEnd])
        parameters = hostEnd < rest.endIndex ? try SIPParameters.parse(rest[(hostEnd + 1)...]) : SIPParameters()
    }

    private static func sentBy(_ text: SIPBytes) throws(SIPParseError) -> HostPort {
        if let hostPort = HostPort(dottedQuad: text) { return hostPort }
        let hostText: String
        // RFC 3261 allows LWS around ':' in sent-by.
        if text.contains(byte: 0x20) || text.contains(byte: 0x09) {
            let squeezed = text.filter { $0 != 0x20 && $0 != 0x09 }
            hostText = try squeezed.withUnsafeBufferPointer { buffer throws(SIPParseError) in try SIPURI.sipHostText(buffer[...]) }
        } else {
            hostText = try SIPURI.sipHostText(text)
        }
        do {
            return try HostPort(parsing: hostText)
        } catch {
            throw SIPParseError("bad Via host '\(hostText)': \(error.reason)")
        }
    }

    /// The transport in capitals, without building a string for the usual ones.
    private static func transportName(_ bytes: SIPBytes) -> String {
        if bytes.caseInsensitiveEquals("udp") { return "UDP" }
        if bytes.caseInsensitiveEquals("tcp") { return "TCP" }
        if bytes.caseInsensitiveEquals("tls") { return "TLS" }
        return bytes.text.uppercased()
    }

    public var branch: String? { parameters["branch"] }
    public var received: String? { parameters["received"] }
    /// `rport` present: nil if absent, 0 if requested without a value.
    public var rport: Int? {
        guard parameters.contains("rport") else { return nil }
        return parameters["rport"].flatMap { Int($0) } ?? 0
    }

    public var description: String {
        "SIP/2.0/\(transport) \(sentBy.uriHostPort)\(parameters.text)"
    }
}
