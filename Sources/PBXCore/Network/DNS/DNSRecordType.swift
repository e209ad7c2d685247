/// The TYPE of a DNS question or resource record (RFC 1035 section 3.2.2).
/// A struct rather than an enum so that a type this resolver does not know
/// still round-trips through the parser.
public struct DNSRecordType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// An IPv4 address (RFC 1035).
    public static let a = DNSRecordType(rawValue: 1)
    /// The canonical name of an alias (RFC 1035).
    public static let cname = DNSRecordType(rawValue: 5)
    /// An IPv6 address (RFC 3596).
    public static let aaaa = DNSRecordType(rawValue: 28)
    /// A service location (RFC 2782).
    public static let srv = DNSRecordType(rawValue: 33)

    /// `A`, `AAAA`, `SRV`, `CNAME`, or `TYPE99` for the rest (RFC 3597's form).
    public var description: String {
        switch self {
        case .a: "A"
        case .cname: "CNAME"
        case .aaaa: "AAAA"
        case .srv: "SRV"
        default: "TYPE\(rawValue)"
        }
    }
}
