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
        let text = text.trimmedWhitespace
        if let open = text.firstIndex(of: "<") {
            let namePart = text[..<open].trimmedWhitespace
            guard let close = text[open...].firstIndex(of: ">") else { throw SIPParseError("unclosed '<' in '\(text)'") }
            if namePart.isEmpty {
                displayName = nil
            } else if namePart.first == "\"" {
                guard namePart.count >= 2, namePart.last == "\"" else { throw SIPParseError("bad display name '\(namePart)'") }
                displayName = String(namePart.dropFirst().dropLast())
            } else {
                displayName = String(namePart)
            }
            uri = try SIPURI(parsing: text[text.index(after: open)..<close].trimmedWhitespace)
            let after = text[text.index(after: close)...].trimmedWhitespace
            if after.isEmpty {
                parameters = SIPParameters()
            } else {
                guard after.first == ";" else { throw SIPParseError("junk after '>' in '\(text)'") }
                parameters = try SIPParameters.parse(after.dropFirst())
            }
        } else {
            // addr-spec form: parameters after the URI belong to the header.
            displayName = nil
            if let semi = text.firstIndex(of: ";") {
                uri = try SIPURI(parsing: text[..<semi].trimmedWhitespace)
                parameters = try SIPParameters.parse(text[text.index(after: semi)...].trimmedWhitespace)
            } else {
                uri = try SIPURI(parsing: text)
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
