/// One address type for both IP families, used everywhere the PBX names a
/// socket, a peer or a media endpoint.
///
/// An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) is always stored as `.v4`,
/// whether it came from text, bytes or a dual-stack socket, so one peer never
/// shows up under two different addresses.
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// An IPv4 address in host byte order: 127.0.0.1 is `0x7F00_0001`.
    case v4(UInt32)
    /// An IPv6 address as two host-order halves (`high` holds the first eight
    /// bytes), with the zone of a scoped address: an interface name (`eth0`)
    /// or index (`2`).
    case v6(high: UInt64, low: UInt64, scope: String?)

    /// `0.0.0.0`, the IPv4 wildcard.
    public static let anyIPv4 = IPAddress.v4(0)
    /// `::`, the IPv6 wildcard.
    public static let anyIPv6 = IPAddress.v6(high: 0, low: 0, scope: nil)

    /// Parses an address in its textual form, strictly: `1.2.3.4`, `::1`,
    /// `2001:db8::1`, `fe80::1%eth0`, `::1.2.3.4`. `::ffff:1.2.3.4` becomes
    /// `.v4`. No brackets, ports, spaces, short IPv4 forms or leading-zero
    /// octets; nil for anything else.
    public init?(_ text: String) {
        guard let address = try? IPAddressTextParser.parseAddress(Array(text.utf8)[...]) else { return nil }
        self = address
    }

    /// Builds an address from 4 or 16 bytes in network order. Sixteen bytes of
    /// an IPv4-mapped address give `.v4`; `scope` is kept only on an IPv6
    /// result, and an empty scope counts as none.
    public init?(bytes: [UInt8], scope: String? = nil) {
        switch bytes.count {
        case 4:
            self = .v4(bytes.reduce(0) { $0 << 8 | UInt32($1) })
        case 16:
            let high = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let low = bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            self = IPAddress.normalized(high: high, low: low, scope: scope?.isEmpty == true ? nil : scope)
        default:
            return nil
        }
    }

    /// The address in network byte order: 4 bytes for IPv4, 16 for IPv6.
    public var bytes: [UInt8] {
        switch self {
        case .v4(let value):
            return (0..<4).map { UInt8(truncatingIfNeeded: value >> UInt32(24 - 8 * $0)) }
        case .v6(let high, let low, _):
            let halves = [high, low]
            return (0..<16).map { index in
                UInt8(truncatingIfNeeded: halves[index / 8] >> UInt64(56 - 8 * (index % 8)))
            }
        }
    }

    public var family: AddressFamily {
        switch self {
        case .v4: .ipv4
        case .v6: .ipv6
        }
    }

    /// The zone of a scoped IPv6 address; nil for IPv4 and unscoped IPv6.
    public var scope: String? {
        switch self {
        case .v4: nil
        case .v6(_, _, let scope): scope
        }
    }

    /// The same address without its zone, as SDP and ACLs want it.
    public var withoutScope: IPAddress {
        switch self {
        case .v4: self
        case .v6(let high, let low, _): .v6(high: high, low: low, scope: nil)
        }
    }

    /// True for the unspecified address of either family (`0.0.0.0`, `::`).
    public var isWildcard: Bool {
        switch self {
        case .v4(let value): value == 0
        case .v6(let high, let low, _): high == 0 && low == 0
        }
    }

    /// True for 127.0.0.0/8 and `::1`.
    public var isLoopback: Bool {
        switch self {
        case .v4(let value): value >> 24 == 127
        case .v6(let high, let low, _): high == 0 && low == 1
        }
    }

    /// True for 169.254.0.0/16 and fe80::/10.
    public var isLinkLocal: Bool {
        switch self {
        case .v4(let value): value >> 16 == 0xA9FE
        case .v6(let high, _, _): high >> 54 == 0x3FA
        }
    }

    /// Canonical text without brackets: dotted decimal for IPv4, RFC 5952 for
    /// IPv6 (lowercase hex, no leading zeros, the longest run of two or more
    /// zero groups shortened to "::", the first such run on a tie), followed
    /// by `%zone` when scoped.
    public var description: String {
        switch self {
        case .v4:
            return bytes.map { String($0) }.joined(separator: ".")
        case .v6(let high, let low, let scope):
            let text = IPAddress.canonicalIPv6Text(high: high, low: low)
            guard let scope else { return text }
            return text + "%" + scope
        }
    }

    // MARK: - Shared helpers

    /// True for `::ffff:0:0/96`, the IPv4-mapped block.
    static func isIPv4Mapped(high: UInt64, low: UInt64) -> Bool {
        high == 0 && low >> 32 == 0xFFFF
    }

    /// An IPv6 value folded to `.v4` when it is IPv4-mapped.
    static func normalized(high: UInt64, low: UInt64, scope: String?) -> IPAddress {
        if isIPv4Mapped(high: high, low: low) { return .v4(UInt32(truncatingIfNeeded: low)) }
        return .v6(high: high, low: low, scope: scope)
    }

    static func canonicalIPv6Text(high: UInt64, low: UInt64) -> String {
        let groups: [UInt16] = (0..<8).map { index in
            let half = index < 4 ? high : low
            return UInt16(truncatingIfNeeded: half >> UInt64(48 - 16 * (index % 4)))
        }
        // Find the longest zero run; a strictly-longer test keeps the first on ties.
        var bestStart = 0
        var bestLength = 0
        var runStart: Int?
        for index in 0..<8 {
            guard groups[index] == 0 else {
                runStart = nil
                continue
            }
            let start = runStart ?? index
            runStart = start
            if index - start + 1 > bestLength {
                bestStart = start
                bestLength = index - start + 1
            }
        }
        let hex = { (slice: ArraySlice<UInt16>) in slice.map { String($0, radix: 16) }.joined(separator: ":") }
        guard bestLength >= 2 else { return hex(groups[...]) }
        return hex(groups[..<bestStart]) + "::" + hex(groups[(bestStart + bestLength)...])
    }
}
