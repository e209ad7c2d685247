import PBXCore
import Testing

/// The bytes of a text label as the wire writes it: length, then the characters.
private func label(_ text: String) -> [UInt8] {
    [UInt8(text.utf8.count)] + Array(text.utf8)
}

/// Response to `example.com A` (ID 0x1234): one answer, 192.0.2.1, TTL 3600,
/// the owner written as a pointer to the question name at byte 12.
private let aResponse: [UInt8] =
    [0x12, 0x34, 0x81, 0x80, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00]
    + label("example") + label("com") + [0x00, 0x00, 0x01, 0x00, 0x01]
    + [0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x0E, 0x10, 0x00, 0x04, 192, 0, 2, 1]

/// Response to `example.com AAAA`: 2001:db8::1.
private let aaaaResponse: [UInt8] =
    [0x00, 0x07, 0x81, 0x80, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00]
    + label("example") + label("com") + [0x00, 0x00, 0x1C, 0x00, 0x01]
    + [0xC0, 0x0C, 0x00, 0x1C, 0x00, 0x01, 0x00, 0x00, 0x01, 0x2C, 0x00, 0x10]
    + [0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01]

/// Response to `_sip._udp.example.com SRV`: two SRV records whose targets
/// `sip1`/`sip2` end in a pointer to "example" (byte 22) of the question,
/// and an additional A record whose owner points at the first target (byte 57).
private let srvResponse: [UInt8] =
    [0xAB, 0xCD, 0x81, 0x80, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01]
    + label("_sip") + label("_udp") + label("example") + label("com") + [0x00, 0x00, 0x21, 0x00, 0x01]
    // SRV 10 60 5060 sip1.example.com
    + [0xC0, 0x0C, 0x00, 0x21, 0x00, 0x01, 0x00, 0x00, 0x01, 0x2C, 0x00, 0x0D]
    + [0x00, 0x0A, 0x00, 0x3C, 0x13, 0xC4] + label("sip1") + [0xC0, 0x16]
    // SRV 20 0 5061 sip2.example.com
    + [0xC0, 0x0C, 0x00, 0x21, 0x00, 0x01, 0x00, 0x00, 0x01, 0x2C, 0x00, 0x0D]
    + [0x00, 0x14, 0x00, 0x00, 0x13, 0xC5] + label("sip2") + [0xC0, 0x16]
    // additional: sip1.example.com A 192.0.2.10
    + [0xC0, 0x39, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x01, 0x2C, 0x00, 0x04, 192, 0, 2, 10]

/// Response to `www.example.com A`: www is a CNAME of sip.example.com (the
/// target's tail a pointer to "example" at byte 16), which has 192.0.2.7.
private let cnameResponse: [UInt8] =
    [0x00, 0x42, 0x81, 0x80, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00]
    + label("www") + label("example") + label("com") + [0x00, 0x00, 0x01, 0x00, 0x01]
    + [0xC0, 0x0C, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3C, 0x00, 0x06] + label("sip") + [0xC0, 0x10]
    // owner: "sip" + pointer, at byte 45 inside the CNAME data
    + [0xC0, 0x2D, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3C, 0x00, 0x04, 192, 0, 2, 7]

/// NXDOMAIN for `nosuch.example.com A`, with the zone's SOA in the authority
/// section (a type this parser keeps undecoded).
private let nxdomainResponse: [UInt8] =
    [0x55, 0x66, 0x81, 0x83, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00]
    + label("nosuch") + label("example") + label("com") + [0x00, 0x00, 0x01, 0x00, 0x01]
    + [0xC0, 0x13, 0x00, 0x06, 0x00, 0x01, 0x00, 0x00, 0x03, 0x84, 0x00, 0x04, 0xDE, 0xAD, 0xBE, 0xEF]

/// A header announcing one question and nothing else.
private let oneQuestionHeader: [UInt8] = [0x00, 0x01, 0x81, 0x80, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]

@Suite("DNSMessage")
struct DNSMessageTests {
    @Test("a query is a standard recursive query with one IN question, lowercased, trailing dot dropped")
    func queryBytes() throws {
        let bytes = try DNSMessage.query(id: 0xBEEF, name: "_sip._UDP.Example.com.", type: .srv)
        let expected: [UInt8] = [0xBE, 0xEF, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]
            + label("_sip") + label("_udp") + label("example") + label("com") + [0x00, 0x00, 0x21, 0x00, 0x01]
        #expect(bytes == expected)

        let parsed = try DNSMessage(parsing: bytes)
        #expect(parsed.id == 0xBEEF)
        #expect(!parsed.isResponse)
        #expect(parsed.recursionDesired)
        #expect(parsed.questions == [DNSQuestion(name: "_sip._udp.example.com", type: .srv)])
    }

    @Test("names that cannot be queried are refused", arguments: [
        "a..b", ".a", String(repeating: "x", count: 64) + ".com",
        Array(repeating: String(repeating: "y", count: 63), count: 4).joined(separator: "."),
    ])
    func invalidQueryName(name: String) {
        #expect(throws: DNSMessageError.self) { try DNSMessage.query(id: 1, name: name, type: .a) }
    }

    @Test("an A answer, owner compressed")
    func aRecord() throws {
        let message = try DNSMessage(parsing: aResponse)
        #expect(message.id == 0x1234)
        #expect(message.isResponse)
        #expect(message.recursionAvailable)
        #expect(message.responseCode == .noError)
        #expect(message.questions == [DNSQuestion(name: "example.com", type: .a)])
        #expect(message.answers == [
            DNSResourceRecord(name: "example.com", type: .a, ttl: 3600, data: .a(try #require(IPAddress("192.0.2.1")))),
        ])
        #expect(message.answers.first?.address?.description == "192.0.2.1")
    }

    @Test("an AAAA answer")
    func aaaaRecord() throws {
        let message = try DNSMessage(parsing: aaaaResponse)
        let record = try #require(message.answers.first)
        #expect(record.type == .aaaa)
        #expect(record.ttl == 300)
        #expect(record.data == .aaaa(try #require(IPAddress("2001:db8::1"))))
        #expect(message.records(answering: "Example.COM.", type: .aaaa).records == [record])
    }

    @Test("SRV records with compressed owners, targets and an additional record pointing into RDATA")
    func srvRecords() throws {
        let message = try DNSMessage(parsing: srvResponse)
        #expect(message.questions.first?.name == "_sip._udp.example.com")
        let records = message.answers.compactMap(SRVRecord.init)
        #expect(records == [
            SRVRecord(priority: 10, weight: 60, port: 5060, target: "sip1.example.com"),
            SRVRecord(priority: 20, weight: 0, port: 5061, target: "sip2.example.com"),
        ])
        #expect(message.answers.allSatisfy { $0.name == "_sip._udp.example.com" && $0.ttl == 300 })
        #expect(message.additionals == [
            DNSResourceRecord(name: "sip1.example.com", type: .a, ttl: 300, data: .a(try #require(IPAddress("192.0.2.10")))),
        ])
    }

    @Test("a CNAME chain is followed inside the answer")
    func cnameChain() throws {
        let message = try DNSMessage(parsing: cnameResponse)
        #expect(message.answers.first?.data == .cname("sip.example.com"))
        let (records, canonicalName) = message.records(answering: "www.example.com", type: .a)
        #expect(canonicalName == "sip.example.com")
        #expect(records.map(\.address) == [IPAddress("192.0.2.7")])
        // Asked for a type the chain does not end in: nothing, and the name to ask next.
        let (none, next) = message.records(answering: "www.example.com", type: .aaaa)
        #expect(none.isEmpty)
        #expect(next == "sip.example.com")
    }

    @Test("a CNAME loop inside an answer ends instead of spinning")
    func cnameLoop() throws {
        // a.example CNAME b.example; b.example CNAME a.example (names uncompressed).
        let bytes: [UInt8] = [0x00, 0x09, 0x81, 0x80, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00]
            + label("a") + label("example") + [0x00, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3C, 0x00, 0x0B]
            + label("b") + label("example") + [0x00]
            + label("b") + label("example") + [0x00, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3C, 0x00, 0x0B]
            + label("a") + label("example") + [0x00]
        let message = try DNSMessage(parsing: bytes)
        #expect(message.answers.count == 2)
        let (records, _) = message.records(answering: "a.example", type: .a)
        #expect(records.isEmpty)
    }

    @Test("NXDOMAIN: the response code, no answers, the authority record kept undecoded")
    func nxdomain() throws {
        let message = try DNSMessage(parsing: nxdomainResponse)
        #expect(message.responseCode == .nameError)
        #expect(message.responseCode.description == "NXDOMAIN")
        #expect(message.answers.isEmpty)
        #expect(message.authorities == [
            DNSResourceRecord(name: "example.com", type: DNSRecordType(rawValue: 6), ttl: 900,
                              data: .other(type: DNSRecordType(rawValue: 6), bytes: [0xDE, 0xAD, 0xBE, 0xEF])),
        ])
    }

    @Test("every truncation of a valid response is an error, never a crash",
          arguments: [aResponse, aaaaResponse, srvResponse, cnameResponse, nxdomainResponse])
    func everyTruncationFails(response: [UInt8]) throws {
        _ = try DNSMessage(parsing: response)
        for length in 0..<response.count {
            #expect(throws: DNSMessageError.self, "cut at \(length)") {
                try DNSMessage(parsing: Array(response.prefix(length)))
            }
        }
    }

    @Test("a truncated packet names the field and the offset")
    func truncatedDetails() {
        #expect(throws: DNSMessageError(.truncated(field: "QDCOUNT"), offset: 4)) {
            try DNSMessage(parsing: Array(aResponse.prefix(5)))
        }
        // Cut inside the answer's 4 bytes of address: RDLENGTH promises more than there is.
        #expect(throws: DNSMessageError(.truncated(field: "A record data"), offset: aResponse.count - 4)) {
            try DNSMessage(parsing: Array(aResponse.dropLast(2)))
        }
    }

    @Test("a pointer to itself is a loop")
    func selfPointer() {
        #expect(throws: DNSMessageError(.pointerLoop(target: 12), offset: 12)) {
            try DNSMessage(parsing: oneQuestionHeader + [0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01])
        }
    }

    @Test("a pointer back to the start of its own name is a loop")
    func pointerToOwnName() {
        // "a" then a pointer to byte 12, where "a" starts: a.a.a.a... for ever.
        #expect(throws: DNSMessageError(.pointerLoop(target: 12), offset: 14)) {
            try DNSMessage(parsing: oneQuestionHeader + label("a") + [0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01])
        }
    }

    @Test("two names pointing at each other are a loop")
    func mutualPointers() {
        // Question name at 12 points forward to the answer name at 18, which points back to 12.
        var header = oneQuestionHeader
        header[7] = 0x01
        let bytes = header + [0xC0, 0x12, 0x00, 0x01, 0x00, 0x01]
            + [0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3C, 0x00, 0x04, 192, 0, 2, 1]
        #expect(throws: DNSMessageError(.pointerLoop(target: 18), offset: 12)) {
            try DNSMessage(parsing: bytes)
        }
    }

    @Test("a pointer into the header or past the end is refused")
    func pointerOutOfRange() {
        #expect(throws: DNSMessageError(.pointerOutOfRange(target: 2), offset: 12)) {
            try DNSMessage(parsing: oneQuestionHeader + [0xC0, 0x02, 0x00, 0x01, 0x00, 0x01])
        }
        #expect(throws: DNSMessageError(.pointerOutOfRange(target: 0x3FFF), offset: 12)) {
            try DNSMessage(parsing: oneQuestionHeader + [0xFF, 0xFF, 0x00, 0x01, 0x00, 0x01])
        }
    }

    @Test("reserved label types are refused")
    func reservedLabelType() {
        #expect(throws: DNSMessageError(.reservedLabelType(0x41), offset: 12)) {
            try DNSMessage(parsing: oneQuestionHeader + [0x41, 0x00, 0x00, 0x01, 0x00, 0x01])
        }
    }

    @Test("a name longer than 255 bytes is refused")
    func nameTooLong() {
        let longName: [UInt8] = (0..<5).flatMap { _ in label(String(repeating: "z", count: 63)) } + [0x00]
        #expect(throws: DNSMessageError(.nameTooLong, offset: 12)) {
            try DNSMessage(parsing: oneQuestionHeader + longName + [0x00, 0x01, 0x00, 0x01])
        }
    }

    @Test("RDATA of the wrong length for its type is refused")
    func badRecordLength() {
        var bytes = aResponse.dropLast(6) + [0x00, 0x05, 192, 0, 2, 1, 9]
        #expect(throws: DNSMessageError(.badRecordData(type: .a, length: 5), offset: aResponse.count - 4)) {
            try DNSMessage(parsing: Array(bytes))
        }
        // An SRV whose target runs past its RDLENGTH.
        bytes = srvResponse.prefix(39) + [0xC0, 0x0C, 0x00, 0x21, 0x00, 0x01, 0x00, 0x00, 0x01, 0x2C, 0x00, 0x07]
            + [0x00, 0x0A, 0x00, 0x3C, 0x13, 0xC4] + label("x") + [0x00]
        var answerOnly = Array(bytes)
        answerOnly[7] = 0x01
        answerOnly[11] = 0x00
        #expect(throws: DNSMessageError(.badRecordData(type: .srv, length: 7), offset: 51)) {
            try DNSMessage(parsing: answerOnly)
        }
    }

    @Test("label bytes that are not plain text are escaped, so a dot inside a label stays one label")
    func labelEscaping() throws {
        let bytes = oneQuestionHeader + [0x03, 0x61, 0x2E, 0x62, 0x01, 0x20, 0x00, 0x00, 0x01, 0x00, 0x01]
        let message = try DNSMessage(parsing: bytes)
        #expect(message.questions.first?.name == "a\\046b.\\032")
    }
}
