/// A cursor over the bytes of a DNS message: fixed-size fields, and names
/// with compression pointers followed safely. Every read is bounds-checked
/// and fails with the offset it failed at.
struct DNSWireReader {
    let bytes: [UInt8]
    private(set) var offset: Int

    /// The header is 12 bytes; a pointer into it can only be garbage.
    static let headerLength = 12
    /// RFC 1035 section 3.1: a name is at most 255 bytes on the wire.
    static let maximumNameLength = 255

    init(bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var isAtEnd: Bool { offset >= bytes.count }

    mutating func readUInt8(_ field: String) throws(DNSMessageError) -> UInt8 {
        guard offset < bytes.count else { throw DNSMessageError(.truncated(field: field), offset: offset) }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func readUInt16(_ field: String) throws(DNSMessageError) -> UInt16 {
        guard offset + 2 <= bytes.count else { throw DNSMessageError(.truncated(field: field), offset: offset) }
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    mutating func readUInt32(_ field: String) throws(DNSMessageError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw DNSMessageError(.truncated(field: field), offset: offset) }
        defer { offset += 4 }
        return bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func readBytes(_ count: Int, _ field: String) throws(DNSMessageError) -> ArraySlice<UInt8> {
        guard count >= 0, offset + count <= bytes.count else {
            throw DNSMessageError(.truncated(field: field), offset: offset)
        }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    /// Reads a domain name at the cursor, lowercased, labels joined by '.',
    /// no trailing dot ("" for the root). The cursor ends after the name as
    /// written in place (after the first pointer, if there is one).
    ///
    /// Loop protection: every pointer must point strictly before the start
    /// of the labels being read when it is met. Each jump therefore lands
    /// lower than the one before, so reading always ends; a well-formed
    /// message never needs anything else, since a name can only reuse one
    /// written earlier.
    mutating func readName(_ field: String) throws(DNSMessageError) -> String {
        var position = offset
        var segmentStart = offset
        var resumeOffset: Int?
        var wireLength = 0
        var labels: [String] = []
        while true {
            guard position < bytes.count else { throw DNSMessageError(.truncated(field: field), offset: position) }
            let lengthByte = bytes[position]
            switch lengthByte >> 6 {
            case 0:
                let length = Int(lengthByte)
                wireLength += 1 + length
                guard wireLength <= DNSWireReader.maximumNameLength else {
                    throw DNSMessageError(.nameTooLong, offset: offset)
                }
                if length == 0 {
                    offset = resumeOffset ?? position + 1
                    return labels.joined(separator: ".")
                }
                let start = position + 1
                guard start + length <= bytes.count else {
                    throw DNSMessageError(.truncated(field: field), offset: position)
                }
                labels.append(DNSWireReader.labelText(bytes[start..<(start + length)]))
                position = start + length
            case 3:
                guard position + 1 < bytes.count else {
                    throw DNSMessageError(.truncated(field: field), offset: position)
                }
                let target = Int(lengthByte & 0x3F) << 8 | Int(bytes[position + 1])
                guard target >= DNSWireReader.headerLength, target < bytes.count else {
                    throw DNSMessageError(.pointerOutOfRange(target: target), offset: position)
                }
                guard target < segmentStart else {
                    throw DNSMessageError(.pointerLoop(target: target), offset: position)
                }
                if resumeOffset == nil { resumeOffset = position + 2 }
                segmentStart = target
                position = target
            default:
                throw DNSMessageError(.reservedLabelType(lengthByte), offset: position)
            }
        }
    }

    /// A label as text: ASCII letters lowercased; '.', '\' and bytes that
    /// are not printable ASCII written as `\DDD` (the master-file escape), so
    /// a label holding a dot can never pass for two labels.
    static func labelText(_ label: ArraySlice<UInt8>) -> String {
        var text = ""
        text.reserveCapacity(label.count)
        for byte in label {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                text.unicodeScalars.append(Unicode.Scalar(byte + 32))
            case UInt8(ascii: "."), UInt8(ascii: "\\"), 0..<0x21, 0x7F...:
                let digits = String(byte)
                text += "\\" + String(repeating: "0", count: 3 - digits.count) + digits
            default:
                text.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return text
    }
}
