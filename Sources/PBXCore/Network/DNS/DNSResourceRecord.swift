/// One resource record of an answer, authority or additional section.
public struct DNSResourceRecord: Hashable, Sendable {
    /// The owner name, lowercased and without the trailing dot.
    public var name: String
    public var type: DNSRecordType
    public var recordClass: UInt16
    /// Time to live in seconds.
    public var ttl: UInt32
    public var data: DNSRecordData

    public init(name: String, type: DNSRecordType, recordClass: UInt16 = DNSMessage.internetClass, ttl: UInt32, data: DNSRecordData) {
        self.name = name
        self.type = type
        self.recordClass = recordClass
        self.ttl = ttl
        self.data = data
    }

    /// The address of an A or AAAA record; nil for other types.
    public var address: IPAddress? {
        switch data {
        case .a(let address), .aaaa(let address): address
        default: nil
        }
    }
}
