extension DNSMessage {
    /// Parses a whole message. Bytes after the last record announced by the
    /// header are ignored. Anything malformed – a short packet, a pointer
    /// loop, RDATA of the wrong length – throws, naming the byte offset.
    public init(parsing bytes: [UInt8]) throws(DNSMessageError) {
        var reader = DNSWireReader(bytes: bytes)
        let id = try reader.readUInt16("the header ID")
        let flags = try reader.readUInt16("the header flags")
        let questionCount = try reader.readUInt16("QDCOUNT")
        let answerCount = try reader.readUInt16("ANCOUNT")
        let authorityCount = try reader.readUInt16("NSCOUNT")
        let additionalCount = try reader.readUInt16("ARCOUNT")

        var questions: [DNSQuestion] = []
        for _ in 0..<questionCount {
            let name = try reader.readName("a question name")
            let type = DNSRecordType(rawValue: try reader.readUInt16("a question type"))
            let recordClass = try reader.readUInt16("a question class")
            questions.append(DNSQuestion(name: name, type: type, recordClass: recordClass))
        }
        let answers = try DNSMessage.readRecords(answerCount, from: &reader)
        let authorities = try DNSMessage.readRecords(authorityCount, from: &reader)
        let additionals = try DNSMessage.readRecords(additionalCount, from: &reader)

        self.init(
            id: id,
            isResponse: flags & 0x8000 != 0,
            opcode: UInt8(truncatingIfNeeded: flags >> 11) & 0x0F,
            isAuthoritative: flags & 0x0400 != 0,
            isTruncated: flags & 0x0200 != 0,
            recursionDesired: flags & 0x0100 != 0,
            recursionAvailable: flags & 0x0080 != 0,
            responseCode: DNSResponseCode(rawValue: UInt8(truncatingIfNeeded: flags) & 0x0F),
            questions: questions,
            answers: answers,
            authorities: authorities,
            additionals: additionals
        )
    }

    private static func readRecords(_ count: UInt16, from reader: inout DNSWireReader) throws(DNSMessageError) -> [DNSResourceRecord] {
        var records: [DNSResourceRecord] = []
        for _ in 0..<count {
            records.append(try readRecord(from: &reader))
        }
        return records
    }

    private static func readRecord(from reader: inout DNSWireReader) throws(DNSMessageError) -> DNSResourceRecord {
        let name = try reader.readName("a record name")
        let type = DNSRecordType(rawValue: try reader.readUInt16("a record type"))
        let recordClass = try reader.readUInt16("a record class")
        let ttl = try reader.readUInt32("a record TTL")
        let length = Int(try reader.readUInt16("a record data length"))
        let dataOffset = reader.offset
        let data = try reader.readBytes(length, "\(type) record data")
        let decoded = try decodeData(type: type, data: data, in: reader.bytes, at: dataOffset)
        return DNSResourceRecord(name: name, type: type, recordClass: recordClass, ttl: ttl, data: decoded)
    }

    /// RDATA by type. Names inside RDATA (SRV target, CNAME) are read from
    /// the whole message, since they may point back into it; they must end
    /// exactly where RDLENGTH says.
    private static func decodeData(type: DNSRecordType, data: ArraySlice<UInt8>, in message: [UInt8],
                                   at offset: Int) throws(DNSMessageError) -> DNSRecordData {
        let badLength = DNSMessageError(.badRecordData(type: type, length: data.count), offset: offset)
        switch type {
        case .a:
            guard data.count == 4, let address = IPAddress(bytes: Array(data)) else { throw badLength }
            return .a(address)
        case .aaaa:
            guard data.count == 16, let address = IPAddress(bytes: Array(data)) else { throw badLength }
            return .aaaa(address)
        case .srv:
            var reader = DNSWireReader(bytes: message, offset: offset)
            guard data.count >= 7 else { throw badLength }
            let priority = try reader.readUInt16("an SRV priority")
            let weight = try reader.readUInt16("an SRV weight")
            let port = try reader.readUInt16("an SRV port")
            let target = try reader.readName("an SRV target")
            guard reader.offset == offset + data.count else { throw badLength }
            return .srv(priority: priority, weight: weight, port: port, target: target)
        case .cname:
            var reader = DNSWireReader(bytes: message, offset: offset)
            let target = try reader.readName("a CNAME target")
            guard reader.offset == offset + data.count else { throw badLength }
            return .cname(target)
        default:
            return .other(type: type, bytes: Array(data))
        }
    }
}
