import NIOConcurrencyHelpers

/// Hands out even RTP ports from `rtp.conf`'s `rtpstart`...`rtpend`, round
/// robin, so a port just freed is not reused at once.
public final class PortAllocator: Sendable {
    public let range: ClosedRange<Int>
    private struct State {
        var next: Int
        var inUse: Set<Int> = []
    }
    private let state: NIOLockedValueBox<State>

    public init(range: ClosedRange<Int>) {
        let start = range.lowerBound % 2 == 0 ? range.lowerBound : range.lowerBound + 1
        self.range = start...max(start, range.upperBound)
        state = NIOLockedValueBox(State(next: start))
    }

    /// A free even port, or nil when every one is taken.
    public func allocate() -> Int? {
        state.withLockedValue { s in
            let slots = (range.upperBound - range.lowerBound) / 2 + 1
            for _ in 0..<slots {
                let port = s.next
                s.next += 2
                if s.next > range.upperBound { s.next = range.lowerBound }
                if !s.inUse.contains(port) {
                    s.inUse.insert(port)
                    return port
                }
            }
            return nil
        }
    }

    public func release(_ port: Int) {
        _ = state.withLockedValue { $0.inUse.remove(port) }
    }

    public var inUseCount: Int { state.withLockedValue { $0.inUse.count } }
}
