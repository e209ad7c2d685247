import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import Testing
@testable import Channels
@testable import PBXCore

/// One accepted TCP connection in an `EmbeddedChannel` with the pipeline the
/// listener installs: what it delivers, the table entry it keeps, the idle
/// timeout, and answers going back over it.
@Suite("SIPTCPConnectionHandler")
struct SIPTCPConnectionHandlerTests {
    private struct Harness {
        let channel: EmbeddedChannel
        let table = SIPConnectionTable()
        let delivered = NIOLockedValueBox<[(SIPMessage, SIPPacketSource)]>([])
        let remote: SocketAddress

        init(remote: SocketAddress, local: SocketAddress, idleTimeout: TimeAmount = .minutes(10)) throws {
            channel = EmbeddedChannel()
            channel.localAddress = local
            channel.remoteAddress = remote
            self.remote = remote
            let delivered = delivered
            try SIPTCPConnectionHandler.install(on: channel, table: table, idleTimeout: idleTimeout, logger: quietLogger,
                                                datagramSocketIndex: { $0.family == .ipv6 ? 1 : 0 }) { message, source in
                delivered.withLockedValue { $0.append((message, source)) }
            }
            try channel.connect(to: remote).wait()
        }

        var deliveries: [(SIPMessage, SIPPacketSource)] { delivered.withLockedValue { $0 } }
        var remoteHostPort: HostPort? { HostPort(socketAddress: remote) }

        func receive(_ bytes: [UInt8]) throws {
            try channel.writeInbound(ByteBuffer(bytes: bytes))
        }

        func outbound() throws -> [String] {
            var texts: [String] = []
            while let buffer = try channel.readOutbound(as: ByteBuffer.self) { texts.append(String(buffer: buffer)) }
            return texts
        }

        func advance(_ amount: TimeAmount) {
            channel.embeddedEventLoop.advanceTime(by: amount)
        }
    }

    @Test func requestIsDeliveredWithATCPSourceNamingTheConnection() throws {
        let harness = try Harness(remote: SocketAddress(ipAddress: "2001:db8::10", port: 40_123),
                                  local: SocketAddress(ipAddress: "2001:db8::1", port: 5060))
        try harness.receive(options(callID: "tcp-1", sentBy: "[2001:db8::10]:5060"))
        let deliveries = harness.deliveries
        try #require(deliveries.count == 1)
        let (message, source) = deliveries[0]
        #expect(message.callID == "tcp-1")
        #expect(source.transport == "TCP")
        #expect(source.isReliable)
        #expect(source.connection === harness.channel)
        #expect(source.remoteHostPort.description == "[2001:db8::10]:40123")
        #expect(source.local.description == "[2001:db8::1]:5060")
        #expect(source.socketIndex == 1, "the UDP socket of the connection's family")
        // RFC 3581: the port the connection really comes from is noted.
        #expect(message.via.first?.parameters["rport"] == "40123")
    }

    @Test func connectionIsInTheTableWhileOpen() throws {
        let harness = try Harness(remote: SocketAddress(ipAddress: "192.0.2.10", port: 40_000),
                                  local: SocketAddress(ipAddress: "192.0.2.1", port: 5060))
        let remote = try #require(harness.remoteHostPort)
        #expect(harness.table.connection(to: remote) === harness.channel)
        try harness.channel.close().wait()
        #expect(harness.table.connection(to: remote) == nil)
        #expect(harness.table.count == 0)
    }

    @Test func answerGoesBackOverTheConnection() throws {
        let harness = try Harness(remote: SocketAddress(ipAddress: "192.0.2.10", port: 40_000),
                                  local: SocketAddress(ipAddress: "192.0.2.1", port: 5060))
        try harness.receive(options(callID: "reply", sentBy: "192.0.2.10:5060"))
        let source = try #require(harness.deliveries.first?.1)
        let transport = SIPTransport(sockets: SocketSet(sockets: []), connections: harness.table)
        transport.send(ByteBuffer(string: "SIP/2.0 200 OK\r\n"), replyingTo: source)
        #expect(try harness.outbound() == ["SIP/2.0 200 OK\r\n"])
        let remote = try #require(harness.remoteHostPort)
        #expect(transport.connection(to: remote) === harness.channel, "a request to this phone reuses the connection")
    }

    @Test func idleConnectionIsClosedAfterTheTimeout() throws {
        let harness = try Harness(remote: SocketAddress(ipAddress: "192.0.2.10", port: 40_000),
                                  local: SocketAddress(ipAddress: "192.0.2.1", port: 5060), idleTimeout: .seconds(600))
        harness.advance(.seconds(300))
        try harness.receive(Array("\r\n\r\n".utf8))
        #expect(try harness.outbound() == ["\r\n"])
        harness.advance(.seconds(599))
        #expect(harness.channel.isActive, "a keep-alive 5 minutes in is traffic: still open at 10 minutes")
        harness.advance(.seconds(1))
        #expect(!harness.channel.isActive, "closed 10 minutes after the last traffic")
    }

    @Test func heldConnectionStaysOpenUntilReleased() throws {
        let harness = try Harness(remote: SocketAddress(ipAddress: "192.0.2.10", port: 40_000),
                                  local: SocketAddress(ipAddress: "192.0.2.1", port: 5060), idleTimeout: .seconds(600))
        harness.table.hold(harness.channel)
        harness.advance(.seconds(1_500))
        #expect(harness.channel.isActive, "in use: never idle")
        harness.table.release(harness.channel)
        harness.advance(.seconds(600))
        #expect(!harness.channel.isActive)
    }

    @Test func framingErrorClosesTheConnectionAfterThe400() throws {
        let harness = try Harness(remote: SocketAddress(ipAddress: "192.0.2.10", port: 40_000),
                                  local: SocketAddress(ipAddress: "192.0.2.1", port: 5060))
        var noLength = options(callID: "no-length", sentBy: "192.0.2.10:5060")
        noLength.removeLast("Content-Length: 0\r\n\r\n".utf8.count)
        noLength += Array("\r\n".utf8)
        try harness.receive(noLength)
        let sent = try harness.outbound()
        try #require(sent.count == 1)
        #expect(sent[0].hasPrefix("SIP/2.0 400 "))
        #expect(!harness.channel.isActive)
        #expect(harness.deliveries.isEmpty)
    }
}

private let quietLogger = Logger(label: "test.sip.tcp") { _ in SwiftLogNoOpLogHandler() }

private func options(callID: String, sentBy: String) -> [UInt8] {
    SIPWire.message([
        "OPTIONS sip:ping@pbx.example.com SIP/2.0",
        "Via: SIP/2.0/TCP \(sentBy);branch=z9hG4bK-\(callID);rport",
        "From: <sip:tester@example.com>;tag=t1",
        "To: <sip:ping@pbx.example.com>",
        "Call-ID: \(callID)",
        "CSeq: 1 OPTIONS",
        "Content-Length: 0",
    ])
}
