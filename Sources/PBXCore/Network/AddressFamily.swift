/// Which IP version an address, a socket or a media stream belongs to.
public enum AddressFamily: Sendable, Hashable {
    case ipv4
    case ipv6
}
