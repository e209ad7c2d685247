/// Why bytes are not a usable DNS message, or a name cannot be put in a
/// query. `offset` is the byte position in the packet where reading failed
/// (0 for a query name), so a debug log can point at it.
public struct DNSMessageError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: Hashable, Sendable {
        /// The packet ends before the named field does.
        case truncated(field: String)
        /// A compression pointer does not point strictly before the name
        /// being read, so following it could go round for ever.
        case pointerLoop(target: Int)
        /// A compression pointer points into the header or past the end.
        case pointerOutOfRange(target: Int)
        /// A label length byte with the reserved top bits 01 or 10 (RFC 6891 retired them).
        case reservedLabelType(UInt8)
        /// A decoded name longer than 255 bytes on the wire (RFC 1035 section 3.1).
        case nameTooLong
        /// RDATA whose length does not fit its type: an A record of 5 bytes.
        case badRecordData(type: DNSRecordType, length: Int)
        /// A name that cannot be written in a query: empty label, label
        /// over 63 bytes, name over 255 bytes.
        case invalidQueryName(String)
    }

    public let reason: Reason
    public let offset: Int

    public init(_ reason: Reason, offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String {
        switch reason {
        case .truncated(let field):
            "DNS message truncated at byte \(offset) while reading \(field)"
        case .pointerLoop(let target):
            "DNS name compression pointer at byte \(offset) to byte \(target) does not point backwards (loop)"
        case .pointerOutOfRange(let target):
            "DNS name compression pointer at byte \(offset) points outside the message (byte \(target))"
        case .reservedLabelType(let byte):
            "DNS label at byte \(offset) has reserved type bits (0x\(String(byte, radix: 16)))"
        case .nameTooLong:
            "DNS name at byte \(offset) is longer than 255 bytes"
        case .badRecordData(let type, let length):
            "DNS \(type) record data at byte \(offset) has a bad length (\(length))"
        case .invalidQueryName(let name):
            "cannot query DNS name '\(name)': labels must be 1-63 bytes and the name at most 253 characters"
        }
    }
}
