import NIOCore
import NIOEmbedded
import Testing
@testable import Channels
@testable import PBXCore

/// The table of open TCP connections: lookup by the far end, replacement by
/// a newer connection, and the in-use counts that keep a connection open.
@Suite("SIPConnectionTable")
struct SIPTCPConnectionTableTests {
    private func connected(to remote: String, port: Int) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        let address = try SocketAddress(ipAddress: remote, port: port)
        channel.remoteAddress = address
        try channel.connect(to: address).wait()
        return channel
    }

    private func hostPort(_ text: String) throws -> HostPort {
        try HostPort(parsing: text)
    }

    @Test func connectionIsFoundByItsRemoteAddressAndPortOnly() throws {
        let table = SIPConnectionTable()
        let v4 = try connected(to: "192.0.2.10", port: 40_000)
        let v6 = try connected(to: "2001:db8::10", port: 40_000)
        table.add(v4, remote: try hostPort("192.0.2.10:40000"))
        table.add(v6, remote: try hostPort("[2001:db8::10]:40000"))

        #expect(table.connection(to: try hostPort("192.0.2.10:40000")) === v4)
        #expect(table.connection(to: try hostPort("[2001:db8::10]:40000")) === v6)
        #expect(table.connection(to: try hostPort("192.0.2.10:40001")) == nil, "another port is another connection")
        #expect(table.connection(to: try hostPort("192.0.2.11:40000")) == nil)
        #expect(table.count == 2)
        #expect(table.remotes.map(\.description) == ["192.0.2.10:40000", "[2001:db8::10]:40000"])
    }

    @Test func closedConnectionIsNotOffered() throws {
        let table = SIPConnectionTable()
        let channel = try connected(to: "192.0.2.10", port: 40_000)
        let remote = try hostPort("192.0.2.10:40000")
        table.add(channel, remote: remote)
        try channel.close().wait()
        #expect(table.connection(to: remote) == nil, "a connection that is no longer active is never reused")
    }

    @Test func newerConnectionTakesThePlaceAndOutlivesTheOlder() throws {
        let table = SIPConnectionTable()
        let remote = try hostPort("192.0.2.10:40000")
        let older = try connected(to: "192.0.2.10", port: 40_000)
        let newer = try connected(to: "192.0.2.10", port: 40_000)
        table.add(older, remote: remote)
        table.add(newer, remote: remote)
        #expect(table.connection(to: remote) === newer)

        table.remove(older, remote: remote)
        #expect(table.connection(to: remote) === newer, "the older closing does not remove the newer")
        table.remove(newer, remote: remote)
        #expect(table.connection(to: remote) == nil)
        #expect(table.count == 0)
    }

    @Test func holdsAreCountedAndForgottenWithTheConnection() throws {
        let table = SIPConnectionTable()
        let remote = try hostPort("[2001:db8::10]:5060")
        let channel = try connected(to: "2001:db8::10", port: 5060)
        let other = try connected(to: "2001:db8::11", port: 5060)
        table.add(channel, remote: remote)
        #expect(!table.isInUse(channel))

        table.hold(channel)
        table.hold(channel)
        #expect(table.isInUse(channel))
        #expect(!table.isInUse(other), "holds are per connection")
        table.release(channel)
        #expect(table.isInUse(channel), "one hold is left")
        table.release(channel)
        #expect(!table.isInUse(channel))
        table.release(channel)
        #expect(!table.isInUse(channel), "a release too many is ignored")

        table.hold(channel)
        table.remove(channel, remote: remote)
        #expect(!table.isInUse(channel), "a closed connection's holds go with it")
    }

    @Test func closeAllClosesEveryConnection() throws {
        let table = SIPConnectionTable()
        let first = try connected(to: "192.0.2.10", port: 1)
        let second = try connected(to: "192.0.2.10", port: 2)
        table.add(first, remote: try hostPort("192.0.2.10:1"))
        table.add(second, remote: try hostPort("192.0.2.10:2"))
        table.closeAll()
        #expect(!first.isActive)
        #expect(!second.isActive)
    }
}
