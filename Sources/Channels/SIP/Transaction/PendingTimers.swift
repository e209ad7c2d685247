import NIOCore

/// The timers of one transaction that have not fired yet. A timer leaves the
/// set when it fires, so cancelling touches only pending ones: NIO's cancel
/// searches its whole timer heap, which is costly for a timer already gone.
struct PendingTimers {
    private var nextID = 0
    private var pending: [Int: Scheduled<Void>] = [:]

    /// Schedules `body` after `delay` on `loop`; `fired` must be called from it.
    mutating func schedule(on loop: any EventLoop, in delay: TimeAmount, _ body: @escaping (_ id: Int) -> Void) {
        let id = nextID
        nextID += 1
        pending[id] = loop.assumeIsolated().scheduleTask(in: delay) { body(id) }
    }

    mutating func fired(_ id: Int) {
        pending.removeValue(forKey: id)
    }

    mutating func cancelAll() {
        for timer in pending.values { timer.cancel() }
        pending.removeAll()
    }
}
