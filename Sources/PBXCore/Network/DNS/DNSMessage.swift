/// A DNS message (RFC 1035 section 4) as a plain value: the header fields a
/// stub resolver looks at and the four sections. Built from bytes with
/// `init(parsing:)`; a query for one name goes out as `query(id:name:type:)`.
public struct DNSMessage: Hashable, Sendable {
    /// The IN class, the only one a SIP lookup uses.
    public static let internetClass: UInt16 = 1
    /// The longest name a query can carry, in text (255 bytes on the wire).
    static let maximumNameTextLength = 253
    static let maximumLabelLength = 63

    public var id: UInt16
    /// QR: set in a response.
    public var isResponse: Bool
    public var opcode: UInt8
    /// AA: the answer comes from a server authoritative for the name.
    public var isAuthoritative: Bool
    /// TC: the answer did not fit in the datagram.
    public var isTruncated: Bool
    /// RD: the asker wants the server to recurse.
    public var recursionDesired: Bool
    /// RA: the server offers recursion.
    public var recursionAvailable: Bool
    public var responseCode: DNSResponseCode
    public var questions: [DNSQuestion]
    public var answers: [DNSResourceRecord]
    public var authorities: [DNSResourceRecord]
    public var additionals: [DNSResourceRecord]

    public init(
        id: UInt16,
        isResponse: Bool,
        opcode: UInt8 = 0,
        isAuthoritative: Bool = false,
        isTruncated: Bool = false,
        recursionDesired: Bool = true,
        recursionAvailable: Bool = false,
        responseCode: DNSResponseCode = .noError,
        questions: [DNSQuestion] = [],
        answers: [DNSResourceRecord] = [],
        authorities: [DNSResourceRecord] = [],
        additionals: [DNSResourceRecord] = []
    ) {
        self.id = id
        self.isResponse = isResponse
        self.opcode = opcode
        self.isAuthoritative = isAuthoritative
        self.isTruncated = isTruncated
        self.recursionDesired = recursionDesired
        self.recursionAvailable = recursionAvailable
        self.responseCode = responseCode
        self.questions = questions
        self.answers = answers
        self.authorities = authorities
        self.additionals = additionals
    }

    /// The bytes of a standard query with recursion desired and one question
    /// of class IN. `name` may end in a dot; it is sent lowercased.
    public static func query(id: UInt16, name: String, type: DNSRecordType) throws(DNSMessageError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(18 + name.utf8.count)
        append(id, to: &bytes)
        append(0x0100, to: &bytes)  // standard query, RD
        append(1, to: &bytes)       // QDCOUNT
        append(0, to: &bytes)       // ANCOUNT
        append(0, to: &bytes)       // NSCOUNT
        append(0, to: &bytes)       // ARCOUNT
        bytes += try encodedName(name)
        append(type.rawValue, to: &bytes)
        append(internetClass, to: &bytes)
        return bytes
    }

    /// A name as the wire writes it, uncompressed: length-prefixed labels
    /// and the zero byte of the root.
    static func encodedName(_ name: String) throws(DNSMessageError) -> [UInt8] {
        let text = normalizedName(name)
        guard !text.isEmpty else { return [0] }
        guard text.utf8.count <= maximumNameTextLength else {
            throw DNSMessageError(.invalidQueryName(name), offset: 0)
        }
        var bytes: [UInt8] = []
        for label in text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard (1...maximumLabelLength).contains(label.count) else {
                throw DNSMessageError(.invalidQueryName(name), offset: 0)
            }
            bytes.append(UInt8(label.count))
            bytes += label
        }
        bytes.append(0)
        return bytes
    }

    /// A name as this type keeps it: lowercased, one trailing dot dropped.
    public static func normalizedName(_ name: String) -> String {
        let lowered = name.lowercased()
        return lowered.hasSuffix(".") ? String(lowered.dropLast()) : lowered
    }

    /// The answer records of `type` for `name`, following a CNAME chain
    /// inside the answer section (`sip.example.com` CNAME `host.example.net`,
    /// then its A records). `canonicalName` is where the chain ended: when
    /// no records came with it, that is the name to ask about next. A chain
    /// that loops ends at the first repeated name.
    public func records(answering name: String, type: DNSRecordType) -> (records: [DNSResourceRecord], canonicalName: String) {
        var current = DNSMessage.normalizedName(name)
        var visited: Set<String> = [current]
        while true {
            let matching = answers.filter { $0.name == current && $0.type == type }
            if !matching.isEmpty || type == .cname { return (matching, current) }
            guard let alias = answers.first(where: { $0.name == current && $0.type == .cname }),
                  case .cname(let target) = alias.data,
                  visited.insert(target).inserted
            else { return ([], current) }
            current = target
        }
    }

    private static func append(_ value: UInt16, to bytes: inout [UInt8]) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }
}
