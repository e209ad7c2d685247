@testable import Channels
import Testing

@Suite("CSeq")
struct CSeqTests {
    @Test func numberAndMethodAreRead() throws {
        let cseq = try CSeq(parsing: "4711 INVITE")
        #expect(cseq.number == 4711)
        #expect(cseq.method == .invite)
        #expect(cseq.description == "4711 INVITE")
    }

    @Test func tabsAndExtensionMethods() throws {
        let cseq = try CSeq(parsing: "1\t\tPUBLISH")
        #expect(cseq.method == SIPMethod("PUBLISH"))
        #expect(cseq.description == "1 PUBLISH")
    }

    @Test func largestNumberFits() throws {
        #expect(try CSeq(parsing: "4294967295 BYE").number == UInt32.max)
    }

    @Test(arguments: ["", "INVITE", "1", "-1 INVITE", "4294967296 INVITE", "1 INV@TE", "1 INVITE extra", "x INVITE"])
    func malformedValuesAreRefused(_ text: String) {
        #expect(throws: SIPParseError("bad CSeq '\(text)'")) { try CSeq(parsing: Substring(text)) }
    }
}
