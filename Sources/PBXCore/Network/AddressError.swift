/// Why a piece of text is not a usable address, host or port. `input` is the
/// text as given, so a config loader can name the offending value.
public struct AddressError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text that was refused, unchanged.
    public let input: String
    /// What is wrong with it, in words fit for a log line.
    public let reason: String

    public init(input: String, reason: String) {
        self.input = input
        self.reason = reason
    }

    public var description: String { "invalid address '\(input)': \(reason)" }
}
