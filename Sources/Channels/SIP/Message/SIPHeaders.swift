/// The header fields of a message in wire order. Names are stored in their
/// long form (`v` becomes `Via`) so lookups need no second table.
public struct SIPHeaders: Sendable, Hashable, Sequence {
    public struct Field: Sendable, Hashable {
        public var name: String
        public var value: String
    }

    public private(set) var fields: [Field] = []

    public init() {}

    public init(_ pairs: [(String, String)]) {
        for (name, value) in pairs { add(name, value) }
    }

    public mutating func add(_ name: String, _ value: String) {
        fields.append(Field(name: SIPHeaders.canonicalName(name), value: value))
    }

    /// Replaces every field of that name with one value.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        add(name, value)
    }

    public mutating func remove(_ name: String) {
        let canonical = SIPHeaders.canonicalName(name)
        fields.removeAll { $0.name.caseInsensitiveEquals(canonical) }
    }

    /// Every field value of that name (long or compact form, any case), in order.
    public func values(_ name: String) -> [String] {
        let canonical = SIPHeaders.canonicalName(name)
        return fields.filter { $0.name.caseInsensitiveEquals(canonical) }.map(\.value)
    }

    public subscript(name: String) -> String? { values(name).first }

    /// Field values split at top-level commas: `Via: a, b` gives two.
    public func listValues(_ name: String) -> [String] {
        values(name).flatMap { SIPToken.splitList(Substring($0)).map(String.init) }
    }

    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    /// RFC 3261 §7.3.3 compact forms and the usual capitalisation of known names.
    static func canonicalName<S: StringProtocol>(_ name: S) -> String {
        if name.utf8.count == 1 {
            switch name.lowercased() {
            case "i": return "Call-ID"
            case "m": return "Contact"
            case "e": return "Content-Encoding"
            case "l": return "Content-Length"
            case "c": return "Content-Type"
            case "f": return "From"
            case "s": return "Subject"
            case "k": return "Supported"
            case "t": return "To"
            case "v": return "Via"
            case "o": return "Event"
            case "u": return "Allow-Events"
            case "r": return "Refer-To"
            case "b": return "Referred-By"
            case "x": return "Session-Expires"
            default: return String(name)
            }
        }
        switch name.lowercased() {
        case "call-id": return "Call-ID"
        case "cseq": return "CSeq"
        case "via": return "Via"
        case "from": return "From"
        case "to": return "To"
        case "contact": return "Contact"
        case "content-length": return "Content-Length"
        case "content-type": return "Content-Type"
        case "max-forwards": return "Max-Forwards"
        case "www-authenticate": return "WWW-Authenticate"
        case "authorization": return "Authorization"
        case "proxy-authenticate": return "Proxy-Authenticate"
        case "proxy-authorization": return "Proxy-Authorization"
        case "expires": return "Expires"
        case "user-agent": return "User-Agent"
        case "record-route": return "Record-Route"
        case "route": return "Route"
        default: return String(name)
        }
    }
}
