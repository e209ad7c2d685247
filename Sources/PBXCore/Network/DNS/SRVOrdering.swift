/// The order RFC 2782 asks clients to try SRV targets in: ascending
/// priority, and within one priority a weighted random draw without
/// replacement, so a weight-60 target comes first about three times as
/// often as a weight-20 one. A pure function of its input and the random
/// source, so tests can pin the draw.
public enum SRVOrdering {
    /// `records` in the order to try them. Records with target "." are dropped.
    public static func ordered<Generator: RandomNumberGenerator>(
        _ records: [SRVRecord],
        using generator: inout Generator
    ) -> [SRVRecord] {
        let usable = records.filter { !$0.isServiceUnavailable }
        let priorities = Set(usable.map(\.priority)).sorted()
        var result: [SRVRecord] = []
        result.reserveCapacity(usable.count)
        for priority in priorities {
            // Zero-weight records go first in the running-sum list, as the RFC
            // says, so they are picked only when the draw is exactly 0.
            var remaining = usable.filter { $0.priority == priority && $0.weight == 0 }
                + usable.filter { $0.priority == priority && $0.weight != 0 }
            while !remaining.isEmpty {
                let total = remaining.reduce(0) { $0 + Int($1.weight) }
                let draw = Int.random(in: 0...total, using: &generator)
                var runningSum = 0
                var chosen = remaining.count - 1
                for (index, record) in remaining.enumerated() {
                    runningSum += Int(record.weight)
                    if runningSum >= draw {
                        chosen = index
                        break
                    }
                }
                result.append(remaining.remove(at: chosen))
            }
        }
        return result
    }

    /// The same with the system's random source.
    public static func ordered(_ records: [SRVRecord]) -> [SRVRecord] {
        var generator = SystemRandomNumberGenerator()
        return ordered(records, using: &generator)
    }
}
