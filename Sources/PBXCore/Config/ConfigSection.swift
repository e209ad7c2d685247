/// A `[name]` section of a configuration file, or a `[name](!)` template.
public struct ConfigSection: Sendable, Hashable {
    /// The name between the brackets, trimmed.
    public let name: String
    /// Whether the header was `[name](!)`: a template, not a section of its own.
    public let isTemplate: Bool
    /// The templates named in the header (`[peer](tmpl1,tmpl2)`), in order, as written.
    public let templateNames: [String]
    /// The line of the header.
    public let location: SourceLocation
    /// The entries of the inherited templates first, then the section's own, in file order.
    public var entries: [ConfigEntry]

    public init(
        name: String,
        isTemplate: Bool = false,
        templateNames: [String] = [],
        location: SourceLocation,
        entries: [ConfigEntry] = []
    ) {
        self.name = name
        self.isTemplate = isTemplate
        self.templateNames = templateNames
        self.location = location
        self.entries = entries
    }

    /// Every entry with that key, in order; keys match without regard to case,
    /// as Asterisk's do.
    public func values(_ key: String) -> [ConfigEntry] {
        let wanted = key.lowercased()
        return entries.filter { $0.key.lowercased() == wanted }
    }

    /// The last entry with that key, which is the one that wins for a
    /// single-valued setting.
    public func value(_ key: String) -> ConfigEntry? {
        let wanted = key.lowercased()
        return entries.last { $0.key.lowercased() == wanted }
    }
}
