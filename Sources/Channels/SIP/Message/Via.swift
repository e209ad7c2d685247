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
        var protocolParts: (SIPBytes, SIPBytes, SIPBytes) = (text[index..<index], text[index..<index], text[index..<index])
        for partIndex in 0..<3 {
            while index < text.endIndex, base[index] == 0x20 || base[index] == 0x09 { index += 1 }
            let start = index
            while index < text.endIndex, SIPToken.isTokenOctet(base[index]) { index += 1 }
            switch partIndex {
            case 0: protocolParts.0 = text[start..<index]
            case 1: protocolParts.1 = text[start..<index]
            default: protocolParts.2 = text[start..<index]
            }
            while index < text.endIndex, base[index] == 0x20 || base[index] == 0x09 { index += 1 }
            if partIndex < 2 {
                guard index < text.endIndex, base[index] == 0x2F else { throw SIPParseError("bad Via '\(text.text)'") }
                index += 1
            }
        }
        guard protocolParts.0.caseInsensitiveEquals("sip"), protocolParts.1.equals("2.0"), !protocolParts.2.isEmpty else {
            throw SIPParseError("bad Via protocol '\(text.text)'")
        }
        transport = Via.transportName(protocolParts.2)
        let rest = text[index...].trimmedWhitespace
        var searchFrom = rest.startIndex
        if rest.first == 0x5B, let close = rest.firstIndex(of: 0x5D, from: rest.startIndex) { searchFrom = close }
        let hostEnd = rest.firstIndex(of: 0x3B, from: searchFrom) ?? rest.endIndex
        // RFC 3261 allows LWS around ':' in sent-by.
        let sentByText = rest[..<hostEnd]
        let hostText: String
        if sentByText.contains(byte: 0x20) || sentByText.contains(byte: 0x09) {
            let squeezed = sentByText.filter { $0 != 0x20 && $0 != 0x09 }
            hostText = try squeezed.withUnsafeBufferPointer { buffer throws(SIPParseError) in try SIPURI.sipHostText(buffer[...]) }
        } else {
            hostText = try SIPURI.sipHostText(sentByText)
        }
        do {
            sentBy = try HostPort(parsing: hostText)
        } catch {
            throw SIPParseError("bad Via host '\(hostText)': \(error.reason)")
        }
        parameters = hostEnd < rest.endIndex ? try SIPParameters.parse(rest[(hostEnd + 1)...]) : SIPParameters()
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
