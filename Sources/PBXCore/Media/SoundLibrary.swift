import Foundation
import NIOConcurrencyHelpers

/// The prompts under `sounddir`, loaded in the format a channel needs.
///
/// A sound is stored as one or more of `NAME.ulaw`, `NAME.alaw`, `NAME.sln`
/// (8 kHz) and `NAME.sln16` (16 kHz) raw files and `NAME.wav`; the library
/// picks the file that needs the least conversion (ties go to the better
/// quality source) and keeps the result per (name, format), so a hot prompt
/// is read from disk once. Linear formats are little-endian 16-bit samples,
/// as Asterisk's `.sln` files are.
public final class SoundLibrary: Sendable {
    /// The sound directory names are taken from.
    public let directory: String

    private struct CacheKey: Hashable {
        let name: String
        let format: AudioFormat
    }
    private let cache = NIOLockedValueBox([CacheKey: AudioSource]())

    /// Raw file extensions and the format each holds, in the order files are looked for.
    private static let rawExtensions: [(String, AudioFormat)] = [
        ("ulaw", .ulaw), ("alaw", .alaw), ("sln", .slin), ("sln16", .slin16),
    ]
    /// Formats `load` can produce.
    private static let producible: Set<AudioFormat> = [.ulaw, .alaw, .slin, .slin16]
    /// Language folder searched after the directory itself (Asterisk's sound packs install there).
    private static let defaultLanguage = "en"

    public init(directory: String) {
        self.directory = directory
    }

    /// The sound `name` (`hello-world`, `digits/1`) ready to send on a channel
    /// whose media is in `format`.
    public func load(_ name: String, for format: AudioFormat) throws(SoundError) -> AudioSource {
        guard Self.isAcceptable(name) else { throw .invalidName(name: name) }
        guard Self.producible.contains(format) else {
            throw .unsupportedFormat(name: name, format: format.name)
        }
        let key = CacheKey(name: name, format: format)
        if let cached = cache.withLockedValue({ $0[key] }) { return cached }
        let source = try read(name, for: format)
        cache.withLockedValue { $0[key] = source }
        return source
    }

    /// Forgets every loaded sound (after the files on disk changed).
    public func removeCachedSounds() {
        cache.withLockedValue { $0.removeAll() }
    }

    /// How many (name, format) results are held.
    public var cachedCount: Int { cache.withLockedValue { $0.count } }

    // MARK: Choosing and reading a file

    private struct StoredSound {
        let format: AudioFormat
        let bytes: [UInt8]
    }

    private func read(_ name: String, for target: AudioFormat) throws(SoundError) -> AudioSource {
        for base in [directory, directory + "/" + Self.defaultLanguage] {
            if let stored = try bestStoredSound(base + "/" + name, name: name, for: target) {
                return AudioSource(format: target, bytes: Self.convert(stored, to: target))
            }
        }
        throw .notFound(name: name, directory: directory)
    }

    /// The cheapest file for `target` at `stem`, or nil if there is none.
    private func bestStoredSound(_ stem: String, name: String, for target: AudioFormat) throws(SoundError) -> StoredSound? {
        let files = FileManager.default
        var best: RawFile?
        for (fileExtension, format) in Self.rawExtensions {
            let path = stem + "." + fileExtension
            guard files.fileExists(atPath: path) else { continue }
            let cost = Self.cost(from: format, to: target)
            if cost < best?.cost ?? Int.max { best = RawFile(path: path, format: format, cost: cost) }
        }
        // A WAV file's format is only known once read: read it only if it could win.
        let wavPath = stem + ".wav"
        if best?.cost ?? 1 > 0, files.fileExists(atPath: wavPath) {
            let bytes = try Self.contents(of: wavPath, name: name)
            do throws(WAVReader.Failure) {
                let wav = try WAVReader(bytes: bytes)
                if Self.cost(from: wav.format, to: target) < best?.cost ?? Int.max {
                    return StoredSound(format: wav.format, bytes: wav.data)
                }
            } catch {
                // A broken WAV only matters when nothing else is there.
                if best == nil { throw .invalidFile(name: name, path: wavPath, reason: error.description) }
            }
        }
        guard let best else { return nil }
        return try rawSound(best, name: name)
    }

    private struct RawFile {
        let path: String
        let format: AudioFormat
        let cost: Int
    }

    private func rawSound(_ file: RawFile, name: String) throws(SoundError) -> StoredSound {
        var bytes = try Self.contents(of: file.path, name: name)
        if file.format.bytesPerSample == 2, bytes.count % 2 == 1 { bytes.removeLast() }
        return StoredSound(format: file.format, bytes: bytes)
    }

    private static func contents(of path: String, name: String) throws(SoundError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(name: name, path: path)
        }
        return [UInt8](data)
    }

    /// Names are relative paths inside the directory: no `..`, nothing absolute.
    private static func isAcceptable(_ name: String) -> Bool {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.contains("\0") else { return false }
        let components = name.split(separator: "/", omittingEmptySubsequences: false)
        return !components.contains { $0 == ".." || $0.isEmpty }
    }

    // MARK: Conversion

    /// Relative work (and loss) of turning `source` into `target`.
    static func cost(from source: AudioFormat, to target: AudioFormat) -> Int {
        if source == target { return 0 }
        let sourceIsG711 = source == .ulaw || source == .alaw
        let targetIsG711 = target == .ulaw || target == .alaw
        switch (sourceIsG711, targetIsG711) {
        case (true, true):
            return 2  // a table lookup, but quantised twice
        case (false, true):
            return source.sampleRate == target.sampleRate ? 1 : 3
        case (true, false):
            return target.sampleRate == source.sampleRate ? 1 : 4
        case (false, false):
            return source.sampleRate > target.sampleRate ? 2 : 3
        }
    }

    private static func convert(_ stored: StoredSound, to target: AudioFormat) -> [UInt8] {
        let source = stored.format
        if source == target { return stored.bytes }
        if source == .ulaw && target == .alaw { return G711.ulawToALaw(stored.bytes) }
        if source == .alaw && target == .ulaw { return G711.alawToULaw(stored.bytes) }

        var samples: [Int16]
        switch source {
        case .ulaw: samples = G711.decodeULaw(stored.bytes)
        case .alaw: samples = G711.decodeALaw(stored.bytes)
        default: samples = littleEndianSamples(stored.bytes)
        }
        if source.sampleRate == 16000 && target.sampleRate == 8000 {
            samples = halveRate(samples)
        } else if source.sampleRate == 8000 && target.sampleRate == 16000 {
            samples = doubleRate(samples)
        }
        switch target {
        case .ulaw: return G711.encodeULaw(samples)
        case .alaw: return G711.encodeALaw(samples)
        default: return littleEndianBytes(samples)
        }
    }

    public static func littleEndianSamples(_ bytes: [UInt8]) -> [Int16] {
        stride(from: 0, to: bytes.count - 1, by: 2).map {
            Int16(bitPattern: UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8)
        }
    }

    static func littleEndianBytes(_ samples: [Int16]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(samples.count * 2)
        for sample in samples {
            let bits = UInt16(bitPattern: sample)
            bytes.append(UInt8(truncatingIfNeeded: bits))
            bytes.append(UInt8(truncatingIfNeeded: bits >> 8))
        }
        return bytes
    }

    /// 16 kHz → 8 kHz: a [1 2 1]/4 low-pass centred on every even sample
    /// (zero gain at the old Nyquist), then every second sample kept.
    static func halveRate(_ samples: [Int16]) -> [Int16] {
        guard !samples.isEmpty else { return [] }
        return stride(from: 0, to: samples.count, by: 2).map { index in
            let centre = Int(samples[index])
            let before = index > 0 ? Int(samples[index - 1]) : centre
            let after = index + 1 < samples.count ? Int(samples[index + 1]) : centre
            return Int16((before + 2 * centre + after) / 4)
        }
    }

    /// 8 kHz → 16 kHz by linear interpolation between neighbours.
    static func doubleRate(_ samples: [Int16]) -> [Int16] {
        var output: [Int16] = []
        output.reserveCapacity(samples.count * 2)
        for (index, sample) in samples.enumerated() {
            let next = index + 1 < samples.count ? samples[index + 1] : sample
            output.append(sample)
            output.append(Int16((Int(sample) + Int(next)) / 2))
        }
        return output
    }
}
