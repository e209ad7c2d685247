/// One entry of a DNS message's question section.
public struct DNSQuestion: Hashable, Sendable {
    /// The name asked about, lowercased and without the trailing dot.
    public var name: String
    public var type: DNSRecordType
    /// The QCLASS; 1 (IN) for everything this resolver asks.
    public var recordClass: UInt16

    public init(name: String, type: DNSRecordType, recordClass: UInt16 = DNSMessage.internetClass) {
        self.name = name
        self.type = type
        self.recordClass = recordClass
    }
}
