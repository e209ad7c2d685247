import Foundation
import Logging
import NIOCore
import NIOEmbedded
import NIOPosix
import PBXCore
import Testing
@testable import Channels

/// The SIP core driven end to end without sockets: bytes in through the
/// datagram handler on an embedded channel, responses read back out.
@Suite("SIPStack")
struct SIPStackTests {
    /// A stack on an embedded loop, behind a datagram handler on the bench's
    /// channel. The PBX needs a real group; only INVITE would use it.
    private final class StackBench {
        let bench: SIPTransactionBench
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let pbx: PBX
        let directory: SIPPeerDirectory
        let stack: SIPStack

        init(peers: [SIPPeer] = []) throws {
            bench = try SIPTransactionBench()
            let logger = Logger(label: "test.sip.stack") { _ in SwiftLogNoOpLogHandler() }
            let directories = PBXDirectories(config: "/nonexistent/etc", spool: "/nonexistent/spool", data: "/nonexistent/lib",
                                             sounds: "/nonexistent/sounds", run: "/nonexistent/run", log: "/nonexistent/log")
            pbx = PBX(directories: directories, logger: logger, eventLoopGroup: group)
            directory = SIPPeerDirectory(peers: Dictionary(uniqueKeysWithValues: peers.map { ($0.name, $0) }))
            let stack = SIPStack(loop: bench.loop, transport: bench.transport, settings: SIPSettings(), directory: directory,
                                 pbx: pbx, rtpPorts: PortAllocator(range: 10_000...10_100), debug: SIPDebugSwitch(), logger: logger)
            self.stack = stack
            let handler = SIPDatagramHandler(socketIndex: 0, logger: logger) { message, source in
                stack.receive(message, from: source)
            }
            try bench.channel.pipeline.syncOperations.addHandler(handler)
        }

        /// Feeds a datagram from the bench's peer and parses what was sent back.
        func exchange(_ bytes: [UInt8]) throws -> [SIPMessage] {
            try bench.channel.writeInbound(AddressedEnvelope(remoteAddress: bench.peer, data: ByteBuffer(bytes: bytes)))
            return try bench.sent().map { envelope in
                #expect(envelope.remoteAddress == bench.peer, "answered to where the request came from")
                return try SIPMessage(parsing: Array(envelope.data.readableBytesView))
            }
        }

        func shutDown() throws {
            pbx.requestShutdown()
            try group.syncShutdownGracefully()
        }
    }

    private static func peer(_ name: String, secret: String?) -> SIPPeer {
        var peer = SIPPeer(name: name, context: "from-phones", formats: .default)
        peer.secret = secret
        return peer
    }

    @Test func optionsGets200WithAllow() throws {
        let stack = try StackBench()
        defer { try? stack.shutDown() }
        let responses = try stack.exchange(optionsRequest)

        let response = try #require(responses.first)
        #expect(responses.count == 1)
        #expect(response.statusCode == 200)
        #expect(response.callID == "opt-1@192.0.2.10")
        #expect(response.cseq == CSeq(number: 1, method: .options))
        #expect(response.branch == "z9hG4bKopt1")
        #expect(response.to.tag != nil, "a UAS adds its To tag")
        let allow = try #require(response.headers["Allow"])
        let methods = Set(allow.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        #expect(methods.isSuperset(of: ["INVITE", "ACK", "CANCEL", "OPTIONS", "BYE", "REGISTER"]))
        let local = HostPort(address: try #require(IPAddress("192.0.2.1")), port: 5060)
        #expect(response.contacts.first?.uri.hostPort == local, "Contact names the address the request reached")
    }

    @Test func retransmittedRequestIsAnsweredWithTheSameResponse() throws {
        let stack = try StackBench()
        defer { try? stack.shutDown() }
        let first = try stack.exchange(optionsRequest)
        let second = try stack.exchange(optionsRequest)

        try #require(first.count == 1 && second.count == 1)
        #expect(first[0].to.tag == second[0].to.tag, "absorbed by the transaction, not answered anew")
        #expect(stack.stack.transactions.serverCount == 1)
    }

    @Test func unknownMethodGets501WithAllow() throws {
        let stack = try StackBench()
        defer { try? stack.shutDown() }
        let response = try #require(try stack.exchange(publishRequest).first)

        #expect(response.statusCode == 501)
        #expect(response.cseq.method == SIPMethod("PUBLISH"))
        #expect(response.headers["Allow"]?.contains("INVITE") == true)
    }

    @Test func byeForAnUnknownDialogGets481() throws {
        let stack = try StackBench()
        defer { try? stack.shutDown() }
        let response = try #require(try stack.exchange(byeRequest).first)

        #expect(response.statusCode == 481)
        #expect(response.to.tag == "gone", "the dialog's To tag is echoed")
    }

    @Test(arguments: ["alice", "nobody"])
    func registerWithoutCredentialsGets401WithTwoChallenges(_ user: String) throws {
        let stack = try StackBench(peers: [Self.peer("alice", secret: "s3cret")])
        defer { try? stack.shutDown() }
        let response = try #require(try stack.exchange(registerRequest(user: user)).first)

        #expect(response.statusCode == 401)
        let challenges = response.headers.values("WWW-Authenticate")
        try #require(challenges.count == 2, "one challenge per digest algorithm")
        #expect(challenges[0].contains("algorithm=SHA-256"), "SHA-256 offered first (RFC 8760)")
        #expect(challenges[1].contains("algorithm=MD5"))
        for challenge in challenges {
            #expect(challenge.hasPrefix("Digest "))
            #expect(challenge.contains("realm=\"swiftpbx\""))
            #expect(challenge.contains("qop=\"auth\""))
        }
        #expect(stack.directory.bindings(of: user).isEmpty)
    }

    @Test func registerForAPeerWithoutSecretGets200WithContactAndExpires() throws {
        let stack = try StackBench(peers: [Self.peer("bob", secret: nil)])
        defer { try? stack.shutDown() }
        let response = try #require(try stack.exchange(registerRequest(user: "bob")).first)

        #expect(response.statusCode == 200)
        let contact = try #require(response.contacts.first)
        #expect(response.contacts.count == 1)
        #expect(contact.uri.user == "bob")
        #expect(contact.uri.hostPort.description == "10.0.0.5:5060")
        let expires = try #require(contact.parameters["expires"].flatMap { Int($0) })
        #expect((299...300).contains(expires), "the 300 s asked for, less what has passed")
        #expect(response.headers["Date"]?.hasSuffix("GMT") == true)

        let binding = try #require(stack.directory.bindings(of: "bob").first)
        #expect(binding.source.remoteHostPort.description == "192.0.2.10:5070", "reached where the REGISTER came from")
    }

    @Test func responseForNoTransactionIsIgnored() throws {
        let stack = try StackBench()
        defer { try? stack.shutDown() }
        #expect(try stack.exchange(strayResponse).isEmpty)
        #expect(stack.stack.transactions.serverCount == 0)
    }
}

/// A message from its lines: each ended by CRLF, then the empty line.
private func wire(_ lines: String...) -> [UInt8] {
    Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
}

private let optionsRequest = wire(
    "OPTIONS sip:192.0.2.1 SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bKopt1;rport",
    "Max-Forwards: 70",
    "From: <sip:probe@192.0.2.10>;tag=p1",
    "To: <sip:192.0.2.1>",
    "Call-ID: opt-1@192.0.2.10",
    "CSeq: 1 OPTIONS",
    "Accept: application/sdp",
    "Content-Length: 0")

private let publishRequest = wire(
    "PUBLISH sip:alice@192.0.2.1 SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bKpub1;rport",
    "Max-Forwards: 70",
    "From: <sip:alice@192.0.2.1>;tag=u1",
    "To: <sip:alice@192.0.2.1>",
    "Call-ID: pub-1@192.0.2.10",
    "CSeq: 1 PUBLISH",
    "Event: presence",
    "Content-Length: 0")

private let byeRequest = wire(
    "BYE sip:100@192.0.2.1 SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bKbye1;rport",
    "Max-Forwards: 70",
    "From: <sip:alice@192.0.2.10>;tag=a1",
    "To: <sip:100@192.0.2.1>;tag=gone",
    "Call-ID: never-was@192.0.2.10",
    "CSeq: 2 BYE",
    "Content-Length: 0")

private func registerRequest(user: String) -> [UInt8] {
    wire(
        "REGISTER sip:192.0.2.1 SIP/2.0",
        "Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKreg-\(user);rport",
        "Max-Forwards: 70",
        "From: <sip:\(user)@192.0.2.1>;tag=r1",
        "To: <sip:\(user)@192.0.2.1>",
        "Call-ID: reg-\(user)@10.0.0.5",
        "CSeq: 1 REGISTER",
        "Contact: <sip:\(user)@10.0.0.5:5060>",
        "Expires: 300",
        "User-Agent: TestPhone/1.0",
        "Content-Length: 0")
}

private let strayResponse = wire(
    "SIP/2.0 200 OK",
    "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKnotours;rport=5060",
    "From: <sip:pbx@192.0.2.1>;tag=x1",
    "To: <sip:alice@192.0.2.10>;tag=y1",
    "Call-ID: stray@192.0.2.1",
    "CSeq: 1 OPTIONS",
    "Content-Length: 0")
