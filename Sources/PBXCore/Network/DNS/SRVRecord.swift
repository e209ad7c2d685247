/// The fields of one SRV record (RFC 2782) that decide where to connect.
public struct SRVRecord: Hashable, Sendable {
    /// Lower is tried first.
    public var priority: UInt16
    /// Among equal priorities, the share of picks this target gets.
    public var weight: UInt16
    public var port: UInt16
    /// The host to resolve, lowercased without the trailing dot; "" for "."
    /// (the service is decidedly not available at this domain).
    public var target: String

    public init(priority: UInt16, weight: UInt16, port: UInt16, target: String) {
        self.priority = priority
        self.weight = weight
        self.port = port
        self.target = target
    }

    /// The SRV fields of a record; nil for any other type.
    public init?(_ record: DNSResourceRecord) {
        guard case .srv(let priority, let weight, let port, let target) = record.data else { return nil }
        self.init(priority: priority, weight: weight, port: port, target: target)
    }

    /// RFC 2782: one record with target "." means no service here at all.
    public var isServiceUnavailable: Bool { target.isEmpty }
}
