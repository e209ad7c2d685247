/// What qualifying (OPTIONS keep-alives, `qualify=yes`) knows of a peer, in
/// the words `sip show peers` uses.
public enum SIPPeerStatus: Sendable, Equatable {
    /// `qualify=no`: nobody asks.
    case unmonitored
    /// Qualified, but no answer or silence seen yet (or nowhere to ask).
    case unknown
    /// Answered within the peer's maximum latency.
    case reachable(latency: Int)
    /// Answered, but slower than the peer's maximum latency.
    case lagged(latency: Int)
    /// No answer; `lastLatency` is the last good round trip (0 if none).
    case unreachable(lastLatency: Int)

    /// The result of one answered OPTIONS: reachable up to `maxLatency` ms,
    /// lagged beyond it.
    public static func answered(after latency: Int, maxLatency: Int) -> SIPPeerStatus {
        latency <= maxLatency ? .reachable(latency: latency) : .lagged(latency: latency)
    }

    /// The Status column of `sip show peers`.
    public var display: String {
        switch self {
        case .unmonitored: "Unmonitored"
        case .unknown: "UNKNOWN"
        case .reachable(let latency): "OK (\(latency) ms)"
        case .lagged(let latency): "LAGGED (\(latency) ms)"
        case .unreachable: "UNREACHABLE"
        }
    }

    /// Answering at all, slow or not: what counts as online.
    public var isOnline: Bool {
        switch self {
        case .reachable, .lagged: true
        default: false
        }
    }

    public var isUnreachable: Bool {
        if case .unreachable = self { return true }
        return false
    }

    /// The latest measured round trip, if any.
    public var latency: Int? {
        switch self {
        case .reachable(let latency), .lagged(let latency): latency
        case .unreachable(let last): last
        default: nil
        }
    }

    /// The log line for a change from `old` to this status, as Asterisk words
    /// it; nil when nothing worth telling changed (same kind, or unknown).
    public func changeMessage(peer: String, from old: SIPPeerStatus, maxLatency: Int) -> String? {
        switch self {
        case .reachable(let latency):
            if case .reachable = old { return nil }
            return "Peer '\(peer)' is now Reachable. (\(latency)ms / \(maxLatency)ms)"
        case .lagged(let latency):
            if case .lagged = old { return nil }
            return "Peer '\(peer)' is now Lagged. (\(latency)ms / \(maxLatency)ms)"
        case .unreachable:
            if old.isUnreachable { return nil }
            return "Peer '\(peer)' is now UNREACHABLE!  Last qualify: \(old.latency ?? 0)"
        case .unknown, .unmonitored:
            return nil
        }
    }
}
