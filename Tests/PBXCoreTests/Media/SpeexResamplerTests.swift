import Foundation
@testable import PBXCore
import Testing

/// The resampler keeps a tone's frequency and level, keeps frame sizes
/// exact, and suppresses what cannot exist at the lower rate.
@Suite struct SpeexResamplerTests {
    static let pairs: [(Int, Int)] = [(8000, 16000), (16000, 8000), (8000, 48000), (48000, 8000), (16000, 48000), (48000, 16000)]

    @Test(arguments: pairs)
    func toneKeepsItsFrequency(from input: Int, to output: Int) throws {
        let resampler = try #require(SpeexResampler(from: input, to: output))
        let tone = AudioSignal.tone(1000, rate: input, count: input)
        var out: [UInt8] = []
        var sizes: [Int] = []
        for start in stride(from: 0, to: tone.count, by: input / 50) {
            let before = out.count
            AudioSignal.bytes(Array(tone[start..<start + input / 50])).withUnsafeBytes { resampler.convert($0, into: &out) }
            sizes.append((out.count - before) / 2)
        }
        // Every 20 ms in gives exactly 20 ms out.
        #expect(sizes.allSatisfy { $0 == output / 50 }, "\(sizes.prefix(4))")
        let samples = AudioSignal.samples(out)
        let steady = samples[(output / 10)...].prefix(output / 2)
        #expect(AudioSignal.toneToRest(1000, in: steady, rate: output) > 40)
        // And not at a neighbouring frequency.
        #expect(AudioSignal.power(of: 1000, in: steady, rate: output) > 100 * AudioSignal.power(of: 1250, in: steady, rate: output))
        let gain = AudioSignal.meanPower(steady) / AudioSignal.meanPower(tone[...])
        #expect(gain > 0.89 && gain < 1.12)
    }

    /// A 6 kHz tone cannot exist at 8 kHz: what folds back to 2 kHz stays 40 dB down.
    @Test(arguments: [16000, 48000])
    func downsamplingDoesNotAlias(from input: Int) throws {
        let resampler = try #require(SpeexResampler(from: input, to: 8000))
        let tone = AudioSignal.tone(6000, rate: input, count: input / 2)
        var out: [UInt8] = []
        AudioSignal.bytes(tone).withUnsafeBytes { resampler.convert($0, into: &out) }
        let samples = AudioSignal.samples(out)
        let steady = samples[400...]
        let aliased = AudioSignal.power(of: 2000, in: steady, rate: 8000)
        let original = AudioSignal.meanPower(tone[...])
        #expect(10 * log10(original / max(aliased, 1e-9)) > 40)
    }
}
