@testable import Channels
import NIOCore
import PBXCore
import Testing

/// Qualify results as `sip show peers` prints and the log tells them, where
/// they are kept, and the OPTIONS that asks.
@Suite("SIPQualifier: peer status and OPTIONS")
struct SIPQualifierTests {
    @Test(arguments: [
        (SIPPeerStatus.unmonitored, "Unmonitored"),
        (.unknown, "UNKNOWN"),
        (.reachable(latency: 3), "OK (3 ms)"),
        (.lagged(latency: 2500), "LAGGED (2500 ms)"),
        (.unreachable(lastLatency: 7), "UNREACHABLE"),
    ])
    func statusColumn(status: SIPPeerStatus, text: String) {
        #expect(status.display == text)
    }

    @Test func onlineMeansAnsweringSlowOrNot() {
        #expect(SIPPeerStatus.reachable(latency: 1).isOnline)
        #expect(SIPPeerStatus.lagged(latency: 3000).isOnline)
        #expect(!SIPPeerStatus.unreachable(lastLatency: 0).isOnline)
        #expect(!SIPPeerStatus.unknown.isOnline)
        #expect(!SIPPeerStatus.unmonitored.isOnline)
        #expect(SIPPeerStatus.unreachable(lastLatency: 0).isUnreachable)
        #expect(!SIPPeerStatus.unknown.isUnreachable)
    }

    @Test func latencyUpToTheMaximumIsReachableBeyondItLagged() {
        #expect(SIPPeerStatus.answered(after: 2000, maxLatency: 2000) == .reachable(latency: 2000))
        #expect(SIPPeerStatus.answered(after: 2001, maxLatency: 2000) == .lagged(latency: 2001))
        #expect(SIPPeerStatus.answered(after: 0, maxLatency: 100) == .reachable(latency: 0))
    }

    @Test func changesAreLoggedInAsterisksWords() {
        let reachable = SIPPeerStatus.reachable(latency: 3)
        #expect(reachable.changeMessage(peer: "dev2", from: .unknown, maxLatency: 2000) == "Peer 'dev2' is now Reachable. (3ms / 2000ms)")
        #expect(SIPPeerStatus.lagged(latency: 2500).changeMessage(peer: "dev2", from: reachable, maxLatency: 2000)
            == "Peer 'dev2' is now Lagged. (2500ms / 2000ms)")
        #expect(SIPPeerStatus.unreachable(lastLatency: 3).changeMessage(peer: "dev2", from: reachable, maxLatency: 2000)
            == "Peer 'dev2' is now UNREACHABLE!  Last qualify: 3")
        #expect(SIPPeerStatus.unreachable(lastLatency: 0).changeMessage(peer: "dev3", from: .unknown, maxLatency: 2000)
            == "Peer 'dev3' is now UNREACHABLE!  Last qualify: 0")
    }

    @Test func noChangeOfKindIsNotLogged() {
        #expect(SIPPeerStatus.reachable(latency: 9).changeMessage(peer: "p", from: .reachable(latency: 3), maxLatency: 2000) == nil)
        #expect(SIPPeerStatus.unreachable(lastLatency: 0).changeMessage(peer: "p", from: .unreachable(lastLatency: 0), maxLatency: 2000) == nil)
        #expect(SIPPeerStatus.unknown.changeMessage(peer: "p", from: .reachable(latency: 3), maxLatency: 2000) == nil)
    }

    @Test func directoryKeepsStatusOnlyForQualifiedPeers() {
        var qualified = SIPPeer(name: "dev2", context: "default", formats: .default)
        qualified.qualify = true
        let plain = SIPPeer(name: "dev1", context: "default", formats: .default)
        let directory = SIPPeerDirectory(peers: ["dev2": qualified, "dev1": plain])
        #expect(directory.status(of: "dev2") == .unknown)
        #expect(directory.status(of: "dev1") == .unmonitored)
        #expect(directory.setStatus(.reachable(latency: 4), of: "dev2") == .unknown)
        #expect(directory.setStatus(.unreachable(lastLatency: 4), of: "dev2") == .reachable(latency: 4))
        #expect(directory.status(of: "dev2") == .unreachable(lastLatency: 4))
        directory.setStatus(.reachable(latency: 1), of: "dev1")
        #expect(directory.status(of: "dev1") == .unmonitored, "qualify=no stays unmonitored")
        qualified.qualify = false
        directory.replacePeers(["dev2": qualified])
        #expect(directory.status(of: "dev2") == .unmonitored)
    }

    @Test func optionsGoesToTheContactFromTheBindingsLocalAddress() throws {
        let local = try #require(IPAddress("::1"))
        let remote = try SocketAddress(ipAddress: "::1", port: 5072)
        let path = SIPPacketSource(socketIndex: 1, transport: "UDP", remote: remote,
                                   remoteHostPort: try HostPort(parsing: "[::1]:5072"), localAddress: local, localPort: 5060)
        let contact = try SIPURI(parsing: "sip:dev2@[::1]:5072;transport=udp")
        let target = SIPOutgoingTarget(requestURI: contact, toUser: "dev2", path: path)
        let request = SIPQualifier.options(to: target, branch: "z9hG4bKq1", callID: "abc@[::1]", fromTag: "t1", cseq: 101,
                                           userAgent: "SwiftPBX")
        let parsed = try SIPMessage(parsing: request.bytes)
        #expect(parsed.method == .options)
        #expect(parsed.via.first?.branch == "z9hG4bKq1")
        #expect(parsed.via.first?.sentBy.description == "[::1]:5060")
        #expect(parsed.from.tag == "t1")
        #expect(parsed.to.tag == nil)
        #expect(parsed.to.uri.user == "dev2")
        #expect(parsed.cseq.method == .options && parsed.cseq.number == 101)
        #expect(parsed.callID == "abc@[::1]")
        #expect(request.text.hasPrefix("OPTIONS sip:dev2@[::1]:5072;transport=udp SIP/2.0\r\n"))
        #expect(parsed.headers["Max-Forwards"] == "70")
    }
}
