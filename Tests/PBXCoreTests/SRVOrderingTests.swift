import PBXCore
import Testing

/// SplitMix64: a small seeded generator, so a statistical test gives the same
/// draws on every run.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

private func srv(_ priority: UInt16, _ weight: UInt16, _ target: String) -> SRVRecord {
    SRVRecord(priority: priority, weight: weight, port: 5060, target: target)
}

@Suite("SRVOrdering")
struct SRVOrderingTests {
    @Test("lower priority first, whatever the weights and the input order")
    func priorityFirst() {
        var generator = SeededGenerator(state: 1)
        for _ in 0..<50 {
            let ordered = SRVOrdering.ordered([srv(30, 90, "c"), srv(10, 1, "a"), srv(20, 50, "b1"), srv(20, 50, "b2")],
                                              using: &generator)
            #expect(ordered.map(\.priority) == [10, 20, 20, 30])
            #expect(ordered.first?.target == "a")
            #expect(ordered.last?.target == "c")
        }
    }

    @Test("a target \".\" is dropped")
    func unavailableDropped() {
        var generator = SeededGenerator(state: 2)
        #expect(SRVOrdering.ordered([srv(0, 0, "")], using: &generator).isEmpty)
        #expect(SRVOrdering.ordered([srv(0, 0, ""), srv(1, 0, "x")], using: &generator).map(\.target) == ["x"])
    }

    @Test("weights share the first place: 60/20/20 comes first about 60 % of the time")
    func weightedShare() {
        var generator = SeededGenerator(state: 42)
        let records = [srv(1, 20, "light1"), srv(1, 60, "heavy"), srv(1, 20, "light2")]
        var firsts: [String: Int] = [:]
        let rounds = 20_000
        for _ in 0..<rounds {
            let ordered = SRVOrdering.ordered(records, using: &generator)
            #expect(Set(ordered.map(\.target)) == ["light1", "heavy", "light2"])
            firsts[ordered[0].target, default: 0] += 1
        }
        let heavyShare = Double(firsts["heavy", default: 0]) / Double(rounds)
        let lightShare = Double(firsts["light1", default: 0]) / Double(rounds)
        #expect(abs(heavyShare - 0.6) < 0.02, "heavy first \(heavyShare)")
        #expect(abs(lightShare - 0.2) < 0.02, "light1 first \(lightShare)")
    }

    @Test("a zero-weight record comes first only on a draw of 0: once in total weight + 1 (RFC 2782)")
    func zeroWeight() {
        var generator = SeededGenerator(state: 7)
        let records = [srv(1, 10, "weighted"), srv(1, 0, "zero")]
        let rounds = 22_000
        var zeroFirst = 0
        for _ in 0..<rounds {
            let ordered = SRVOrdering.ordered(records, using: &generator)
            #expect(ordered.count == 2)
            if ordered[0].target == "zero" { zeroFirst += 1 }
        }
        let share = Double(zeroFirst) / Double(rounds)
        #expect(abs(share - 1.0 / 11.0) < 0.01, "zero-weight first \(share)")
    }
}
