import Foundation

/// Runs one piece of work repeatedly for a fixed wall time, several times
/// over, and reports operations per second (median, min, max).
struct BenchmarkRunner {
    /// How long each run lasts at least.
    var secondsPerRun: Double
    /// How many timed runs make up the median.
    var runs: Int
    /// Operations between two looks at the clock: large enough that reading
    /// the clock costs nothing measurable, small enough to stop on time.
    var batch = 1_000

    struct Result {
        var name: String
        var rates: [Double]
        var operations: Int
        var median: Double { rates.sorted()[rates.count / 2] }
        var minimum: Double { rates.min() ?? 0 }
        var maximum: Double { rates.max() ?? 0 }
    }

    /// `work` does one operation and returns a number folded into a checksum
    /// so the optimiser cannot drop the operation.
    func measure(_ name: String, checksum: inout Int, _ work: () -> Int) -> Result {
        // One short warm-up run so caches and allocator pools are settled.
        _ = timedRun(seconds: min(0.2, secondsPerRun), checksum: &checksum, work)
        var rates: [Double] = []
        var operations = 0
        for _ in 0..<runs {
            let (count, elapsed) = timedRun(seconds: secondsPerRun, checksum: &checksum, work)
            rates.append(Double(count) / elapsed)
            operations += count
        }
        return Result(name: name, rates: rates, operations: operations)
    }

    /// Exactly `count` operations, untimed: for profilers, which slow the
    /// program too much for a time-bounded run to mean anything.
    func repeatExactly(_ count: Int, checksum: inout Int, _ work: () -> Int) {
        for _ in 0..<count { checksum &+= work() }
    }

    private func timedRun(seconds: Double, checksum: inout Int, _ work: () -> Int) -> (count: Int, elapsed: Double) {
        let start = BenchmarkRunner.now()
        var count = 0
        // Bounded: stops after `seconds`, or after 10^9 operations at worst.
        while count < 1_000_000_000 {
            for _ in 0..<batch { checksum &+= work() }
            count += batch
            let elapsed = BenchmarkRunner.now() - start
            if elapsed >= seconds { return (count, elapsed) }
        }
        return (count, BenchmarkRunner.now() - start)
    }

    /// Monotonic seconds.
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
