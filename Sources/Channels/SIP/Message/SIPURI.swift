import PBXCore

/// A SIP or SIPS URI (RFC 3261 §19.1), IPv6 hosts bracketed (RFC 5118).
/// Other schemes (`tel:`, unknown ones) are kept whole in `opaque`.
public struct SIPURI: Sendable, Hashable, CustomStringConvertible {
    public var scheme: String
    public var user: String?
    public var password: String?
    public var host: Host
    public var port: Int?
    public var parameters: SIPParameters
    public var headers: String?
    /// The text after `scheme:` for a scheme this type does not take apart.
    public var opaque: String?

    public init(scheme: String = "sip", user: String? = nil, host: Host, port: Int? = nil, parameters: SIPParameters = SIPParameters()) {
        self.scheme = scheme
        self.user = user
        self.password = nil
        self.host = host
        self.port = port
        self.parameters = parameters
        self.headers = nil
        self.opaque = nil
    }

    public init(user: String?, hostPort: HostPort, parameters: SIPParameters = SIPParameters()) {
        self.init(user: user, host: hostPort.host, port: hostPort.port, parameters: parameters)
    }

    public var isSIP: Bool { opaque == nil }
    public var hostPort: HostPort { HostPort(host: host, port: port) }

    /// Parses `sip:user:pw@[2001:db8::1]:5060;transport=udp?h=v`.
    public init(parsing text: Substring) throws(SIPParseError) {
        guard let colon = text.firstIndex(of: ":") else { throw SIPParseError("URI without scheme '\(text)'") }
        let scheme = text[..<colon]
        guard !scheme.isEmpty, scheme.first?.isLetter == true,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else {
            throw SIPParseError("bad URI scheme '\(scheme)'")
        }
        self.scheme = scheme.lowercased()
        var rest = text[text.index(after: colon)...]
        guard !rest.isEmpty, !rest.contains(" "), !rest.contains("\t") else { throw SIPParseError("bad URI '\(text)'") }
        guard self.scheme == "sip" || self.scheme == "sips" else {
            self.opaque = String(rest)
            self.user = nil
            self.password = nil
            self.host = .name("")
            self.port = nil
            self.parameters = SIPParameters()
            self.headers = nil
            return
        }
        opaque = nil
        user = nil
        password = nil
        if let at = rest.firstIndex(of: "@") {
            let userInfo = rest[..<at]
            if let pwColon = userInfo.firstIndex(of: ":") {
                user = String(userInfo[..<pwColon])
                password = String(userInfo[userInfo.index(after: pwColon)...])
            } else {
                user = String(userInfo)
            }
            guard user?.isEmpty == false else { throw SIPParseError("empty user in URI '\(text)'") }
            rest = rest[rest.index(after: at)...]
        }
        if let question = rest.firstIndex(of: "?") {
            headers = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        } else {
            headers = nil
        }
        // The host part ends at the first ';' after any bracketed literal.
        var hostEnd = rest.endIndex
        var searchFrom = rest.startIndex
        if rest.first == "[", let close = rest.firstIndex(of: "]") { searchFrom = close }
        if let semi = rest[searchFrom...].firstIndex(of: ";") { hostEnd = semi }
        let hostText = try SIPURI.sipHostText(rest[..<hostEnd])
        do {
            let hostPort = try HostPort(parsing: hostText)
            host = hostPort.host
            port = hostPort.port
        } catch {
            throw SIPParseError("bad host '\(hostText)' in URI: \(error.reason)")
        }
        if hostEnd < rest.endIndex {
            parameters = try SIPParameters.parse(rest[rest.index(after: hostEnd)...])
        } else {
            parameters = SIPParameters()
        }
    }

    /// A host as SIP writes it: an IPv6 literal must be bracketed (RFC 5118
    /// §4.2), and the `:::` that RFC 3261's ABNF let slip in before an
    /// embedded IPv4 address is read as `::` (RFC 5118 §4.10).
    static func sipHostText(_ text: Substring) throws(SIPParseError) -> String {
        if text.first != "[", text.filter({ $0 == ":" }).count > 1 {
            throw SIPParseError("IPv6 address '\(text)' without brackets")
        }
        if text.first == "[", text.contains(":::"), text.contains(".") {
            var fixed = String(text)
            while let range = fixed.range(of: ":::") { fixed.replaceSubrange(range, with: "::") }
            return fixed
        }
        return String(text)
    }

    public init(parsing text: String) throws(SIPParseError) {
        try self.init(parsing: Substring(text))
    }

    public var description: String {
        if let opaque { return scheme + ":" + opaque }
        var out = scheme + ":"
        if let user {
            out += user
            if let password { out += ":" + password }
            out += "@"
        }
        out += HostPort(host: host, port: port).uriHostPort
        out += parameters.text
        if let headers { out += "?" + headers }
        return out
    }
}
