import Foundation

/// Keeps the console's I/O loop at one period per 20 ms when the device does
/// not block: the first read of a call tells whether it kept time (a real
/// card makes it wait about a period; ALSA's `null`/`file` plugins return at
/// once). Pacing is measured from the start, so sleep jitter does not add up;
/// after a stall of more than `maximumLag` it starts counting afresh rather
/// than rushing to catch up.
struct ConsolePeriodClock {
    let period: Duration
    let maximumLag: Duration
    /// Nil until the first read; then whether this clock paces the loop.
    private(set) var pacesLoop: Bool?
    private var start: ContinuousClock.Instant
    private var periods = 0
    private let clock = ContinuousClock()

    init(periodMilliseconds: Int, maximumLag: Duration = .milliseconds(100)) {
        period = .milliseconds(periodMilliseconds)
        self.maximumLag = maximumLag
        start = clock.now
    }

    var now: ContinuousClock.Instant { clock.now }

    /// Records how long the first read of a call blocked.
    mutating func noteFirstRead(took elapsed: Duration) {
        guard pacesLoop == nil else { return }
        pacesLoop = Self.deviceDoesNotKeepTime(firstReadTook: elapsed, period: period)
        start = clock.now
    }

    /// A device that delivered a whole period in under a quarter of its
    /// duration did not wait for it to be recorded.
    static func deviceDoesNotKeepTime(firstReadTook elapsed: Duration, period: Duration) -> Bool {
        elapsed < period / 4
    }

    /// Sleeps until the next period is due, when this clock paces the loop.
    mutating func waitForNextPeriod() {
        guard pacesLoop == true else { return }
        periods += 1
        let due = start + period * periods
        let current = clock.now
        if current < due {
            Thread.sleep(forTimeInterval: Self.seconds(due - current))
        } else if current - due > maximumLag {
            start = current - period * periods
        }
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let parts = duration.components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}
