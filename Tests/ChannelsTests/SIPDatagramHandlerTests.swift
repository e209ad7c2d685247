import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import PBXCore
import Testing
@testable import Channels

/// The UDP edge in an `EmbeddedChannel`: what it hands on, what it answers,
/// and what it drops.
@Suite("SIPDatagramHandler")
struct SIPDatagramHandlerTests {
    /// A handler on an embedded channel bound to `local`, recording deliveries.
    private struct Harness {
        let channel: EmbeddedChannel
        let delivered: NIOLockedValueBox<[(SIPMessage, SIPPacketSource)]>

        init(socketIndex: Int = 0, local: SocketAddress) {
            let delivered = NIOLockedValueBox<[(SIPMessage, SIPPacketSource)]>([])
            let handler = SIPDatagramHandler(socketIndex: socketIndex, logger: quietLogger) { message, source in
                delivered.withLockedValue { $0.append((message, source)) }
            }
            channel = EmbeddedChannel(handler: handler)
            channel.localAddress = local
            self.delivered = delivered
        }

        func receive(_ bytes: [UInt8], from remote: SocketAddress, metadata: AddressedEnvelope<ByteBuffer>.Metadata? = nil) throws {
            try channel.writeInbound(AddressedEnvelope(remoteAddress: remote, data: ByteBuffer(bytes: bytes), metadata: metadata))
        }

        var deliveries: [(SIPMessage, SIPPacketSource)] { delivered.withLockedValue { $0 } }

        func outbound() throws -> [AddressedEnvelope<ByteBuffer>] {
            var envelopes: [AddressedEnvelope<ByteBuffer>] = []
            while let envelope = try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) { envelopes.append(envelope) }
            return envelopes
        }
    }

    @Test func registerIsDeliveredWithWhereItCameFrom() throws {
        let harness = try Harness(socketIndex: 2, local: SocketAddress(ipAddress: "0.0.0.0", port: 5060))
        try harness.receive(registerRequest, from: SocketAddress(ipAddress: "192.0.2.10", port: 5070))

        #expect(try harness.outbound().isEmpty)
        let deliveries = harness.deliveries
        try #require(deliveries.count == 1)
        let (message, source) = deliveries[0]
        let remote = HostPort(address: try address("192.0.2.10"), port: 5070)
        #expect(message.method == .register)
        #expect(message.callID == "reg-1@10.0.0.5")
        #expect(message.expires == 300)
        #expect(source.socketIndex == 2)
        #expect(source.transport == "UDP")
        #expect(source.remoteHostPort == remote)
        #expect(source.remote.port == 5070)
        // Without packet info the channel's own (wildcard) address is all there is.
        #expect(source.localAddress == .anyIPv4)
        #expect(source.localPort == 5060)
    }

    @Test func packetInfoDestinationWinsOverTheChannelsLocalAddress() throws {
        let harness = try Harness(socketIndex: 1, local: SocketAddress(ipAddress: "0.0.0.0", port: 5060))
        let metadata = AddressedEnvelope<ByteBuffer>.Metadata(
            ecnState: .transportNotCapable,
            packetInfo: NIOPacketInfo(destinationAddress: try SocketAddress(ipAddress: "198.51.100.7", port: 5060), interfaceIndex: 1))
        try harness.receive(optionsRequest, from: SocketAddress(ipAddress: "192.0.2.10", port: 5070), metadata: metadata)

        let source = try #require(harness.deliveries.first?.1)
        let arrived = try address("198.51.100.7")
        #expect(source.localAddress == arrived)
        #expect(source.local == HostPort(address: arrived, port: 5060))
        #expect(source.family == .ipv4)
        #expect(source.socketIndex == 1)
    }

    @Test func ipv6PacketInfoGivesTheConcreteIPv6Address() throws {
        let harness = try Harness(local: SocketAddress(ipAddress: "::", port: 5060))
        let metadata = AddressedEnvelope<ByteBuffer>.Metadata(
            ecnState: .transportNotCapable,
            packetInfo: NIOPacketInfo(destinationAddress: try SocketAddress(ipAddress: "2001:db8::1", port: 5060), interfaceIndex: 1))
        try harness.receive(optionsRequestIPv6, from: SocketAddress(ipAddress: "2001:db8::10", port: 5062), metadata: metadata)

        let (message, source) = try #require(harness.deliveries.first)
        let arrived = try address("2001:db8::1")
        #expect(message.method == .options)
        #expect(source.remoteHostPort.description == "[2001:db8::10]:5062")
        #expect(source.localAddress == arrived)
        #expect(source.family == .ipv6)
        #expect(source.local.description == "[2001:db8::1]:5060")
    }

    @Test func receivedAndRportAreStampedOnTheTopViaOnly() throws {
        let harness = try Harness(local: SocketAddress(ipAddress: "192.0.2.1", port: 5060))
        try harness.receive(optionsThroughProxy, from: SocketAddress(ipAddress: "203.0.113.9", port: 40_000))

        let message = try #require(harness.deliveries.first?.0)
        try #require(message.via.count == 2)
        #expect(message.via[0].received == "203.0.113.9")
        #expect(message.via[0].rport == 40_000)
        #expect(message.via[0].branch == "z9hG4bKtop")
        #expect(message.via[1].received == nil)
        #expect(message.via[1].rport == nil)
    }

    @Test func receivedIsAddedWithoutRportOnlyWhenTheSentByDiffers() throws {
        let harness = try Harness(local: SocketAddress(ipAddress: "192.0.2.1", port: 5060))
        // registerRequest's Via names 10.0.0.5 and has rport; optionsRequest names 192.0.2.10 without rport.
        try harness.receive(optionsRequest, from: SocketAddress(ipAddress: "192.0.2.10", port: 5070))
        try harness.receive(optionsRequest, from: SocketAddress(ipAddress: "192.0.2.99", port: 5070))

        let deliveries = harness.deliveries
        try #require(deliveries.count == 2)
        #expect(deliveries[0].0.via[0].received == nil, "sent-by matches the source: nothing to note")
        #expect(deliveries[0].0.via[0].rport == nil)
        #expect(deliveries[1].0.via[0].received == "192.0.2.99")
        #expect(deliveries[1].0.via[0].rport == nil, "rport is only filled in when the client asked for it")
    }

    @Test func ipv6ReceivedIsWrittenWithoutBrackets() throws {
        let harness = try Harness(local: SocketAddress(ipAddress: "::", port: 5060))
        try harness.receive(optionsRequestIPv6, from: SocketAddress(ipAddress: "2001:db8::99", port: 5090))

        let via = try #require(harness.deliveries.first?.0.via.first)
        #expect(via.received == "2001:db8::99")
        #expect(via.rport == 5090)
    }

    @Test func responsesAreDeliveredUnstamped() throws {
        let harness = try Harness(local: SocketAddress(ipAddress: "192.0.2.1", port: 5060))
        try harness.receive(okResponse, from: SocketAddress(ipAddress: "192.0.2.10", port: 5070))

        let message = try #require(harness.deliveries.first?.0)
        #expect(message.statusCode == 200)
        #expect(message.via[0].received == nil)
        #expect(message.via[0].rport == 0, "the response's bare rport is left as it came")
    }

    @Test func malformedRequestWithRoutingHeadersGets400ToTheSender() throws {
        let harness = try Harness(local: SocketAddress(ipAddress: "192.0.2.1", port: 5060))
        let sender = try SocketAddress(ipAddress: "192.0.2.10", port: 5070)
        try harness.receive(mismatchedCSeqInvite, from: sender)

        #expect(harness.deliveries.isEmpty)
        let written = try harness.outbound()
        try #require(written.count == 1)
        #expect(written[0].remoteAddress == sender)
        let response = try SIPMessage(parsing: Array(written[0].data.readableBytesView))
        #expect(response.statusCode == 400)
        #expect(response.reasonPhrase?.hasPrefix("Bad Request") == true)
        #expect(response.reasonPhrase?.contains("CSeq") == true, "the reason says what was wrong")
        #expect(response.callID == "bad-1@192.0.2.10")
        #expect(response.branch == "z9hG4bKbad1")
        #expect(response.from.tag == "b1")
        #expect(response.cseq == CSeq(number: 7, method: .options))
    }

    @Test(arguments: unanswerableDatagrams.keys.sorted())
    func unanswerableBytesAreDroppedSilently(_ name: String) throws {
        let bytes = try #require(unanswerableDatagrams[name])
        let harness = try Harness(local: SocketAddress(ipAddress: "192.0.2.1", port: 5060))
        try harness.receive(bytes, from: SocketAddress(ipAddress: "192.0.2.10", port: 5070))

        #expect(harness.deliveries.isEmpty, "\(name) is not delivered")
        #expect(try harness.outbound().isEmpty, "\(name) is not answered")
    }

    @Test(arguments: [[13, 10], [13, 10, 13, 10], [10]] as [[UInt8]])
    func crlfKeepAliveIsIgnored(_ bytes: [UInt8]) throws {
        let harness = try Harness(local: SocketAddress(ipAddress: "192.0.2.1", port: 5060))
        try harness.receive(bytes, from: SocketAddress(ipAddress: "192.0.2.10", port: 5070))

        #expect(harness.deliveries.isEmpty)
        #expect(try harness.outbound().isEmpty)
    }

    @Test func keepAliveBeforeAMessageDoesNotHideIt() throws {
        let harness = try Harness(local: SocketAddress(ipAddress: "192.0.2.1", port: 5060))
        try harness.receive([13, 10, 13, 10] + optionsRequest, from: SocketAddress(ipAddress: "192.0.2.10", port: 5070))

        #expect(harness.deliveries.first?.0.method == .options)
    }
}

private let quietLogger = Logger(label: "test.sip.datagram") { _ in SwiftLogNoOpLogHandler() }

private func address(_ text: String) throws -> IPAddress {
    try #require(IPAddress(text))
}

/// A datagram from its lines: each ended by CRLF, then the empty line.
private func datagram(_ lines: String...) -> [UInt8] {
    Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
}

private let registerRequest = datagram(
    "REGISTER sip:192.0.2.1 SIP/2.0",
    "Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKreg1;rport",
    "Max-Forwards: 70",
    "From: <sip:alice@192.0.2.1>;tag=a1",
    "To: <sip:alice@192.0.2.1>",
    "Call-ID: reg-1@10.0.0.5",
    "CSeq: 1 REGISTER",
    "Contact: <sip:alice@10.0.0.5:5060>",
    "Expires: 300",
    "Content-Length: 0")

private let optionsRequest = datagram(
    "OPTIONS sip:192.0.2.1 SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bKopt1",
    "Max-Forwards: 70",
    "From: <sip:probe@192.0.2.10>;tag=p1",
    "To: <sip:192.0.2.1>",
    "Call-ID: opt-1@192.0.2.10",
    "CSeq: 1 OPTIONS",
    "Content-Length: 0")

private let optionsRequestIPv6 = datagram(
    "OPTIONS sip:[2001:db8::1] SIP/2.0",
    "Via: SIP/2.0/UDP [2001:db8::10]:5062;branch=z9hG4bKopt6;rport",
    "Max-Forwards: 70",
    "From: <sip:probe@[2001:db8::10]>;tag=p6",
    "To: <sip:[2001:db8::1]>",
    "Call-ID: opt-6@2001:db8::10",
    "CSeq: 1 OPTIONS",
    "Content-Length: 0")

private let optionsThroughProxy = datagram(
    "OPTIONS sip:192.0.2.1 SIP/2.0",
    "Via: SIP/2.0/UDP 10.1.1.1:5060;branch=z9hG4bKtop;rport",
    "Via: SIP/2.0/UDP 10.2.2.2:5060;branch=z9hG4bKbelow",
    "Max-Forwards: 69",
    "From: <sip:probe@10.2.2.2>;tag=p2",
    "To: <sip:192.0.2.1>",
    "Call-ID: opt-2@10.2.2.2",
    "CSeq: 5 OPTIONS",
    "Content-Length: 0")

private let okResponse = datagram(
    "SIP/2.0 200 OK",
    "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKout1;rport",
    "From: <sip:pbx@192.0.2.1>;tag=x1",
    "To: <sip:alice@192.0.2.10>;tag=y1",
    "Call-ID: out-1@192.0.2.1",
    "CSeq: 1 OPTIONS",
    "Content-Length: 0")

/// Bytes that get neither a delivery nor an answer, by what is wrong with them.
private let unanswerableDatagrams: [String: [UInt8]] = [
    "garbage": Array("\u{01}\u{02}hello there, not SIP at all\r\n\r\n".utf8),
    "no Call-ID": missingCallIDRequest,
    "malformed ACK": malformedAck,
    "malformed response": malformedResponse,
    "no end of headers": Array("OPTIONS sip:192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10".utf8),
]

/// Every header a 400 needs is there; the CSeq method does not match.
private let mismatchedCSeqInvite = datagram(
    "INVITE sip:100@192.0.2.1 SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bKbad1",
    "Max-Forwards: 70",
    "From: <sip:alice@192.0.2.10>;tag=b1",
    "To: <sip:100@192.0.2.1>",
    "Call-ID: bad-1@192.0.2.10",
    "CSeq: 7 OPTIONS",
    "Content-Length: 0")

private let missingCallIDRequest = datagram(
    "OPTIONS sip:192.0.2.1 SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bKnocid",
    "From: <sip:alice@192.0.2.10>;tag=n1",
    "To: <sip:192.0.2.1>",
    "CSeq: 1 OPTIONS",
    "Content-Length: 0")

/// An ACK gets no response, not even a 400 (RFC 3261 §17.2.1).
private let malformedAck = datagram(
    "ACK sip:100@192.0.2.1 SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bKack",
    "Max-Forwards: banana",
    "From: <sip:alice@192.0.2.10>;tag=k1",
    "To: <sip:100@192.0.2.1>;tag=k2",
    "Call-ID: ack-1@192.0.2.10",
    "CSeq: 1 ACK",
    "Content-Length: 0")

/// Responses are never answered.
private let malformedResponse = datagram(
    "SIP/2.0 200 OK",
    "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKresp",
    "From: <sip:pbx@192.0.2.1>;tag=r1",
    "To: <sip:alice@192.0.2.10>;tag=r2",
    "Call-ID: resp-1@192.0.2.1",
    "CSeq: one OPTIONS",
    "Content-Length: 0")
