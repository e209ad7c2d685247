/// Why a sound could not be loaded. Every case names the sound and where it
/// was looked for, so a log line alone tells what to fix.
public enum SoundError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name is empty, absolute, or climbs out of the sound directory (`..`).
    case invalidName(name: String)
    /// No file of a format the library reads exists for the name.
    case notFound(name: String, directory: String)
    /// A file exists but could not be read.
    case unreadable(name: String, path: String)
    /// A file was read but its contents are not usable audio.
    case invalidFile(name: String, path: String, reason: String)
    /// The channel wants a format the library cannot produce.
    case unsupportedFormat(name: String, format: String)

    public var description: String {
        switch self {
        case .invalidName(let name):
            "invalid sound name '\(name)'"
        case .notFound(let name, let directory):
            "sound '\(name)' not found in '\(directory)'"
        case .unreadable(let name, let path):
            "sound '\(name)': cannot read '\(path)'"
        case .invalidFile(let name, let path, let reason):
            "sound '\(name)': '\(path)' \(reason)"
        case .unsupportedFormat(let name, let format):
            "sound '\(name)': cannot produce format '\(format)'"
        }
    }
}
