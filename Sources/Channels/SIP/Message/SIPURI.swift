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
        self = try text.withSIPBytes { bytes throws(SIPParseError) in try SIPURI(bytes: bytes) }
    }

    init(bytes text: SIPBytes) throws(SIPParseError) {
        guard let colon = text.firstIndex(of: 0x3A, from: text.startIndex) else {
            throw SIPParseError("URI without scheme '\(text.text)'")
        }
        let scheme = text[..<colon]
        guard let first = scheme.first, SIPURI.isASCIILetter(first), scheme.allSatisfy(SIPURI.isSchemeOctet) else {
            throw SIPParseError("bad URI scheme '\(scheme.text)'")
        }
        self.scheme = scheme.caseInsensitiveEquals("sip") ? "sip" : scheme.caseInsensitiveEquals("sips") ? "sips" : scheme.text.lowercased()
        var rest = text[(colon + 1)...]
        guard !rest.isEmpty, !rest.contains(byte: 0x20), !rest.contains(byte: 0x09) else {
            throw SIPParseError("bad URI '\(text.text)'")
        }
        guard self.scheme == "sip" || self.scheme == "sips" else {
            self.opaque = rest.text
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
        if let at = rest.firstIndex(of: 0x40, from: rest.startIndex) {
            let userInfo = rest[..<at]
            if let pwColon = userInfo.firstIndex(of: 0x3A, from: userInfo.startIndex) {
                user = userInfo[..<pwColon].text
                password = userInfo[(pwColon + 1)...].text
            } else {
                user = userInfo.text
            }
            guard user?.isEmpty == false else { throw SIPParseError("empty user in URI '\(text.text)'") }
            rest = rest[(at + 1)...]
        }
        if let question = rest.firstIndex(of: 0x3F, from: rest.startIndex) {
            headers = rest[(question + 1)...].text
            rest = rest[..<question]
        } else {
            headers = nil
        }
        // The host part ends at the first ';' after any bracketed literal.
        var searchFrom = rest.startIndex
        if rest.first == 0x5B, let close = rest.firstIndex(of: 0x5D, from: rest.startIndex) { searchFrom = close }
        let hostEnd = rest.firstIndex(of: 0x3B, from: searchFrom) ?? rest.endIndex
        if let hostPort = HostPort(dottedQuad: rest[..<hostEnd]) {
            host = hostPort.host
            port = hostPort.port
        } else {
            let hostText = try SIPURI.sipHostText(rest[..<hostEnd])
            do {
                let hostPort = try HostPort(parsing: hostText)
                host = hostPort.host
                port = hostPort.port
            } catch {
                throw SIPParseError("bad host '\(hostText)' in URI: \(error.reason)")
            }
        }
        if hostEnd < rest.endIndex {
            parameters = try SIPParameters.parse(rest[(hostEnd + 1)...])
        } else {
            parameters = SIPParameters()
        }
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// Scheme characters (RFC 3986): ASCII letters, digits and `+-.`.
    private static func isSchemeOctet(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2B || byte == 0x2D || byte == 0x2E
    }

    /// A host as SIP writes it: an IPv6 literal must be bracketed (RFC 5118
    /// §4.2), and the `:::` that RFC 3261's ABNF let slip in before an
    /// embedded IPv4 address is read as `::` (RFC 5118 §4.10).
    static func sipHostText(_ text: SIPBytes) throws(SIPParseError) -> String {
        let bracketed = text.first == 0x5B
        if !bracketed, text.lazy.filter({ $0 == 0x3A }).count > 1 {
            throw SIPParseError("IPv6 address '\(text.text)' without brackets")
        }
        guard bracketed, text.contains(byte: 0x2E), SIPURI.hasTripleColon(text) else { return text.text }
        // Every run of three or more colons becomes "::".
        var fixed: [UInt8] = []
        fixed.reserveCapacity(text.count)
        var run = 0
        for byte in text {
            run = byte == 0x3A ? run + 1 : 0
            if run <= 2 { fixed.append(byte) }
        }
        return String(decoding: fixed, as: UTF8.self)
    }

    private static func hasTripleColon(_ text: SIPBytes) -> Bool {
        var run = 0
        for byte in text {
            run = byte == 0x3A ? run + 1 : 0
            if run == 3 { return true }
        }
        return false
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
