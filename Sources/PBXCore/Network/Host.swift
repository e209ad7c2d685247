/// The host part of a `HostPort`: a literal address, or a DNS name still to be
/// resolved. Names are kept lowercased so equal hosts compare equal.
public enum Host: Hashable, Sendable {
    case address(IPAddress)
    case name(String)
}
