import NIOCore
import NIOEmbedded
import Testing
@testable import Channels
@testable import PBXCore

/// Server transactions (RFC 3261 §17.2) on an embedded loop: what they send,
/// when, and when they are gone. Default timers: T1 500 ms, T2 4 s, T4 5 s.
@Suite("SIPServerTransaction")
struct SIPServerTransactionTests {
    @Test func nonInviteResendsItsFinalResponseAndIsGoneAfterTimerJ() throws {
        let bench = try SIPTransactionBench()
        let request = try SIPMessage(parsing: optionsRequest)
        let transaction = bench.layer.createServer(for: request, source: bench.source)
        #expect(transaction.state == .trying)

        transaction.respond(bench.encode(.response(to: request, status: 200, toTag: "t1")), status: 200)
        let first = try bench.sent()
        try #require(first.count == 1)
        #expect(first[0].remoteAddress == bench.peer)
        #expect(transaction.state == .completed)

        let retransmission = try #require(bench.layer.matchServer(try SIPMessage(parsing: optionsRequest)))
        #expect(retransmission === transaction)
        retransmission.retransmissionReceived()
        let again = try bench.sent()
        try #require(again.count == 1)
        #expect(again[0].data == first[0].data, "the same response, byte for byte")

        // A non-INVITE final response is never retransmitted by a timer.
        #expect(try bench.sendTimes(over: .milliseconds(31_900)).isEmpty)
        #expect(bench.layer.serverCount == 1)
        bench.loop.advanceTime(by: .milliseconds(100))
        #expect(bench.layer.serverCount == 0, "Timer J is 64·T1")
        #expect(transaction.state == .terminated)
        #expect(bench.layer.matchServer(request) == nil)
    }

    @Test func nonInviteProvisionalIsResentForARetransmission() throws {
        let bench = try SIPTransactionBench()
        let request = try SIPMessage(parsing: optionsRequest)
        let transaction = bench.layer.createServer(for: request, source: bench.source)

        transaction.retransmissionReceived()
        #expect(try bench.sent().isEmpty, "nothing to resend before a response")
        transaction.respond(bench.encode(.response(to: request, status: 100)), status: 100)
        #expect(transaction.state == .proceeding)
        transaction.retransmissionReceived()
        let sent = try bench.sent()
        try #require(sent.count == 2)
        #expect(try SIPMessage(parsing: Array(sent[1].data.readableBytesView)).statusCode == 100)
    }

    @Test func inviteErrorResponseRetransmitsOnTimerGAndEndsOnTimerH() throws {
        let bench = try SIPTransactionBench()
        let invite = try SIPMessage(parsing: inviteRequest)
        let transaction = bench.layer.createServer(for: invite, source: bench.source)
        #expect(transaction.state == .proceeding)
        transaction.respond(bench.encode(.response(to: invite, status: 100)), status: 100)
        transaction.respond(bench.encode(.response(to: invite, status: 486, toTag: "busy")), status: 486)
        let sent = try bench.sent()
        #expect(sent.count == 2)
        #expect(transaction.state == .completed)

        // T1, then doubling (1 s, 2 s) up to T2 = 4 s, and nothing from 64·T1 on.
        let times = try bench.sendTimes(over: .seconds(40))
        #expect(times == [500, 1_500, 3_500, 7_500, 11_500, 15_500, 19_500, 23_500, 27_500, 31_500])
        #expect(transaction.state == .terminated, "Timer H: no ACK within 64·T1")
        #expect(bench.layer.serverCount == 0)
    }

    @Test func ackStopsRetransmissionAndTimerIEndsTheTransaction() throws {
        let bench = try SIPTransactionBench()
        let invite = try SIPMessage(parsing: inviteRequest)
        let transaction = bench.layer.createServer(for: invite, source: bench.source)
        transaction.respond(bench.encode(.response(to: invite, status: 486, toTag: "busy")), status: 486)
        _ = try bench.sent()
        #expect(try bench.sendTimes(over: .milliseconds(1_500)) == [500, 1_500])

        let ack = try SIPMessage(parsing: ackForErrorResponse)
        let matched = try #require(bench.layer.matchServer(ack))
        #expect(matched === transaction)
        matched.ackReceived()
        #expect(transaction.state == .confirmed)

        #expect(try bench.sendTimes(over: .milliseconds(4_900)).isEmpty, "no retransmission once confirmed")
        #expect(bench.layer.serverCount == 1, "still absorbing ACK retransmissions")
        bench.loop.advanceTime(by: .milliseconds(100))
        #expect(transaction.state == .terminated, "Timer I is T4 after the ACK")
        #expect(bench.layer.serverCount == 0)
    }

    @Test func inviteTwoHundredEndsTheTransactionAtOnce() throws {
        let bench = try SIPTransactionBench()
        let invite = try SIPMessage(parsing: inviteRequest)
        let transaction = bench.layer.createServer(for: invite, source: bench.source)
        transaction.respond(bench.encode(.response(to: invite, status: 200, toTag: "ok")), status: 200)

        #expect(try bench.sent().count == 1)
        #expect(transaction.state == .terminated)
        #expect(bench.layer.serverCount == 0)
        #expect(bench.layer.matchServer(invite) == nil)
        #expect(try bench.sendTimes(over: .seconds(40)).isEmpty, "2xx retransmission belongs to the session, not here")
    }

    @Test func retransmittedInviteGetsTheLastResponseAgain() throws {
        let bench = try SIPTransactionBench()
        let invite = try SIPMessage(parsing: inviteRequest)
        let transaction = bench.layer.createServer(for: invite, source: bench.source)
        transaction.respond(bench.encode(.response(to: invite, status: 100)), status: 100)
        transaction.retransmissionReceived()
        transaction.respond(bench.encode(.response(to: invite, status: 486, toTag: "busy")), status: 486)
        transaction.retransmissionReceived()

        let statuses = try bench.sent().map { try SIPMessage(parsing: Array($0.data.readableBytesView)).statusCode }
        #expect(statuses == [100, 100, 486, 486])
    }

    @Test func aSecondFinalResponseIsIgnored() throws {
        let bench = try SIPTransactionBench()
        let request = try SIPMessage(parsing: optionsRequest)
        let transaction = bench.layer.createServer(for: request, source: bench.source)
        transaction.respond(bench.encode(.response(to: request, status: 200)), status: 200)
        transaction.respond(bench.encode(.response(to: request, status: 500)), status: 500)

        #expect(try bench.sent().count == 1)
        #expect(transaction.lastStatus == 200)
    }

    @Test func timersFollowAConfiguredT1() throws {
        var timers = SIPTimers()
        timers.t1 = .milliseconds(100)
        timers.t2 = .milliseconds(400)
        let bench = try SIPTransactionBench(timers: timers)
        let invite = try SIPMessage(parsing: inviteRequest)
        let transaction = bench.layer.createServer(for: invite, source: bench.source)
        transaction.respond(bench.encode(.response(to: invite, status: 603, toTag: "no")), status: 603)
        _ = try bench.sent()

        let times = try bench.sendTimes(over: .seconds(10), step: .milliseconds(100))
        #expect(times == [100, 300, 700, 1_100, 1_500, 1_900, 2_300, 2_700, 3_100, 3_500, 3_900, 4_300, 4_700, 5_100,
                          5_500, 5_900, 6_300])
        #expect(bench.layer.serverCount == 0, "Timer H at 64 × 100 ms")
    }

    // MARK: - Matching (RFC 3261 §17.2.3)

    @Test func retransmissionMatchesAndAnotherBranchDoesNot() throws {
        let bench = try SIPTransactionBench()
        let transaction = bench.layer.createServer(for: try SIPMessage(parsing: optionsRequest), source: bench.source)

        #expect(bench.layer.matchServer(try SIPMessage(parsing: optionsRequest)) === transaction)
        #expect(bench.layer.matchServer(try SIPMessage(parsing: optionsNewBranch)) == nil)
        #expect(bench.layer.matchServer(try SIPMessage(parsing: optionsOtherSentBy)) == nil,
                "the same branch from another sent-by is another transaction")
    }

    @Test func ackForANon2xxMatchesTheInviteButAnAckWithItsOwnBranchDoesNot() throws {
        let bench = try SIPTransactionBench()
        let invite = bench.layer.createServer(for: try SIPMessage(parsing: inviteRequest), source: bench.source)

        #expect(bench.layer.matchServer(try SIPMessage(parsing: ackForErrorResponse)) === invite)
        #expect(bench.layer.matchServer(try SIPMessage(parsing: ackFor2xx)) == nil)
    }

    @Test func cancelHasItsOwnTransactionAndFindsTheInvite() throws {
        let bench = try SIPTransactionBench()
        let invite = bench.layer.createServer(for: try SIPMessage(parsing: inviteRequest), source: bench.source)
        let cancelRequest = try SIPMessage(parsing: cancelForInvite)

        #expect(bench.layer.matchServer(cancelRequest) == nil, "a CANCEL is not a retransmission of the INVITE")
        #expect(bench.layer.inviteTransaction(cancelledBy: cancelRequest) === invite)

        let cancel = bench.layer.createServer(for: cancelRequest, source: bench.source)
        #expect(cancel !== invite)
        #expect(bench.layer.serverCount == 2)
        #expect(bench.layer.matchServer(cancelRequest) === cancel)
        #expect(bench.layer.matchServer(try SIPMessage(parsing: inviteRequest)) === invite)

        cancel.respond(bench.encode(.response(to: cancelRequest, status: 200)), status: 200)
        #expect(invite.state == .proceeding, "answering the CANCEL leaves the INVITE to its own response")
    }

    @Test func preRFC3261BranchesMatchByCallIDTagAndCSeq() throws {
        let bench = try SIPTransactionBench()
        let old = try SIPMessage(parsing: oldStyleInvite)
        let transaction = bench.layer.createServer(for: old, source: bench.source)

        #expect(bench.layer.matchServer(try SIPMessage(parsing: oldStyleInvite)) === transaction)
        #expect(bench.layer.matchServer(try SIPMessage(parsing: oldStyleAck)) === transaction)
        #expect(bench.layer.matchServer(try SIPMessage(parsing: oldStyleNextCSeq)) == nil)
        #expect(SIPTransactionLayer.serverKey(for: old, method: .invite)
                == SIPTransactionLayer.serverKey(for: try SIPMessage(parsing: oldStyleAck), method: .invite))
    }

    @Test func serverKeyNamesBranchSentByAndMethod() throws {
        let invite = try SIPMessage(parsing: inviteRequest)
        let cancel = try SIPMessage(parsing: cancelForInvite)
        let inviteKey = SIPTransactionLayer.serverKey(for: invite, method: .invite)

        #expect(inviteKey == SIPTransactionLayer.serverKey(for: cancel, method: .invite))
        #expect(inviteKey != SIPTransactionLayer.serverKey(for: cancel, method: .cancel))
        #expect(inviteKey.contains("z9hG4bKinv1"))
        #expect(inviteKey.contains("192.0.2.10:5070"))
    }
}

/// An embedded loop and one embedded UDP socket under a transaction layer,
/// with time moved by hand. The stack tests use it too.
struct SIPTransactionBench {
    let loop: EmbeddedEventLoop
    let channel: EmbeddedChannel
    let transport: SIPTransport
    let layer: SIPTransactionLayer
    /// The far end every test message comes from.
    let peer: SocketAddress
    let source: SIPPacketSource
    private let start: NIODeadline

    init(timers: SIPTimers = SIPTimers()) throws {
        loop = EmbeddedEventLoop()
        channel = EmbeddedChannel(loop: loop)
        channel.localAddress = try SocketAddress(ipAddress: "192.0.2.1", port: 5060)
        let local = try #require(IPAddress("192.0.2.1"))
        let socket = SocketSet.Socket(index: 0, channel: channel, bound: HostPort(address: local, port: 5060))
        transport = SIPTransport(sockets: SocketSet(sockets: [socket]))
        layer = SIPTransactionLayer(loop: loop, transport: transport, timers: timers)
        peer = try SocketAddress(ipAddress: "192.0.2.10", port: 5070)
        let remote = try #require(HostPort(socketAddress: peer))
        source = SIPPacketSource(socketIndex: 0, transport: "UDP", remote: peer, remoteHostPort: remote,
                                 localAddress: local, localPort: 5060)
        start = loop.now
    }

    func encode(_ message: SIPOutgoingMessage) -> ByteBuffer {
        transport.encode(message)
    }

    /// Milliseconds since the bench was made, by the loop's clock.
    var elapsedMilliseconds: Int64 {
        (loop.now - start).nanoseconds / 1_000_000
    }

    /// Every envelope written since the last call.
    func sent() throws -> [AddressedEnvelope<ByteBuffer>] {
        var envelopes: [AddressedEnvelope<ByteBuffer>] = []
        while let envelope = try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) { envelopes.append(envelope) }
        return envelopes
    }

    /// Moves time on by `total` in `step`s and gives the times (ms since the
    /// bench was made) at which something was sent, one entry per envelope.
    func sendTimes(over total: TimeAmount, step: TimeAmount = .milliseconds(100)) throws -> [Int64] {
        var times: [Int64] = []
        var moved = TimeAmount.zero
        while moved < total {
            loop.advanceTime(by: step)
            moved = moved + step
            for _ in try sent() { times.append(elapsedMilliseconds) }
        }
        return times
    }
}

/// A message from its lines: each ended by CRLF, then the empty line.
private func wire(_ lines: String...) -> [UInt8] {
    Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
}

private let optionsRequest = wire(
    "OPTIONS sip:192.0.2.1 SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bKopt1",
    "Max-Forwards: 70",
    "From: <sip:probe@192.0.2.10>;tag=p1",
    "To: <sip:192.0.2.1>",
    "Call-ID: opt-1@192.0.2.10",
    "CSeq: 1 OPTIONS",
    "Content-Length: 0")

private let optionsNewBranch = wire(
    "OPTIONS sip:192.0.2.1 SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bKopt2",
    "Max-Forwards: 70",
    "From: <sip:probe@192.0.2.10>;tag=p1",
    "To: <sip:192.0.2.1>",
    "Call-ID: opt-1@192.0.2.10",
    "CSeq: 2 OPTIONS",
    "Content-Length: 0")

private let optionsOtherSentBy = wire(
    "OPTIONS sip:192.0.2.1 SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.77:5070;branch=z9hG4bKopt1",
    "Max-Forwards: 70",
    "From: <sip:probe@192.0.2.77>;tag=p7",
    "To: <sip:192.0.2.1>",
    "Call-ID: opt-7@192.0.2.77",
    "CSeq: 1 OPTIONS",
    "Content-Length: 0")

private let inviteRequest = wire(
    "INVITE sip:100@192.0.2.1 SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bKinv1",
    "Max-Forwards: 70",
    "From: \"Alice\" <sip:alice@192.0.2.10>;tag=a1",
    "To: <sip:100@192.0.2.1>",
    "Call-ID: inv-1@192.0.2.10",
    "CSeq: 1 INVITE",
    "Contact: <sip:alice@192.0.2.10:5070>",
    "Content-Length: 0")

/// The ACK for a non-2xx final response: the INVITE's branch (RFC 3261 §17.1.1.3).
private let ackForErrorResponse = wire(
    "ACK sip:100@192.0.2.1 SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bKinv1",
    "Max-Forwards: 70",
    "From: \"Alice\" <sip:alice@192.0.2.10>;tag=a1",
    "To: <sip:100@192.0.2.1>;tag=busy",
    "Call-ID: inv-1@192.0.2.10",
    "CSeq: 1 ACK",
    "Content-Length: 0")

/// The ACK for a 2xx is a request of its own, with a new branch.
private let ackFor2xx = wire(
    "ACK sip:100@192.0.2.1 SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bKack2",
    "Max-Forwards: 70",
    "From: \"Alice\" <sip:alice@192.0.2.10>;tag=a1",
    "To: <sip:100@192.0.2.1>;tag=ok",
    "Call-ID: inv-1@192.0.2.10",
    "CSeq: 1 ACK",
    "Content-Length: 0")

private let cancelForInvite = wire(
    "CANCEL sip:100@192.0.2.1 SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bKinv1",
    "Max-Forwards: 70",
    "From: \"Alice\" <sip:alice@192.0.2.10>;tag=a1",
    "To: <sip:100@192.0.2.1>",
    "Call-ID: inv-1@192.0.2.10",
    "CSeq: 1 CANCEL",
    "Content-Length: 0")

/// RFC 2543 clients send branches without the magic cookie, or none at all.
private let oldStyleInvite = wire(
    "INVITE sip:100@192.0.2.1 SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=1",
    "From: <sip:old@192.0.2.10>;tag=o1",
    "To: <sip:100@192.0.2.1>",
    "Call-ID: old-1@192.0.2.10",
    "CSeq: 10 INVITE",
    "Content-Length: 0")

private let oldStyleAck = wire(
    "ACK sip:100@192.0.2.1 SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.10:5070",
    "From: <sip:old@192.0.2.10>;tag=o1",
    "To: <sip:100@192.0.2.1>;tag=x",
    "Call-ID: old-1@192.0.2.10",
    "CSeq: 10 ACK",
    "Content-Length: 0")

private let oldStyleNextCSeq = wire(
    "INVITE sip:100@192.0.2.1 SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=1",
    "From: <sip:old@192.0.2.10>;tag=o1",
    "To: <sip:100@192.0.2.1>",
    "Call-ID: old-1@192.0.2.10",
    "CSeq: 11 INVITE",
    "Content-Length: 0")
