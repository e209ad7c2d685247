import NIOConcurrencyHelpers

/// Every registered translator and the cheapest path between any two
/// formats (Asterisk's translate.c). Codec modules register their
/// translators when they load and remove them when they unload; each change
/// measures the new translators once and recomputes every path, so lookups
/// (at bridge set-up and sound load, never per packet) are a dictionary read.
///
/// Paths are chosen on quality cost first (decode, encode, down-sampling:
/// deterministic) and measured CPU second; a path runs through signed linear
/// at the rate each codec works at.
public final class TranslationMatrix: Sendable {
    private struct Pair: Hashable {
        let source: AudioFormat
        let destination: AudioFormat
    }

    private struct State {
        /// Registered translators by the module that registered them.
        var byOwner: [String: [TranslatorDescriptor]] = [:]
        /// Measured microseconds per second of audio, by translator name.
        var measured: [String: Int] = [:]
        var paths: [Pair: TranslationPath] = [:]
        /// Live per-call chains using each module's translators (its `useCount`).
        var chainsInUse: [String: Int] = [:]
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

    /// A matrix with every translator of this build, as if every codec module were loaded.
    public static func withBuiltinCodecs() -> TranslationMatrix {
        let matrix = TranslationMatrix()
        for entry in CodecCatalog.all { matrix.register(entry.translators, owner: entry.module) }
        return matrix
    }

    /// Adds `translators` on behalf of `owner` (a module name) and recomputes the paths.
    public func register(_ translators: [TranslatorDescriptor], owner: String) {
        let known = state.withLockedValue { $0.byOwner.values.flatMap { $0 } }
        // Measured outside the lock: it runs each translator over a second of audio.
        var timings: [String: Int] = [:]
        for translator in translators {
            timings[translator.name] = TranslatorMeasurement.microsecondsPerSecond(of: translator, helpers: known + translators)
        }
        state.withLockedValue { state in
            state.byOwner[owner, default: []].append(contentsOf: translators)
            state.measured.merge(timings) { _, new in new }
            state.paths = Self.computePaths(state)
        }
    }

    /// Removes everything `owner` registered and recomputes the paths.
    public func unregister(owner: String) {
        state.withLockedValue { state in
            guard let removed = state.byOwner.removeValue(forKey: owner) else { return }
            for translator in removed { state.measured[translator.name] = nil }
            state.paths = Self.computePaths(state)
        }
    }

    /// The cheapest path, nil when there is none (or the formats are equal).
    public func path(from source: AudioFormat, to destination: AudioFormat) -> TranslationPath? {
        state.withLockedValue { $0.paths[Pair(source: source, destination: destination)] }
    }

    /// Whether `source` can become `destination` (trivially so when equal).
    public func canTranslate(from source: AudioFormat, to destination: AudioFormat) -> Bool {
        source == destination || path(from: source, to: destination) != nil
    }

    /// Per-call state converting `source` to `destination`; nil without a path.
    public func makeChain(from source: AudioFormat, to destination: AudioFormat,
                          parameters: TranslationParameters = TranslationParameters()) -> TranslationChain? {
        guard let path = path(from: source, to: destination), let chain = path.makeChain(parameters) else { return nil }
        let names = Set(path.steps.map(\.name))
        let owners = state.withLockedValue { state in
            let owners = state.byOwner.filter { $0.value.contains { names.contains($0.name) } }.map(\.key)
            for owner in owners { state.chainsInUse[owner, default: 0] += 1 }
            return owners
        }
        // Counted down when the call lets the chain go, so `module unload` waits for it.
        chain.onRelease = { [weak self] in
            self?.state.withLockedValue { state in
                for owner in owners { state.chainsInUse[owner, default: 1] -= 1 }
            }
        }
        return chain
    }

    /// Live chains using translators `owner` registered.
    public func useCount(owner: String) -> Int {
        state.withLockedValue { $0.chainsInUse[owner] ?? 0 }
    }

    /// Every registered translator, in registration order per module.
    public var translators: [TranslatorDescriptor] {
        state.withLockedValue { state in state.byOwner.keys.sorted().flatMap { state.byOwner[$0] ?? [] } }
    }

    /// The measured microseconds per second of audio for one translator.
    public func measuredMicroseconds(_ name: String) -> Int? { state.withLockedValue { $0.measured[name] } }

    /// Formats any translator reads or writes, in `AudioFormat.known` order.
    public var formats: [AudioFormat] {
        let used = Set(translators.flatMap { [$0.source, $0.destination] })
        return AudioFormat.known.filter(used.contains)
    }

    // MARK: Paths

    /// Dijkstra from every format over (quality, cpu, steps) costs.
    private static func computePaths(_ state: State) -> [Pair: TranslationPath] {
        let edges = state.byOwner.keys.sorted().flatMap { state.byOwner[$0] ?? [] }
        let nodes = Set(edges.flatMap { [$0.source, $0.destination] })
        var result: [Pair: TranslationPath] = [:]
        for start in nodes {
            var best: [AudioFormat: (cost: PathCost, steps: [TranslatorDescriptor])] = [start: (PathCost(), [])]
            var done: Set<AudioFormat> = []
            while let (node, entry) = best.filter({ !done.contains($0.key) }).min(by: { $0.value.cost < $1.value.cost }) {
                done.insert(node)
                for edge in edges where edge.source == node && !done.contains(edge.destination) {
                    let cost = entry.cost.adding(edge, cpu: state.measured[edge.name] ?? 0)
                    if best[edge.destination].map({ cost < $0.cost }) ?? true {
                        best[edge.destination] = (cost, entry.steps + [edge])
                    }
                }
            }
            for (destination, entry) in best where destination != start {
                result[Pair(source: start, destination: destination)] =
                    TranslationPath(steps: entry.steps, qualityCost: entry.cost.quality, cpuMicroseconds: entry.cost.cpu)
            }
        }
        return result
    }

    private struct PathCost: Comparable {
        var quality = 0
        var cpu = 0
        var steps = 0

        func adding(_ edge: TranslatorDescriptor, cpu: Int) -> PathCost {
            PathCost(quality: quality + edge.qualityCost, cpu: self.cpu + cpu, steps: steps + 1)
        }

        static func < (a: PathCost, b: PathCost) -> Bool {
            (a.quality, a.steps, a.cpu) < (b.quality, b.steps, b.cpu)
        }
    }
}
