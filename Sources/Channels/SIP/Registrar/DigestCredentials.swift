/// An `Authorization: Digest ...` header taken apart (RFC 7616 / RFC 3261 §22).
public struct DigestCredentials: Sendable, Equatable {
    public var username = ""
    public var realm = ""
    public var nonce = ""
    public var uri = ""
    public var response = ""
    public var algorithm = "MD5"
    public var qop: String?
    public var nc: String?
    public var cnonce: String?
    public var opaque: String?

    public init() {}

    /// Parses the value after `Digest `. Nil for another scheme or a value
    /// missing a required field.
    public init?(header: String) {
        let trimmed = header.trimmingCharacters(in: " \t")
        guard trimmed.count > 7, trimmed.prefix(7).lowercased() == "digest " else { return nil }
        for item in SIPToken.splitList(Substring(trimmed.dropFirst(7))) {
            guard let eq = item.firstIndex(of: "=") else { continue }
            let name = item[..<eq].trimmedWhitespace.lowercased()
            var value = item[item.index(after: eq)...].trimmedWhitespace
            if value.count >= 2, value.first == "\"", value.last == "\"" { value = value.dropFirst().dropLast() }
            let text = String(value)
            switch name {
            case "username": username = text
            case "realm": realm = text
            case "nonce": nonce = text
            case "uri": uri = text
            case "response": response = text.lowercased()
            case "algorithm": algorithm = text
            case "qop": qop = text
            case "nc": nc = text
            case "cnonce": cnonce = text
            case "opaque": opaque = text
            default: break
            }
        }
        guard !username.isEmpty, !nonce.isEmpty, !uri.isEmpty, !response.isEmpty else { return nil }
    }
}
