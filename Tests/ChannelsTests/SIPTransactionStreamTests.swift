import NIOCore
import NIOEmbedded
import Testing
@testable import Channels
@testable import PBXCore

/// Transactions over TCP (RFC 3261 §17): everything goes over the
/// connection, nothing is retransmitted, the timeouts stay, the lingering
/// timers (I, J, K) are zero, and the connection is held while they run.
@Suite("SIP transactions over TCP")
struct SIPTransactionStreamTests {
    /// The transaction bench with one connected TCP connection on its loop.
    private struct StreamBench {
        let bench: SIPTransactionBench
        let connection: EmbeddedChannel
        let source: SIPPacketSource

        init() throws {
            bench = try SIPTransactionBench()
            connection = EmbeddedChannel(loop: bench.loop)
            let remote = try SocketAddress(ipAddress: "192.0.2.10", port: 40_000)
            connection.remoteAddress = remote
            try connection.connect(to: remote).wait()
            let local = try #require(IPAddress("192.0.2.1"))
            source = SIPPacketSource(socketIndex: 0, transport: "TCP", remote: remote,
                                     remoteHostPort: HostPort(address: try #require(IPAddress("192.0.2.10")), port: 40_000),
                                     localAddress: local, localPort: 5060, connection: connection)
        }

        var connections: SIPConnectionTable { bench.transport.connections }

        /// Buffers written to the connection since the last call.
        func written() throws -> [ByteBuffer] {
            var buffers: [ByteBuffer] = []
            while let buffer = try connection.readOutbound(as: ByteBuffer.self) { buffers.append(buffer) }
            return buffers
        }

        /// Moves time on in 100 ms steps; the times (ms) anything was written.
        func writeTimes(over total: TimeAmount) throws -> [Int64] {
            var times: [Int64] = []
            var moved = TimeAmount.zero
            while moved < total {
                bench.loop.advanceTime(by: .milliseconds(100))
                moved = moved + .milliseconds(100)
                for _ in try written() { times.append(bench.elapsedMilliseconds) }
                for _ in try bench.sent() { times.append(-bench.elapsedMilliseconds) }
            }
            return times
        }
    }

    @Test func nonInviteResponseGoesOverTheConnectionAndTheTransactionEndsAtOnce() throws {
        let stream = try StreamBench()
        let request = try SIPMessage(parsing: SIPWire.message(requestLines("OPTIONS")))
        let transaction = stream.bench.layer.createServer(for: request, source: stream.source)
        #expect(stream.connections.isInUse(stream.connection), "held while the transaction runs")

        let response = stream.bench.encode(.response(to: request, status: 200, toTag: "t"))
        transaction.respond(response, status: 200)
        #expect(try stream.written() == [response])
        #expect(try stream.bench.sent().isEmpty, "nothing by UDP")
        #expect(transaction.state == .terminated, "Timer J is zero on a stream")
        #expect(stream.bench.layer.serverCount == 0)
        #expect(!stream.connections.isInUse(stream.connection))
    }

    @Test func inviteErrorIsNotRetransmittedButTimerHStillEndsIt() throws {
        let stream = try StreamBench()
        let invite = try SIPMessage(parsing: SIPWire.message(requestLines("INVITE")))
        let transaction = stream.bench.layer.createServer(for: invite, source: stream.source)
        transaction.respond(stream.bench.encode(.response(to: invite, status: 486, toTag: "busy")), status: 486)
        #expect(try stream.written().count == 1)
        #expect(transaction.state == .completed)

        #expect(try stream.writeTimes(over: .milliseconds(31_900)).isEmpty, "no Timer G on a stream")
        #expect(transaction.state == .completed, "still waiting for the ACK")
        stream.bench.loop.advanceTime(by: .milliseconds(100))
        #expect(transaction.state == .terminated, "Timer H: 64·T1")
        #expect(!stream.connections.isInUse(stream.connection))
    }

    @Test func ackEndsAnInviteTransactionAtOnce() throws {
        let stream = try StreamBench()
        let invite = try SIPMessage(parsing: SIPWire.message(requestLines("INVITE")))
        let transaction = stream.bench.layer.createServer(for: invite, source: stream.source)
        transaction.respond(stream.bench.encode(.response(to: invite, status: 486, toTag: "busy")), status: 486)
        transaction.ackReceived()
        #expect(transaction.state == .terminated, "Timer I is zero on a stream")
        #expect(stream.bench.layer.serverCount == 0)
    }

    @Test func clientRequestIsSentOnceAndTimesOutOnTimerF() throws {
        let stream = try StreamBench()
        var results: [(status: Int?, at: Int64)] = []
        let bytes = ByteBuffer(string: "BYE sip:x SIP/2.0\r\n\r\n")
        stream.bench.layer.sendRequest(branch: "z9hG4bKtcp1", bytes: bytes, to: stream.source.remote, socketIndex: 0,
                                       connection: stream.connection) { response in
            results.append((response?.statusCode, stream.bench.elapsedMilliseconds))
        }
        #expect(try stream.written() == [bytes])
        #expect(stream.connections.isInUse(stream.connection))

        #expect(try stream.writeTimes(over: .seconds(32)).isEmpty, "no Timer E on a stream")
        try #require(results.count == 1)
        #expect(results[0].status == nil)
        #expect(results[0].at == 32_000, "Timer F still applies")
        #expect(stream.bench.layer.clientCount == 0, "Timer K is zero on a stream")
        #expect(!stream.connections.isInUse(stream.connection))
    }

    @Test func clientResponseEndsTheTransactionAtOnce() throws {
        let stream = try StreamBench()
        var statuses: [Int?] = []
        // Along a source (a dialog's path): its connection carries the request.
        stream.bench.layer.sendRequest(branch: "z9hG4bKtcp2", bytes: ByteBuffer(string: "x"), path: stream.source) {
            statuses.append($0?.statusCode)
        }
        #expect(try stream.written() == [ByteBuffer(string: "x")])
        #expect(try stream.bench.sent().isEmpty)
        let ok = SIPWire.message([
            "SIP/2.0 200 OK", "Via: SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bKtcp2", "From: <sip:a@192.0.2.1>;tag=1",
            "To: <sip:b@192.0.2.10>;tag=2", "Call-ID: c", "CSeq: 2 BYE", "Content-Length: 0",
        ])
        #expect(stream.bench.layer.responseReceived(try SIPMessage(parsing: ok)))
        #expect(statuses == [200])
        #expect(stream.bench.layer.clientCount == 0)
    }

    @Test func failedWriteEndsTheClientTransactionAtOnce() throws {
        let stream = try StreamBench()
        try stream.connection.pipeline.syncOperations.addHandler(FailingWrites())
        var statuses: [Int?] = []
        stream.bench.layer.sendRequest(branch: "z9hG4bKtcp3", bytes: ByteBuffer(string: "x"), to: stream.source.remote, socketIndex: 0,
                                       connection: stream.connection) { statuses.append($0?.statusCode) }
        stream.bench.loop.run()
        #expect(statuses == [nil], "a transport error is reported as no response (RFC 3261 §17.1.4)")
        #expect(stream.bench.layer.clientCount == 0)
    }
}

/// Fails every write, as a socket whose connection broke would.
private final class FailingWrites: ChannelOutboundHandler {
    typealias OutboundIn = ByteBuffer

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        promise?.fail(ChannelError.ioOnClosedChannel)
    }
}

private func requestLines(_ method: String) -> [String] {
    [
        "\(method) sip:100@192.0.2.1 SIP/2.0",
        "Via: SIP/2.0/TCP 192.0.2.10:5070;branch=z9hG4bK-tcp-\(method)",
        "Max-Forwards: 70",
        "From: <sip:alice@192.0.2.10>;tag=a1",
        "To: <sip:100@192.0.2.1>",
        "Call-ID: tcp-\(method)@192.0.2.10",
        "CSeq: 1 \(method)",
        "Content-Length: 0",
    ]
}
