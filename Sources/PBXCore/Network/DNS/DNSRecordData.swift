/// The RDATA of a resource record, decoded for the types a SIP target lookup
/// needs and kept as raw bytes for the rest.
public enum DNSRecordData: Hashable, Sendable {
    /// An A record's IPv4 address.
    case a(IPAddress)
    /// An AAAA record's IPv6 address (an IPv4-mapped one comes back as `.v4`,
    /// as `IPAddress` always stores it).
    case aaaa(IPAddress)
    /// A service location (RFC 2782); `target` is lowercased without the
    /// trailing dot, and is empty for "." (the service is not offered).
    case srv(priority: UInt16, weight: UInt16, port: UInt16, target: String)
    /// The canonical name the owner is an alias of.
    case cname(String)
    /// Any other type, undecoded.
    case other(type: DNSRecordType, bytes: [UInt8])
}
