/// A problem found in a configuration file, naming the file, the line and the
/// text at fault: `sip.conf:12: bad line 'garbage'`.
///
/// Modules that validate values of their own (sip.conf, extensions.conf) make
/// these too, from the `location` of the entry they refuse.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is.
    public let location: SourceLocation
    /// The offending text: the line, the value, the template or file name.
    public let value: String
    /// What is wrong, in a few words.
    public let message: String

    public init(location: SourceLocation, value: String, message: String) {
        self.location = location
        self.value = value
        self.message = message
    }

    /// `FILE:LINE: MESSAGE 'VALUE'`; the quoted value is left out when empty.
    public var description: String {
        value.isEmpty ? "\(location): \(message)" : "\(location): \(message) '\(value)'"
    }
}
