import Foundation

/// Test tones for real phones: writes a sine as a 16-bit mono PCM WAV file
/// (what baresip's aufile source plays) and reads a recorded one back to
/// measure, with a Goertzel filter, how strong one frequency is in it.
enum ToneAnalysis {
    /// Mono 16-bit PCM samples and their rate, as read from a WAV file.
    struct Audio: Equatable {
        var samples: [Int16]
        var sampleRate: Int

        var duration: TimeInterval { Double(samples.count) / Double(sampleRate) }
    }

    /// `seconds` of a sine at `frequency` Hz with peak `amplitude`.
    static func sine(frequency: Double, seconds: Double, sampleRate: Int = 8000, amplitude: Double = 8000) -> Audio {
        let count = Int(seconds * Double(sampleRate))
        let step = 2 * Double.pi * frequency / Double(sampleRate)
        let samples = (0..<count).map { Int16((amplitude * sin(step * Double($0))).rounded()) }
        return Audio(samples: samples, sampleRate: sampleRate)
    }

    /// A canonical RIFF/WAVE file: one `fmt ` chunk (PCM, mono, 16 bit), one `data` chunk.
    static func wav(_ audio: Audio) -> Data {
        var data = Data()
        let payloadBytes = UInt32(audio.samples.count * 2)
        data.append(contentsOf: Array("RIFF".utf8))
        data.appendLittleEndian(36 + payloadBytes)
        data.append(contentsOf: Array("WAVEfmt ".utf8))
        data.appendLittleEndian(UInt32(16))
        data.appendLittleEndian(UInt16(1))                      // PCM
        data.appendLittleEndian(UInt16(1))                      // channels
        data.appendLittleEndian(UInt32(audio.sampleRate))
        data.appendLittleEndian(UInt32(audio.sampleRate * 2))   // bytes per second
        data.appendLittleEndian(UInt16(2))                      // bytes per frame
        data.appendLittleEndian(UInt16(16))                     // bits per sample
        data.append(contentsOf: Array("data".utf8))
        data.appendLittleEndian(payloadBytes)
        for sample in audio.samples { data.appendLittleEndian(UInt16(bitPattern: sample)) }
        return data
    }

    /// Reads a 16-bit mono PCM WAV file, skipping chunks other than `fmt `
    /// and `data`. A `data` chunk longer than the file (a writer that never
    /// fixed its header up) is read to the end of the file.
    static func readWAV(_ data: Data, name: String = "WAV") throws -> Audio {
        let bytes = [UInt8](data)
        guard bytes.count >= 12, bytes[0..<4].elementsEqual("RIFF".utf8), bytes[8..<12].elementsEqual("WAVE".utf8) else {
            throw WAVError.notWAV(name)
        }
        var offset = 12
        var sampleRate: Int?
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let size = Int(bytes.littleEndianUInt32(at: offset + 4))
            let body = offset + 8
            switch id {
            case "fmt ":
                guard size >= 16, body + 16 <= bytes.count else { throw WAVError.truncated(name) }
                let format = bytes.littleEndianUInt16(at: body)
                let channels = bytes.littleEndianUInt16(at: body + 2)
                let bits = bytes.littleEndianUInt16(at: body + 14)
                guard format == 1, channels == 1, bits == 16 else {
                    throw WAVError.unsupported(name, format: format, channels: channels, bits: bits)
                }
                sampleRate = Int(bytes.littleEndianUInt32(at: body + 4))
            case "data":
                guard let sampleRate else { throw WAVError.dataBeforeFormat(name) }
                let end = min(body + size, bytes.count)
                let samples = stride(from: body, to: end - 1, by: 2).map { Int16(bitPattern: bytes.littleEndianUInt16(at: $0)) }
                return Audio(samples: samples, sampleRate: sampleRate)
            default:
                break
            }
            offset = body + size + (size & 1)  // chunks are padded to an even length
        }
        throw WAVError.noData(name)
    }

    /// The peak amplitude (on the 16-bit sample scale) of the `frequency`
    /// component of `audio`, by a Goertzel filter over all samples.
    static func amplitude(of audio: Audio, at frequency: Double) -> Double {
        guard !audio.samples.isEmpty else { return 0 }
        let coefficient = 2 * cos(2 * Double.pi * frequency / Double(audio.sampleRate))
        var previous = 0.0
        var beforePrevious = 0.0
        for sample in audio.samples {
            let current = Double(sample) + coefficient * previous - beforePrevious
            beforePrevious = previous
            previous = current
        }
        let power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
        return 2 * power.squareRoot() / Double(audio.samples.count)
    }

    /// Energy (amplitude squared) at `frequency`, for comparing components.
    static func energy(of audio: Audio, at frequency: Double) -> Double {
        let value = amplitude(of: audio, at: frequency)
        return value * value
    }
}

/// Why a WAV file could not be read.
enum WAVError: Error, CustomStringConvertible {
    case notWAV(String)
    case truncated(String)
    case unsupported(String, format: UInt16, channels: UInt16, bits: UInt16)
    case dataBeforeFormat(String)
    case noData(String)

    var description: String {
        switch self {
        case .notWAV(let name): "\(name): not a RIFF/WAVE file"
        case .truncated(let name): "\(name): fmt chunk is truncated"
        case .unsupported(let name, let format, let channels, let bits):
            "\(name): need 16-bit mono PCM, found format \(format), \(channels) channels, \(bits) bits"
        case .dataBeforeFormat(let name): "\(name): data chunk before the fmt chunk"
        case .noData(let name): "\(name): no data chunk"
        }
    }
}

private extension Data {
    mutating func appendLittleEndian<Value: FixedWidthInteger>(_ value: Value) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}

private extension [UInt8] {
    func littleEndianUInt16(at offset: Int) -> UInt16 {
        guard offset + 2 <= count else { return 0 }
        return UInt16(self[offset]) | UInt16(self[offset + 1]) << 8
    }

    func littleEndianUInt32(at offset: Int) -> UInt32 {
        guard offset + 4 <= count else { return 0 }
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(self[offset + $1]) << (8 * UInt32($1)) }
    }
}
