@testable import Channels
import Testing

@Suite("ConsoleSampleRing: the FIFO between a bridge and the sound card")
struct ConsoleSampleRingTests {
    private func read(_ ring: inout ConsoleSampleRing, _ count: Int) -> (samples: [Int16], real: Int) {
        var output = [Int16](repeating: 99, count: count)
        let real = output.withUnsafeMutableBufferPointer { ring.read(into: $0) }
        return (output, real)
    }

    @Test("Samples come out in order across the wrap-around")
    func order() {
        var ring = ConsoleSampleRing(capacity: 8)
        ring.write([1, 2, 3, 4, 5, 6] as [Int16])
        #expect(read(&ring, 4).samples == [1, 2, 3, 4])
        ring.write([7, 8, 9, 10] as [Int16])
        #expect(ring.count == 6)
        #expect(read(&ring, 6).samples == [5, 6, 7, 8, 9, 10])
        #expect(ring.count == 0)
    }

    @Test("A full ring drops the oldest samples, so the delay stays bounded")
    func overflow() {
        var ring = ConsoleSampleRing(capacity: 4)
        ring.write([1, 2, 3, 4, 5, 6] as [Int16])
        #expect(ring.count == 4)
        #expect(ring.overflowedSamples == 2)
        #expect(read(&ring, 4).samples == [3, 4, 5, 6])
    }

    @Test("Reading more than is waiting pads with silence and counts the shortfall")
    func underflow() {
        var ring = ConsoleSampleRing(capacity: 8)
        ring.write([7, 7] as [Int16])
        let (samples, real) = read(&ring, 4)
        #expect(samples == [7, 7, 0, 0])
        #expect(real == 2)
        #expect(ring.underflowedSamples == 2)
    }

    @Test("After running dry it waits for the priming amount before giving audio again")
    func priming() {
        var ring = ConsoleSampleRing(capacity: 16, primingSamples: 4)
        ring.write([1, 2] as [Int16])
        #expect(read(&ring, 2) == ([0, 0], 0))
        ring.write([3, 4] as [Int16])
        #expect(read(&ring, 2) == ([1, 2], 2))
        #expect(read(&ring, 4) == ([3, 4, 0, 0], 2))
        // Dry again: primes again.
        ring.write([5, 6, 7] as [Int16])
        #expect(read(&ring, 2) == ([0, 0], 0))
        ring.write([8] as [Int16])
        #expect(read(&ring, 4) == ([5, 6, 7, 8], 4))
    }

    @Test("readWhole takes a full period or nothing; write(count:) decodes in place; reset empties")
    func wholePeriods() {
        var ring = ConsoleSampleRing(capacity: 8)
        ring.write(count: 3) { Int16($0 * 10) }
        var period = [Int16](repeating: 0, count: 4)
        #expect(!period.withUnsafeMutableBufferPointer { ring.readWhole(into: $0) })
        #expect(ring.count == 3)
        ring.write([30] as [Int16])
        #expect(period.withUnsafeMutableBufferPointer { ring.readWhole(into: $0) })
        #expect(period == [0, 10, 20, 30])
        ring.write([1, 2] as [Int16])
        ring.reset()
        #expect(ring.count == 0)
    }
}
