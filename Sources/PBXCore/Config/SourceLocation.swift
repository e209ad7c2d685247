/// A place in a configuration file, so every message can name the file and
/// line a setting came from.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file: the path as the loader was given it for the top file, and the
    /// resolved path for an included one.
    public let file: String
    /// The 1-based line number; 0 stands for the file as a whole (it could not be read).
    public let line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    /// `sip.conf:12`, or just `sip.conf` when the location is the whole file.
    public var description: String {
        line > 0 ? "\(file):\(line)" : file
    }
}
