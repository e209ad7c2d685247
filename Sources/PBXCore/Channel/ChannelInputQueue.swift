import NIOConcurrencyHelpers

/// The per-channel buffer an application reads from: the media plane pushes
/// voice frames and digits from its event loop (a lock and an append, no
/// hop), the dialplan task awaits them. Bounded: when nobody reads, the
/// oldest voice frames are dropped; digits are kept so a caller can type
/// ahead of a prompt.
public final class ChannelInputQueue: Sendable {
    private struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<ChannelInput?, Never>
    }

    private struct State {
        var items: [ChannelInput] = []
        /// Voice frames among `items`.
        var voiceCount = 0
        var waiter: Waiter?
        var nextWaiterID = 0
        /// A reader whose time ran out before it started waiting.
        var expiredID: Int?
        var closed = false
    }

    /// Voice frames held at most (50 = one second at 20 ms).
    public let capacity: Int
    private let state = NIOLockedValueBox(State())

    public init(capacity: Int = 50) {
        self.capacity = max(1, capacity)
    }

    /// Hands `input` to the waiting reader, or keeps it for the next read.
    public func push(_ input: ChannelInput) {
        let waiter: Waiter? = state.withLockedValue { state in
            guard !state.closed else { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            if case .voice = input {
                if state.voiceCount >= capacity,
                   let oldest = state.items.firstIndex(where: { if case .voice = $0 { true } else { false } }) {
                    state.items.remove(at: oldest)
                    state.voiceCount -= 1
                }
                state.voiceCount += 1
            }
            state.items.append(input)
            return nil
        }
        waiter?.continuation.resume(returning: input)
    }

    /// The channel is gone: a waiting reader gets nil, later reads too.
    public func close() {
        let waiter: Waiter? = state.withLockedValue { state in
            state.closed = true
            state.items.removeAll()
            state.voiceCount = 0
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.continuation.resume(returning: nil)
    }


    /// The next input, or nil when `timeout` passes first, the queue is
    /// closed or the task is cancelled. One reader at a time: a second read
    /// ends the first with nil.
    public func read(timeout: Duration) async -> ChannelInput? {
        enum Start { case ready(ChannelInput?), waiting(Int) }
        let id = state.withLockedValue { state -> Int in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        let expiry = Task {
            try? await Task.sleep(for: timeout)
            self.expire(id)
        }
        defer { expiry.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ChannelInput?, Never>) in
                let previous: Waiter?
                let immediate: ChannelInput??
                (previous, immediate) = state.withLockedValue { state -> (Waiter?, ChannelInput??) in
                    if state.closed || Task.isCancelled || state.expiredID == id { return (nil, .some(nil)) }
                    if !state.items.isEmpty {
                        let first = state.items.removeFirst()
                        if case .voice = first { state.voiceCount -= 1 }
                        return (nil, .some(first))
                    }
                    let previous = state.waiter
                    state.waiter = Waiter(id: id, continuation: continuation)
                    return (previous, nil)
                }
                previous?.continuation.resume(returning: nil)
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            self.expire(id)
        }
    }

    /// Ends the wait of reader `id` with nil, if it is still waiting.
    private func expire(_ id: Int) {
        let waiter: Waiter? = state.withLockedValue { state in
            guard let waiter = state.waiter, waiter.id == id else {
                state.expiredID = id
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.continuation.resume(returning: nil)
    }
}
