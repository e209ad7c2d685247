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

    /// Appends a field whose name is already canonical (the parser's path).
    mutating func append(canonicalName name: String, value: String) {
        fields.append(Field(name: name, value: value))
    }

    mutating func reserveCapacity(_ count: Int) {
        fields.reserveCapacity(count)
    }

    /// RFC 3261 §7.3.3 compact forms and the usual capitalisation of known names.
    static func canonicalName<S: StringProtocol>(_ name: S) -> String {
        let known: String?
        if let found = name.utf8.withContiguousStorageIfAvailable({ knownName($0[...]) }) {
            known = found
        } else {
            // Not contiguous UTF-8 (a bridged string): look at a copy.
            known = Array(name.utf8).withUnsafeBufferPointer { knownName($0[...]) }
        }
        return known ?? String(name)
    }

    /// `canonicalName` for octets: the canonical spelling of a known name,
    /// otherwise the octets as they came.
    static func canonicalName(_ bytes: SIPBytes) -> String {
        knownName(bytes) ?? bytes.text
    }

    /// The canonical spelling of a compact or known long name, matched
    /// without regard to ASCII case; nil for other names.
    private static func knownName(_ bytes: SIPBytes) -> String? {
        if bytes.count == 1, let byte = bytes.first {
            switch byte | 0x20 {
            case 0x69: return "Call-ID"            // i
            case 0x6D: return "Contact"            // m
            case 0x65: return "Content-Encoding"   // e
            case 0x6C: return "Content-Length"     // l
            case 0x63: return "Content-Type"       // c
            case 0x66: return "From"               // f
            case 0x73: return "Subject"            // s
            case 0x6B: return "Supported"          // k
            case 0x74: return "To"                 // t
            case 0x76: return "Via"                // v
            case 0x6F: return "Event"              // o
            case 0x75: return "Allow-Events"       // u
            case 0x72: return "Refer-To"           // r
            case 0x62: return "Referred-By"        // b
            case 0x78: return "Session-Expires"    // x
            default: return nil
            }
        }
        switch bytes.count {
        case 2: if bytes.caseInsensitiveEquals("to") { return "To" }
        case 3: if bytes.caseInsensitiveEquals("via") { return "Via" }
        case 4:
            if bytes.caseInsensitiveEquals("cseq") { return "CSeq" }
            if bytes.caseInsensitiveEquals("from") { return "From" }
        case 5: if bytes.caseInsensitiveEquals("route") { return "Route" }
        case 7:
            if bytes.caseInsensitiveEquals("call-id") { return "Call-ID" }
            if bytes.caseInsensitiveEquals("contact") { return "Contact" }
            if bytes.caseInsensitiveEquals("expires") { return "Expires" }
        case 10: if bytes.caseInsensitiveEquals("user-agent") { return "User-Agent" }
        case 12:
            if bytes.caseInsensitiveEquals("content-type") { return "Content-Type" }
            if bytes.caseInsensitiveEquals("max-forwards") { return "Max-Forwards" }
            if bytes.caseInsensitiveEquals("record-route") { return "Record-Route" }
        case 13: if bytes.caseInsensitiveEquals("authorization") { return "Authorization" }
        case 14: if bytes.caseInsensitiveEquals("content-length") { return "Content-Length" }
        case 16: if bytes.caseInsensitiveEquals("www-authenticate") { return "WWW-Authenticate" }
        case 18: if bytes.caseInsensitiveEquals("proxy-authenticate") { return "Proxy-Authenticate" }
        case 19: if bytes.caseInsensitiveEquals("proxy-authorization") { return "Proxy-Authorization" }
        default: break
        }
        return nil
    }
}
