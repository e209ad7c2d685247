import NIOCore

/// RFC 3261 §17 timer values (Table 4).
public struct SIPTimers: Sendable {
    public var t1: TimeAmount = .milliseconds(500)
    public var t2: TimeAmount = .seconds(4)
    public var t4: TimeAmount = .seconds(5)

    public init() {}

    /// 64·T1: how long a transaction waits before giving up (Timers B, F, H, J).
    public var transactionTimeout: TimeAmount { t1 * 64 }

    /// The retransmission interval after `interval`: doubled, capped at T2.
    public func backoff(_ interval: TimeAmount) -> TimeAmount {
        min(interval * 2, t2)
    }
}
