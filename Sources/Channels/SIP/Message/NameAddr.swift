/// A From/To/Contact value: `"Name" <sip:100@host>;tag=abc` or `sip:100@host;tag=abc`.
public struct NameAddr: Sendable, Hashable, CustomStringConvertible {
    public var displayName: String?
    public var uri: SIPURI
    public var parameters: SIPParameters

    public init(displayName: String? = nil, uri: SIPURI, parameters: SIPParameters = SIPParameters()) {
        self.displayName = displayName
        self.uri = uri
        self.parameters = parameters
    }

    public init(parsing text: Substring) throws(SIPParseError) {
        self = try text.withSIPBytes { bytes throws(SIPParseError) in try NameAddr(bytes: bytes) }
    }

    init(bytes: SIPBytes) throws(SIPParseError) {
        let text = bytes.trimmedWhitespace
        if let open = text.firstIndex(of: 0x3C, from: text.startIndex) {
            let namePart = text[..<open].trimmedWhitespace
            guard let close = text.firstIndex(of: 0x3E, from: open) else { throw SIPParseError("unclosed '<' in '\(text.text)'") }
            if namePart.isEmpty {
                displayName = nil
            } else if namePart.first == 0x22 {
                guard namePart.count >= 2, namePart.last == 0x22 else { throw SIPParseError("bad display name '\(namePart.text)'") }
                displayName = namePart.dropFirst().dropLast().text
            } else {
                displayName = namePart.text
            }
            uri = try SIPURI(bytes: text[(open + 1)..<close].trimmedWhitespace)
            let after = text[(close + 1)...].trimmedWhitespace
            if after.isEmpty {
                parameters = SIPParameters()
            } else {
                guard after.first == 0x3B else { throw SIPParseError("junk after '>' in '\(text.text)'") }
                parameters = try SIPParameters.parse(after.dropFirst())
            }
        } else {
            // addr-spec form: parameters after the URI belong to the header.
            displayName = nil
            if let semi = text.firstIndex(of: 0x3B, from: text.startIndex) {
                uri = try SIPURI(bytes: text[..<semi].trimmedWhitespace)
                parameters = try SIPParameters.parse(text[(semi + 1)...].trimmedWhitespace)
            } else {
                uri = try SIPURI(bytes: text)
                parameters = SIPParameters()
            }
        }
    }

    public var tag: String? {
        get { parameters["tag"] }
        set { parameters.set("tag", newValue) }
    }

    public var description: String {
        var out = ""
        if let displayName { out += "\"\(displayName)\" " }
        out += "<\(uri)>" + parameters.text
        return out
    }
}
