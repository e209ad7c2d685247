/// A RIFF/WAVE file's audio, read from bytes: mono 16-bit PCM at 8 or 16 kHz,
/// or mono G.711 (format tags 6 and 7) at 8 kHz. Pure value; bad bytes give a
/// `WAVReader.Failure`, never a crash.
public struct WAVReader: Sendable, Equatable {
    /// How the samples in `data` are encoded.
    public enum Encoding: Sendable, Equatable {
        case pcm16
        case ulaw
        case alaw
    }

    /// What was wrong with a file.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case notWAVE
        case truncated
        case missingChunk(String)
        case unsupported(String)

        public var description: String {
            switch self {
            case .notWAVE: "is not a RIFF/WAVE file"
            case .truncated: "is truncated"
            case .missingChunk(let id): "has no '\(id)' chunk"
            case .unsupported(let what): "is not supported: \(what)"
            }
        }
    }

    public let encoding: Encoding
    public let sampleRate: Int
    /// The sample bytes as stored (little-endian for PCM).
    public let data: [UInt8]

    /// The format the data is in, as the core names it.
    public var format: AudioFormat {
        switch encoding {
        case .ulaw: .ulaw
        case .alaw: .alaw
        case .pcm16: sampleRate == 16000 ? .slin16 : .slin
        }
    }

    public init(bytes: [UInt8]) throws(Failure) {
        guard bytes.count >= 12, Self.tag(bytes, 0) == "RIFF", Self.tag(bytes, 8) == "WAVE" else {
            throw .notWAVE
        }
        var formatChunk: ArraySlice<UInt8>?
        var dataChunk: ArraySlice<UInt8>?
        var offset = 12
        while offset + 8 <= bytes.count {
            let id = Self.tag(bytes, offset)
            let size = Int(Self.uint32(bytes, offset + 4))
            let start = offset + 8
            // A data chunk cut short (recording stopped early) is kept as far as it goes.
            let end = min(bytes.count, start + size)
            if id == "fmt " {
                guard end - start >= 16 else { throw .truncated }
                formatChunk = bytes[start..<end]
            } else if id == "data" {
                dataChunk = bytes[start..<end]
            }
            // Chunks are padded to an even length.
            offset = start + size + (size & 1)
        }
        guard let formatChunk else { throw .missingChunk("fmt ") }
        guard let dataChunk else { throw .missingChunk("data") }

        let base = formatChunk.startIndex
        var tag = Self.uint16(bytes, base)
        let channels = Self.uint16(bytes, base + 2)
        let rate = Int(Self.uint32(bytes, base + 4))
        let bits = Self.uint16(bytes, base + 14)
        // WAVE_FORMAT_EXTENSIBLE keeps the real tag at the start of its sub-format GUID.
        if tag == 0xFFFE {
            guard formatChunk.count >= 26 else { throw .truncated }
            tag = Self.uint16(bytes, base + 24)
        }
        guard channels == 1 else { throw .unsupported("\(channels) channels (mono only)") }

        switch (tag, bits) {
        case (1, 16):
            guard rate == 8000 || rate == 16000 else { throw .unsupported("sample rate \(rate) Hz") }
            encoding = .pcm16
        case (7, 8):
            guard rate == 8000 else { throw .unsupported("µ-law at \(rate) Hz") }
            encoding = .ulaw
        case (6, 8):
            guard rate == 8000 else { throw .unsupported("A-law at \(rate) Hz") }
            encoding = .alaw
        default:
            throw .unsupported("format tag \(tag) with \(bits) bits per sample")
        }
        sampleRate = rate
        // An odd trailing byte of 16-bit data is half a sample: drop it.
        let usable = encoding == .pcm16 ? dataChunk.count & ~1 : dataChunk.count
        data = Array(dataChunk.prefix(usable))
    }

    private static func tag(_ bytes: [UInt8], _ offset: Int) -> String {
        String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
    }

    private static func uint16(_ bytes: [UInt8], _ offset: Int) -> Int {
        Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
    }

    private static func uint32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
            | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }
}
