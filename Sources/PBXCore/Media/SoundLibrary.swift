import Foundation
import NIOConcurrencyHelpers

/// The prompts under `sounddir`, loaded in the format a channel needs.
///
/// A sound is stored as one or more of `NAME.ulaw`, `NAME.alaw`, `NAME.g722`,
/// `NAME.gsm`, `NAME.g726`, `NAME.sln` (8 kHz), `NAME.sln16`, `NAME.sln48`
/// raw files and `NAME.wav`; the library picks the file whose translation
/// path to the channel's format is cheapest in the translation matrix (ties
/// go to the better quality source) and keeps the result per (name,
/// format), so a hot prompt is read and converted once. Linear formats are
/// little-endian 16-bit samples, as Asterisk's `.sln` files are.
public final class SoundLibrary: Sendable {
    /// The sound directory names are taken from.
    public let directory: String
    /// Where conversion paths come from; the PBX's, so codec modules decide.
    public let translations: TranslationMatrix

    private struct CacheKey: Hashable {
        let name: String
        let format: AudioFormat
    }
    private let cache = NIOLockedValueBox([CacheKey: AudioSource]())

    /// Raw file extensions and the format each holds, in the order files are looked for.
    static let rawExtensions: [(String, AudioFormat)] = [
        ("ulaw", .ulaw), ("alaw", .alaw), ("g722", .g722), ("gsm", .gsm), ("g726", .g726),
        ("sln", .slin), ("sln16", .slin16), ("sln48", .slin48),
    ]
    /// Language folder searched after the directory itself (Asterisk's sound packs install there).
    private static let defaultLanguage = "en"

    /// A library converting through `translations` (by default every codec of this build).
    public init(directory: String, translations: TranslationMatrix = .withBuiltinCodecs()) {
        self.directory = directory
        self.translations = translations
    }

    /// The sound `name` (`hello-world`, `digits/1`) ready to send on a channel
    /// whose media is in `format`.
    public func load(_ name: String, for format: AudioFormat) throws(SoundError) -> AudioSource {
        guard Self.isAcceptable(name) else { throw .invalidName(name: name) }
        let key = CacheKey(name: name, format: format)
        if let cached = cache.withLockedValue({ $0[key] }) { return cached }
        let source = try read(name, for: format)
        cache.withLockedValue { $0[key] = source }
        return source
    }

    /// Audio held in memory (a recorded message) in the format a channel
    /// speaks, through the cheapest translation path; nil without one.
    public func convert(_ bytes: [UInt8], from source: AudioFormat, to target: AudioFormat) -> AudioSource? {
        SoundConversion.convert(bytes, from: source, to: target, using: translations)
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
        var foundAny = false
        for base in [directory, directory + "/" + Self.defaultLanguage] {
            if let stored = try bestStoredSound(base + "/" + name, name: name, for: target, foundAny: &foundAny) {
                guard let converted = SoundConversion.convert(stored.bytes, from: stored.format, to: target, using: translations)
                else { throw .unsupportedFormat(name: name, format: target.name) }
                return converted
            }
        }
        if foundAny { throw .unsupportedFormat(name: name, format: target.name) }
        throw .notFound(name: name, directory: directory)
    }

    /// The cheapest file for `target` at `stem`, or nil if there is none.
    private func bestStoredSound(_ stem: String, name: String, for target: AudioFormat,
                                 foundAny: inout Bool) throws(SoundError) -> StoredSound? {
        let files = FileManager.default
        var best: RawFile?
        for (fileExtension, format) in Self.rawExtensions {
            let path = stem + "." + fileExtension
            guard files.fileExists(atPath: path) else { continue }
            foundAny = true
            guard let cost = cost(from: format, to: target) else { continue }
            if cost < best?.cost ?? Int.max { best = RawFile(path: path, format: format, cost: cost) }
        }
        // A WAV file's format is only known once read: read it only if it could win.
        let wavPath = stem + ".wav"
        if best?.cost ?? 1 > 0, files.fileExists(atPath: wavPath) {
            foundAny = true
            let bytes = try Self.contents(of: wavPath, name: name)
            do throws(WAVReader.Failure) {
                let wav = try WAVReader(bytes: bytes)
                if let cost = cost(from: wav.format, to: target), cost < best?.cost ?? Int.max {
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
        if file.format.isSignedLinear, bytes.count % 2 == 1 { bytes.removeLast() }
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

    /// Relative work (and loss) of turning `source` into `target`: the
    /// translation path's quality cost; nil when there is no path.
    func cost(from source: AudioFormat, to target: AudioFormat) -> Int? {
        if source == target { return 0 }
        return translations.path(from: source, to: target)?.qualityCost
    }
}
