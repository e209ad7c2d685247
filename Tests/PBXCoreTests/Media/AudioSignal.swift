import Foundation
@testable import PBXCore

/// Test signals and measurements for codec tests: tones, noise, Goertzel
/// power and tone-to-rest ratios.
enum AudioSignal {
    /// A sine of `frequency` Hz, `amplitude` peak, `count` samples at `rate`.
    static func tone(_ frequency: Double, rate: Int, count: Int, amplitude: Double = 10000) -> [Int16] {
        (0..<count).map { Int16(amplitude * sin(2 * Double.pi * frequency * Double($0) / Double(rate))) }
    }

    /// Speech-like noise: white noise through a gentle low-pass, a syllable-rate envelope.
    static func speechLikeNoise(rate: Int, count: Int, seed: UInt64 = 7) -> [Int16] {
        var state = seed
        var smoothed = 0.0
        return (0..<count).map { index in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let white = Double(Int64(bitPattern: state) >> 33) / Double(1 << 30)
            smoothed = 0.7 * smoothed + 0.3 * white
            let envelope = 0.55 + 0.45 * sin(2 * Double.pi * 4 * Double(index) / Double(rate))
            return Int16(max(-32000, min(32000, smoothed * 12000 * envelope)))
        }
    }

    static func bytes(_ samples: [Int16]) -> [UInt8] {
        samples.withUnsafeBytes { Array($0) }
    }

    static func samples(_ bytes: [UInt8]) -> [Int16] {
        stride(from: 0, to: bytes.count - 1, by: 2).map { Int16(bitPattern: UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8) }
    }

    /// Power of `frequency` in `samples` (Goertzel), normalised per sample.
    static func power(of frequency: Double, in samples: ArraySlice<Int16>, rate: Int) -> Double {
        let coefficient = 2 * cos(2 * Double.pi * frequency / Double(rate))
        var previous = 0.0, beforePrevious = 0.0
        for sample in samples {
            let current = Double(sample) + coefficient * previous - beforePrevious
            beforePrevious = previous
            previous = current
        }
        let power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
        return power / Double(samples.count * samples.count) * 2
    }

    static func meanPower(_ samples: ArraySlice<Int16>) -> Double {
        samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(1, samples.count))
    }

    /// Tone power against everything else in dB (a SINAD figure that ignores codec delay).
    static func toneToRest(_ frequency: Double, in samples: ArraySlice<Int16>, rate: Int) -> Double {
        let tone = power(of: frequency, in: samples, rate: rate)
        let rest = max(meanPower(samples) - tone, 1e-9)
        return 10 * log10(tone / rest)
    }

    /// Signal-to-noise ratio of `decoded` against `original`, sample by sample, in dB.
    static func snr(original: ArraySlice<Int16>, decoded: ArraySlice<Int16>) -> Double {
        var signal = 0.0, noise = 0.0
        for (a, b) in zip(original, decoded) {
            signal += Double(a) * Double(a)
            noise += (Double(a) - Double(b)) * (Double(a) - Double(b))
        }
        return 10 * log10(signal / max(noise, 1e-9))
    }

    /// Mean |second difference| at frame boundaries over the mean everywhere: near 1 without clicks.
    static func boundaryRoughness(_ samples: [Int16], frame: Int, skip: Int) -> Double {
        func secondDifference(_ index: Int) -> Double {
            abs(Double(samples[index]) - 2 * Double(samples[index - 1]) + Double(samples[index - 2]))
        }
        let all = (max(2, skip)..<samples.count).map(secondDifference)
        let boundaries = stride(from: (skip / frame + 1) * frame, to: samples.count, by: frame).flatMap { [$0, $0 + 1] }
            .filter { $0 < samples.count }.map(secondDifference)
        let overall = all.reduce(0, +) / Double(all.count)
        return (boundaries.reduce(0, +) / Double(boundaries.count)) / max(overall, 1e-9)
    }

    /// Runs `samples` through an encoder and a decoder 20 ms at a time;
    /// returns the decoded samples and every encoded frame's size.
    static func roundTrip(_ samples: [Int16], rate: Int, encoder: any Translator, decoder: any Translator) -> (decoded: [Int16], frameSizes: [Int]) {
        let perFrame = rate / 50
        var decoded: [UInt8] = []
        var sizes: [Int] = []
        var encoded: [UInt8] = []
        for start in stride(from: 0, to: samples.count - perFrame + 1, by: perFrame) {
            encoded.removeAll(keepingCapacity: true)
            bytes(Array(samples[start..<start + perFrame])).withUnsafeBytes { encoder.convert($0, into: &encoded) }
            sizes.append(encoded.count)
            encoded.withUnsafeBytes { decoder.convert($0, into: &decoded) }
        }
        return (Self.samples(decoded), sizes)
    }
}
