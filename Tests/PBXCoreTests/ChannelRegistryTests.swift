import PBXCore
import PBXTestKit
import Testing

/// The live-channel table: creation order, removal, lookup and the counters
/// `core show channels` prints.
@Suite("ChannelRegistry")
struct ChannelRegistryTests {
    private static func channel(_ name: String) -> FakeChannel {
        FakeChannel(name: name)
    }

    @Test func channelsAreListedInTheOrderTheyWereAdded() {
        let registry = ChannelRegistry()
        for name in ["SIP/alice-00000001", "Console/dsp", "SIP/bob-00000002"] {
            registry.add(Self.channel(name))
        }

        #expect(registry.channels.map(\.name) == ["SIP/alice-00000001", "Console/dsp", "SIP/bob-00000002"])
        #expect(registry.callsProcessed == 3)
    }

    @Test func removingKeepsTheOrderOfTheRestAndTheCallCount() {
        let registry = ChannelRegistry()
        let first = Self.channel("SIP/alice-00000001")
        let second = Self.channel("SIP/bob-00000002")
        let third = Self.channel("SIP/carol-00000003")
        for channel in [first, second, third] { registry.add(channel) }

        registry.remove(second)
        #expect(registry.channels.map(\.name) == ["SIP/alice-00000001", "SIP/carol-00000003"])
        #expect(registry.channel(named: "SIP/bob-00000002") == nil)
        #expect(registry.callsProcessed == 3, "a finished call still counts as processed")

        registry.remove(second)
        #expect(registry.channels.count == 2, "removing twice changes nothing")
        registry.remove(first)
        registry.remove(third)
        #expect(registry.channels.isEmpty)
        #expect(registry.callsProcessed == 3)
    }

    @Test func lookupByNameFindsTheSameObject() throws {
        let registry = ChannelRegistry()
        let alice = Self.channel("SIP/alice-00000001")
        registry.add(alice)
        registry.add(Self.channel("SIP/bob-00000002"))

        let found = try #require(registry.channel(named: "SIP/alice-00000001"))
        #expect(found === alice)
        #expect(registry.channel(named: "SIP/alice") == nil, "names are matched whole")
    }

    @Test func removingAChannelNeverAddedDoesNothing() {
        let registry = ChannelRegistry()
        registry.add(Self.channel("SIP/alice-00000001"))
        registry.remove(Self.channel("SIP/zed-00000009"))

        #expect(registry.channels.map(\.name) == ["SIP/alice-00000001"])
    }

    @Test func sequenceNumbersCountUpFromOne() {
        let registry = ChannelRegistry()
        #expect((1...3).map { _ in registry.nextSequence() } == [1, 2, 3])
        #expect(ChannelRegistry().nextSequence() == 1, "each PBX counts on its own")
    }

    @Test func concurrentAddsAreAllCounted() async {
        let registry = ChannelRegistry()
        await withTaskGroup(of: Void.self) { group in
            for index in 1...50 {
                group.addTask { registry.add(Self.channel("SIP/peer-\(index)")) }
            }
        }

        #expect(registry.callsProcessed == 50)
        #expect(Set(registry.channels.map(\.name)).count == 50)
    }
}
