/// A fixed-size FIFO of 16-bit samples between two clocks: frames a bridge
/// or the capture side hands over at their pace, and the sound card's I/O
/// thread or the event loop taking whole periods at its own.
///
/// Storage is allocated once. When full, the oldest samples go, so the
/// delay through the ring never exceeds its capacity. After it runs dry it
/// fills up to `primingSamples` again before giving audio out (a small
/// jitter buffer); what is missing reads as silence. A pure value: the
/// owner provides the locking.
struct ConsoleSampleRing: Sendable {
    private var storage: [Int16]
    private var head = 0
    private(set) var count = 0
    /// How many samples must be waiting before reading resumes after a dry spell.
    let primingSamples: Int
    private var priming = true
    /// Samples thrown away because the ring was full.
    private(set) var overflowedSamples = 0
    /// Samples read as silence because the ring was dry.
    private(set) var underflowedSamples = 0

    init(capacity: Int, primingSamples: Int = 0) {
        precondition(capacity > 0, "a ring needs room")
        storage = [Int16](repeating: 0, count: capacity)
        self.primingSamples = min(primingSamples, capacity)
        priming = primingSamples > 0
    }

    var capacity: Int { storage.count }

    /// Appends `samples`, dropping the oldest ones when there is no room.
    mutating func write<Samples: Collection<Int16>>(_ samples: Samples) {
        for sample in samples { append(sample) }
    }

    /// Appends `count` samples made by `sample(i)`: decoding straight into
    /// the ring with no intermediate array.
    mutating func write(count: Int, _ sample: (Int) -> Int16) {
        for index in 0..<count { append(sample(index)) }
    }

    private mutating func append(_ sample: Int16) {
        if count == storage.count {
            head = (head + 1) % storage.count
            count -= 1
            overflowedSamples += 1
        }
        storage[(head + count) % storage.count] = sample
        count += 1
    }

    /// Fills `output` completely: with waiting samples while priming allows,
    /// the rest with silence. Returns how many real samples it gave.
    @discardableResult
    mutating func read(into output: UnsafeMutableBufferPointer<Int16>) -> Int {
        if priming && count >= max(primingSamples, 1) { priming = false }
        let available = priming ? 0 : min(count, output.count)
        for index in 0..<available {
            output[index] = storage[(head + index) % storage.count]
        }
        head = (head + available) % storage.count
        count -= available
        if available < output.count {
            for index in available..<output.count { output[index] = 0 }
            underflowedSamples += output.count - available
            if primingSamples > 0 { priming = true }
        }
        return available
    }

    /// Takes exactly `output.count` samples if that many are waiting
    /// (ignores priming); false and nothing taken otherwise.
    mutating func readWhole(into output: UnsafeMutableBufferPointer<Int16>) -> Bool {
        guard count >= output.count else { return false }
        for index in 0..<output.count {
            output[index] = storage[(head + index) % storage.count]
        }
        head = (head + output.count) % storage.count
        count -= output.count
        return true
    }

    /// Forgets everything waiting (a call ends) and primes again.
    mutating func reset() {
        head = 0
        count = 0
        priming = primingSamples > 0
    }
}
