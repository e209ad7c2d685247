import Foundation

/// Times a translator over one second of audio, as Asterisk does when a
/// translator registers: a 1 kHz tone with a little noise, encoded first by
/// a helper translator when the source is a codec.
enum TranslatorMeasurement {
    /// Microseconds one second of audio takes; 0 when it cannot be measured.
    static func microsecondsPerSecond(of descriptor: TranslatorDescriptor, helpers: [TranslatorDescriptor]) -> Int {
        guard let frames = inputFrames(for: descriptor.source, helpers: helpers), let translator = descriptor.make(.init())
        else { return 0 }
        var output: [UInt8] = []
        output.reserveCapacity(8192)
        // One warm-up frame so table set-up and first allocations are not timed.
        frames[0].withUnsafeBytes { translator.convert($0, into: &output) }
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for frame in frames {
                output.removeAll(keepingCapacity: true)
                frame.withUnsafeBytes { translator.convert($0, into: &output) }
            }
        }
        let microseconds = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        return max(1, Int(microseconds))
    }

    /// Fifty 20 ms frames in `format`, or nil when nothing can produce it.
    static func inputFrames(for format: AudioFormat, helpers: [TranslatorDescriptor]) -> [[UInt8]]? {
        if format.isSignedLinear { return toneFrames(rate: format.sampleRate) }
        guard let encoder = helpers.first(where: { $0.destination == format && $0.source.isSignedLinear }),
              let translator = encoder.make(.init()) else { return nil }
        return toneFrames(rate: encoder.source.sampleRate).map { frame in
            var encoded: [UInt8] = []
            frame.withUnsafeBytes { translator.convert($0, into: &encoded) }
            return encoded
        }
    }

    /// Fifty 20 ms frames of a 1 kHz tone at -6 dBFS plus low noise, host-endian 16-bit.
    static func toneFrames(rate: Int) -> [[UInt8]] {
        let perFrame = rate / 50
        var generator = SystemRandomNumberGenerator()
        return (0..<50).map { frame in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(perFrame * 2)
            for index in 0..<perFrame {
                let time = Double(frame * perFrame + index) / Double(rate)
                let value = 16000 * sin(2 * Double.pi * 1000 * time) + Double(Int.random(in: -300...300, using: &generator))
                withUnsafeBytes(of: Int16(value)) { bytes.append(contentsOf: $0) }
            }
            return bytes
        }
    }
}
