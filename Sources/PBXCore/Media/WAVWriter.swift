/// Writes what Asterisk's `format=wav` holds: RIFF/WAVE, PCM, mono, 16-bit,
/// 8000 Hz. Pure: it makes the 44-byte header and the sample bytes; the
/// caller decides where they go.
public enum WAVWriter {
    public static let sampleRate = 8000
    public static let headerSize = 44

    /// The header for `sampleCount` samples.
    public static func header(sampleCount: Int) -> [UInt8] {
        let dataBytes = UInt32(clamping: sampleCount * 2)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(headerSize)
        bytes += Array("RIFF".utf8)
        append(&bytes, UInt32(36) &+ dataBytes)
        bytes += Array("WAVEfmt ".utf8)
        append(&bytes, UInt32(16))
        append(&bytes, UInt16(1))                              // PCM
        append(&bytes, UInt16(1))                              // mono
        append(&bytes, UInt32(sampleRate))
        append(&bytes, UInt32(sampleRate * 2))                 // bytes per second
        append(&bytes, UInt16(2))                              // bytes per sample frame
        append(&bytes, UInt16(16))                             // bits per sample
        bytes += Array("data".utf8)
        append(&bytes, dataBytes)
        return bytes
    }

    /// Little-endian bytes of `samples`.
    public static func bytes(of samples: some Collection<Int16>) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(samples.count * 2)
        for sample in samples { append(&bytes, UInt16(bitPattern: sample)) }
        return bytes
    }

    private static func append(_ bytes: inout [UInt8], _ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    private static func append(_ bytes: inout [UInt8], _ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}
