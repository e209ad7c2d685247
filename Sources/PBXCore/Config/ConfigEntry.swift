/// One `key=value` or `key => value` line of a configuration section.
public struct ConfigEntry: Sendable, Hashable {
    /// The key, trimmed, with the case it was written in.
    public let key: String
    /// The value, trimmed; quotes and backslashes are kept as written.
    public let value: String
    /// Whether the line used `=>` (Asterisk's object form, as in `exten =>`).
    public let isArrow: Bool
    /// Where the entry was written; for an inherited entry, its line in the template.
    public let location: SourceLocation

    public init(key: String, value: String, isArrow: Bool = false, location: SourceLocation) {
        self.key = key
        self.value = value
        self.isArrow = isArrow
        self.location = location
    }
}
