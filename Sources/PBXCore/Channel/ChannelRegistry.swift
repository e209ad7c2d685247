import NIOConcurrencyHelpers

/// The live channels of one PBX (Asterisk's channel container), and the
/// counters `core show channels` prints.
public final class ChannelRegistry: Sendable {
    private struct State {
        var channels: [String: any Channel] = [:]
        var order: [String] = []
        var callsProcessed = 0
        var nextSequence = 0
        /// Tasks waiting for the registry to empty (graceful stop).
        var emptyWaiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state = NIOLockedValueBox(State())

    public init() {}

    /// A fresh suffix for a channel name, Asterisk-style (`-00000001`).
    public func nextSequence() -> Int {
        state.withLockedValue { $0.nextSequence += 1; return $0.nextSequence }
    }

    public func add(_ channel: any Channel) {
        state.withLockedValue {
            $0.channels[channel.name] = channel
            $0.order.append(channel.name)
            $0.callsProcessed += 1
        }
    }

    public func remove(_ channel: any Channel) {
        let waiters = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
            if state.channels.removeValue(forKey: channel.name) != nil {
                state.order.removeAll { $0 == channel.name }
            }
            guard state.channels.isEmpty else { return [] }
            defer { state.emptyWaiters = [] }
            return state.emptyWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once no channel is left (at once when there is none).
    public func waitUntilEmpty() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLockedValue { state -> Bool in
                if state.channels.isEmpty { return true }
                state.emptyWaiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Live channels in the order they were created.
    public var channels: [any Channel] {
        state.withLockedValue { s in s.order.compactMap { s.channels[$0] } }
    }

    public func channel(named name: String) -> (any Channel)? {
        state.withLockedValue { $0.channels[name] }
    }

    public var callsProcessed: Int { state.withLockedValue { $0.callsProcessed } }
}
