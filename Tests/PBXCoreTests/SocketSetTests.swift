import NIOEmbedded
import Testing
@testable import PBXCore

@Suite("SocketSet: picking the socket for a destination")
struct SocketSetTests {
    private func makeSet(_ bound: [String]) throws -> SocketSet {
        var sockets: [SocketSet.Socket] = []
        for (index, text) in bound.enumerated() {
            sockets.append(SocketSet.Socket(index: index, channel: EmbeddedChannel(), bound: try HostPort(parsing: text)))
        }
        return SocketSet(sockets: sockets)
    }

    @Test("the destination's family decides; a wildcard serves any address of its family")
    func byFamily() throws {
        let set = try makeSet(["0.0.0.0:5060", "[::]:5060"])
        #expect(try set.socket(toward: #require(IPAddress("192.0.2.7")))?.index == 0)
        #expect(try set.socket(toward: #require(IPAddress("2001:db8::7")))?.index == 1)
        #expect(try set.socket(toward: #require(IPAddress("::ffff:192.0.2.7")))?.index == 0)
        #expect(set.sockets.allSatisfy { $0.isWildcard })
    }

    @Test("loopback goes out of a loopback socket when one is bound")
    func loopbackPreferred() throws {
        let set = try makeSet(["192.0.2.1:5060", "127.0.0.1:5060", "[2001:db8::1]:5060", "[::1]:5060"])
        #expect(try set.socket(toward: #require(IPAddress("127.0.0.1")))?.index == 1)
        #expect(try set.socket(toward: #require(IPAddress("::1")))?.index == 3)
        #expect(try set.socket(toward: #require(IPAddress("198.51.100.9")))?.index == 0)
        #expect(try set.socket(toward: #require(IPAddress("2001:db8::99")))?.index == 2)
    }

    @Test("no socket of the family: nothing to send from")
    func missingFamily() throws {
        let set = try makeSet(["127.0.0.1:5060"])
        #expect(try set.socket(toward: #require(IPAddress("::1"))) == nil)
        #expect(set.socket(at: 0)?.bound.description == "127.0.0.1:5060")
        #expect(set.socket(at: 1) == nil)
    }
}
