import Foundation
import PBXCore

// Prints, for each translator and each whole path, the median nanoseconds
// to convert one 20 ms frame (5 runs of 20,000 frames), then the transcoded
// calls one core sustains for the bridged pairs: 20 ms over the CPU both
// directions of one call take per 20 ms.

let matrix = TranslationMatrix.withBuiltinCodecs()
let runs = 5
let framesPerRun = Int(ProcessInfo.processInfo.environment["FRAMES"] ?? "") ?? 20_000

/// 20 ms of a 1 kHz tone with noise at `format`'s linear rate, encoded into `format`.
func inputFrame(_ format: AudioFormat) -> [UInt8] {
    let linear: AudioFormat = format.isSignedLinear ? format : (format == .g722 || format == .opus ? .slin16 : .slin)
    let count = linear.sampleRate / 50
    let samples: [Int16] = (0..<count).map { index in
        Int16(12000 * sin(2 * Double.pi * 1000 * Double(index) / Double(linear.sampleRate)) + Double(index % 17 * 40 - 320))
    }
    var bytes = samples.withUnsafeBytes { Array($0) }
    if linear != format, let chain = matrix.makeChain(from: linear, to: format) {
        var encoded: [UInt8] = []
        // Encode a few frames first so adaptive codecs are past their start.
        for _ in 0..<5 { encoded.removeAll(); bytes.withUnsafeBytes { chain.convert($0, into: &encoded) } }
        bytes = encoded
    }
    return bytes
}

/// Median nanoseconds per frame of `translator` on `frame`.
func nanosecondsPerFrame(_ translator: any Translator, _ frame: [UInt8]) -> Double {
    var output: [UInt8] = []
    output.reserveCapacity(8192)
    var results: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        frame.withUnsafeBytes { raw in
            for _ in 0..<framesPerRun {
                output.removeAll(keepingCapacity: true)
                translator.convert(raw, into: &output)
            }
        }
        results.append(Double(DispatchTime.now().uptimeNanoseconds - start) / Double(framesPerRun))
    }
    return results.sorted()[runs / 2]
}

print("translator            ns/frame (median of \(runs) x \(framesPerRun))")
for descriptor in matrix.translators.sorted(by: { $0.name < $1.name }) {
    guard let translator = descriptor.make(TranslationParameters()) else { continue }
    let value = nanosecondsPerFrame(translator, inputFrame(descriptor.source))
    print(descriptor.name.padding(toLength: 22, withPad: " ", startingAt: 0) + String(format: "%10.0f", value))
}

print("\nbridged call (both directions)   ns per 20 ms   calls per core")
for (a, b) in [(AudioFormat.ulaw, AudioFormat.alaw), (.ulaw, .g722), (.ulaw, .opus), (.alaw, .g722), (.alaw, .opus), (.ulaw, .gsm)] {
    guard let forward = matrix.makeChain(from: a, to: b), let backward = matrix.makeChain(from: b, to: a) else { continue }
    let cost = nanosecondsPerFrame(forward, inputFrame(a)) + nanosecondsPerFrame(backward, inputFrame(b))
    let name = "\(a.name) <-> \(b.name)".padding(toLength: 32, withPad: " ", startingAt: 0)
    print(name + String(format: "%12.0f %16.0f", cost, 20_000_000 / cost))
}
