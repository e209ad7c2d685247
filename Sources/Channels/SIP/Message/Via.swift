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
        // "SIP / 2.0 / UDP" may carry whitespace around the slashes.
        var index = text.startIndex
        var protocolParts: [Substring] = []
        for partIndex in 0..<3 {
            while index < text.endIndex, text[index] == " " || text[index] == "\t" { index = text.index(after: index) }
            let start = index
            while index < text.endIndex, SIPToken.isTokenCharacter(text[index]) { index = text.index(after: index) }
            protocolParts.append(text[start..<index])
            while index < text.endIndex, text[index] == " " || text[index] == "\t" { index = text.index(after: index) }
            if partIndex < 2 {
                guard index < text.endIndex, text[index] == "/" else { throw SIPParseError("bad Via '\(text)'") }
                index = text.index(after: index)
            }
        }
        guard protocolParts[0].caseInsensitiveEquals("SIP"), protocolParts[1] == "2.0", !protocolParts[2].isEmpty else {
            throw SIPParseError("bad Via protocol '\(text)'")
        }
        transport = protocolParts[2].uppercased()
        let rest = text[index...].trimmedWhitespace
        var hostEnd = rest.endIndex
        var searchFrom = rest.startIndex
        if rest.first == "[", let close = rest.firstIndex(of: "]") { searchFrom = close }
        if let semi = rest[searchFrom...].firstIndex(of: ";") { hostEnd = semi }
        // RFC 3261 allows LWS around ':' in sent-by.
        let hostText = try SIPURI.sipHostText(Substring(rest[..<hostEnd].filter { $0 != " " && $0 != "\t" }))
        do {
            sentBy = try HostPort(parsing: hostText)
        } catch {
            throw SIPParseError("bad Via host '\(hostText)': \(error.reason)")
        }
        parameters = hostEnd < rest.endIndex ? try SIPParameters.parse(rest[rest.index(after: hostEnd)...]) : SIPParameters()
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
