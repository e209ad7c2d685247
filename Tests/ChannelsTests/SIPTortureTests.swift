import Channels
import PBXCore
import Testing

/// The RFC 4475 and RFC 5118 torture messages under `Fixtures/`, each held
/// to what its RFC says a parser must do with it (see Fixtures/README.md).
@Suite("SIP torture messages (RFC 4475, RFC 5118)")
struct SIPTortureTests {
    @Test func everyFixtureHasAnExpectationInTheRightFolder() throws {
        let fixtures = try TortureFixture.loadAll()
        let expectations = TortureExpectation.all
        #expect(Set(fixtures.map(\.key)) == Set(expectations.keys))

        let counts = Dictionary(grouping: fixtures) { "\($0.rfc)/\($0.verdict)" }.mapValues(\.count)
        #expect(counts == ["rfc4475/valid": 13, "rfc4475/invalid": 19, "rfc5118/valid": 11, "rfc5118/invalid": 1])

        for fixture in fixtures {
            let expectation = try #require(expectations[fixture.key])
            #expect(expectation.isValid == (fixture.verdict == "valid"), "\(fixture.key) is filed against its RFC verdict")
        }
    }

    @Test(arguments: TortureExpectation.all.keys.sorted())
    func messageIsHandledAsItsRFCSays(_ key: String) throws {
        let fixture = try #require(try TortureFixture.loadAll().first { $0.key == key }, "no fixture \(key)")
        let expectation = try #require(TortureExpectation.all[key])

        switch expectation.outcome {
        case .accept(let facts):
            let message = try SIPMessage(parsing: fixture.bytes)
            try check(message, against: facts, in: fixture.bytes)

        case .acceptOnceFramed(let facts, let stated):
            #expect(throws: SIPParseError.self, "Content-Length \(stated) counts more than the body holds") {
                try SIPMessage(parsing: fixture.bytes)
            }
            let framed = try #require(fixture.replacingContentLength(stated, with: facts.contentLength))
            let message = try SIPMessage(parsing: framed)
            try check(message, against: facts, in: framed)

        case .reject:
            #expect(throws: SIPParseError.self, "RFC \(expectation.section): \(key) must be refused") {
                try SIPMessage(parsing: fixture.bytes)
            }

        case .rejectOrFlag(let flagged):
            if let message = try? SIPMessage(parsing: fixture.bytes) {
                flagged(message)
            }
        }
    }

    /// RFC 4475's baddn copy lacks the empty line after its headers; closed,
    /// it tests what §3.1.2.15 is about: unquoted display names with commas.
    @Test func baddnWithItsHeaderSectionClosed() throws {
        let fixture = try #require(try TortureFixture.loadAll().first { $0.key == "rfc4475/invalid/baddn" })
        #expect(fixture.octetsAfterHeaders == nil)
        if let message = try? SIPMessage(parsing: fixture.bytes + Array("\r\n".utf8)) {
            TortureExpectation.baddnClosedCheck(message)
        }
    }

    /// Every fact of a valid message, and its body: Content-Length octets from
    /// the start of what follows the header section, nothing more.
    private func check(_ message: SIPMessage, against facts: TortureExpectation.Facts, in bytes: [UInt8]) throws {
        #expect(message.isRequest == (facts.method != nil))
        #expect(message.method?.rawValue == facts.method)
        #expect(message.statusCode == facts.statusCode)
        if let text = facts.requestURI {
            #expect(message.requestURI?.description == text)
        }
        if let address = facts.requestAddress {
            let host = try #require(TortureExpectation.host(address), "\(address) is an address")
            #expect(message.requestURI?.host == host)
            #expect(message.requestURI?.port == facts.requestPort)
            #expect(message.requestURI?.user == facts.requestUser)
        }
        #expect(message.callID == facts.callID)
        #expect(message.via.count == facts.viaCount)
        for literal in facts.viaLiterals {
            let host = try #require(TortureExpectation.host(literal.address), "\(literal.address) is an address")
            try #require(literal.index < message.via.count, "no Via #\(literal.index)")
            #expect(message.via[literal.index].sentBy.host == host)
            #expect(message.via[literal.index].sentBy.port == literal.port)
        }

        let declared = message.headers.values("Content-Length").compactMap { Int($0) }
        #expect(declared == [facts.contentLength])
        let afterHeaders = try #require(TortureFixture.octetsAfterHeaders(in: bytes))
        try #require(afterHeaders.count >= facts.contentLength, "the fixture holds the counted body")
        #expect(message.body == Array(afterHeaders.prefix(facts.contentLength)))

        facts.more?(message)
    }
}
