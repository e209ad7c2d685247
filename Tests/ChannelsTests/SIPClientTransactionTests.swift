import NIOCore
import NIOEmbedded
import Testing
@testable import Channels

/// Non-INVITE client transactions (RFC 3261 §17.1.2) on an embedded loop:
/// Timer E retransmission, Timer F timeout, one report per transaction.
@Suite("SIPClientTransaction")
struct SIPClientTransactionTests {
    /// What the completion closure was given, and when.
    private final class Reports {
        var results: [(status: Int?, atMilliseconds: Int64)] = []
    }

    private func start(_ bench: SIPTransactionBench, branch: String = "z9hG4bKcli1") -> Reports {
        let reports = Reports()
        bench.layer.sendRequest(branch: branch, bytes: ByteBuffer(bytes: outgoingOptions), to: bench.peer, socketIndex: 0) { response in
            reports.results.append((response?.statusCode, bench.elapsedMilliseconds))
        }
        return reports
    }

    @Test func retransmitsOnTimerEAndReportsNilOnTimerF() throws {
        let bench = try SIPTransactionBench()
        let reports = start(bench)
        let first = try bench.sent()
        try #require(first.count == 1, "sent at once")
        #expect(first[0].remoteAddress == bench.peer)
        #expect(Array(first[0].data.readableBytesView) == outgoingOptions)
        #expect(bench.layer.clientCount == 1)

        // T1, doubling, capped at T2; Timer F at 64·T1 = 32 s stops it.
        let times = try bench.sendTimes(over: .seconds(32))
        #expect(times == [500, 1_500, 3_500, 7_500, 11_500, 15_500, 19_500, 23_500, 27_500, 31_500])
        try #require(reports.results.count == 1)
        #expect(reports.results[0].status == nil, "a timeout is reported as no response")
        #expect(reports.results[0].atMilliseconds == 32_000)

        #expect(try bench.sendTimes(over: .seconds(4)).isEmpty)
        #expect(bench.layer.clientCount == 1, "Timer K keeps it a little longer")
        bench.loop.advanceTime(by: .seconds(1))
        #expect(bench.layer.clientCount == 0)
        #expect(reports.results.count == 1, "reported once")
    }

    @Test func finalResponseIsReportedOnceAndStopsRetransmission() throws {
        let bench = try SIPTransactionBench()
        let reports = start(bench)
        _ = try bench.sent()
        #expect(try bench.sendTimes(over: .milliseconds(1_600)) == [500, 1_500])

        #expect(bench.layer.responseReceived(try SIPMessage(parsing: okForOptions)))
        try #require(reports.results.count == 1)
        #expect(reports.results[0].status == 200)
        #expect(reports.results[0].atMilliseconds == 1_600)

        // A retransmitted 200 is absorbed, not reported again.
        #expect(bench.layer.responseReceived(try SIPMessage(parsing: okForOptions)))
        #expect(reports.results.count == 1)

        #expect(try bench.sendTimes(over: .seconds(40)).isEmpty, "no retransmission, and Timer F does not fire")
        #expect(reports.results.count == 1)
        #expect(bench.layer.clientCount == 0)
        #expect(!bench.layer.responseReceived(try SIPMessage(parsing: okForOptions)), "gone after Timer K")
    }

    @Test func errorResponseIsFinalToo() throws {
        let bench = try SIPTransactionBench()
        let reports = start(bench)
        #expect(bench.layer.responseReceived(try SIPMessage(parsing: notFoundForOptions)))

        #expect(reports.results.map(\.status) == [404])
        _ = try bench.sent()
        #expect(try bench.sendTimes(over: .seconds(10)).isEmpty)
    }

    @Test func provisionalResponseDoesNotComplete() throws {
        let bench = try SIPTransactionBench()
        let reports = start(bench)
        _ = try bench.sent()
        #expect(bench.layer.responseReceived(try SIPMessage(parsing: tryingForOptions)))
        #expect(reports.results.isEmpty)

        // In Proceeding the request is retransmitted every T2 (RFC 3261 §17.1.2.2).
        #expect(try bench.sendTimes(over: .seconds(9)) == [500, 4_500, 8_500])
        #expect(reports.results.isEmpty)

        #expect(bench.layer.responseReceived(try SIPMessage(parsing: okForOptions)))
        #expect(reports.results.map(\.status) == [200])
        #expect(try bench.sendTimes(over: .seconds(30)).isEmpty)
    }

    @Test func provisionalThenSilenceStillEndsOnTimerF() throws {
        let bench = try SIPTransactionBench()
        let reports = start(bench)
        #expect(bench.layer.responseReceived(try SIPMessage(parsing: tryingForOptions)))

        bench.loop.advanceTime(by: .milliseconds(31_900))
        #expect(reports.results.isEmpty)
        bench.loop.advanceTime(by: .milliseconds(100))
        #expect(reports.results.count == 1)
        #expect(reports.results.first?.status == nil)
    }

    @Test func responseWithAnotherBranchIsNotMatched() throws {
        let bench = try SIPTransactionBench()
        let reports = start(bench, branch: "z9hG4bKsomethingelse")

        #expect(!bench.layer.responseReceived(try SIPMessage(parsing: okForOptions)))
        #expect(reports.results.isEmpty)
        #expect(bench.layer.clientCount == 1)
    }

    @Test func eachBranchIsItsOwnTransaction() throws {
        let bench = try SIPTransactionBench()
        let one = start(bench, branch: "z9hG4bKcli1")
        let two = start(bench, branch: "z9hG4bKcli2")
        #expect(bench.layer.clientCount == 2)
        #expect(try bench.sent().count == 2)

        #expect(bench.layer.responseReceived(try SIPMessage(parsing: okForOptions)))
        #expect(one.results.map(\.status) == [200])
        #expect(two.results.isEmpty)
        // Only the unanswered one keeps retransmitting.
        #expect(try bench.sendTimes(over: .milliseconds(1_500)) == [500, 1_500])
    }
}

/// A message from its lines: each ended by CRLF, then the empty line.
private func wire(_ lines: String...) -> [UInt8] {
    Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
}

private let outgoingOptions = wire(
    "OPTIONS sip:alice@192.0.2.10:5070 SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKcli1;rport",
    "Max-Forwards: 70",
    "From: <sip:pbx@192.0.2.1>;tag=q1",
    "To: <sip:alice@192.0.2.10>",
    "Call-ID: qualify-1@192.0.2.1",
    "CSeq: 1 OPTIONS",
    "Content-Length: 0")

private let tryingForOptions = wire(
    "SIP/2.0 100 Trying",
    "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKcli1;rport=5060",
    "From: <sip:pbx@192.0.2.1>;tag=q1",
    "To: <sip:alice@192.0.2.10>",
    "Call-ID: qualify-1@192.0.2.1",
    "CSeq: 1 OPTIONS",
    "Content-Length: 0")

private let okForOptions = wire(
    "SIP/2.0 200 OK",
    "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKcli1;rport=5060",
    "From: <sip:pbx@192.0.2.1>;tag=q1",
    "To: <sip:alice@192.0.2.10>;tag=r1",
    "Call-ID: qualify-1@192.0.2.1",
    "CSeq: 1 OPTIONS",
    "Content-Length: 0")

private let notFoundForOptions = wire(
    "SIP/2.0 404 Not Found",
    "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKcli1;rport=5060",
    "From: <sip:pbx@192.0.2.1>;tag=q1",
    "To: <sip:alice@192.0.2.10>;tag=r2",
    "Call-ID: qualify-1@192.0.2.1",
    "CSeq: 1 OPTIONS",
    "Content-Length: 0")
