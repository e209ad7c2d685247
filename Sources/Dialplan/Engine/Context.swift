import PBXCore

/// A `[context]` of the dialplan: its extensions in the order they are
/// tried, and the contexts it includes (tried after its own extensions).
public struct Context: Sendable, Equatable {
    public let name: String
    /// Extensions in matching order (`Extension.precedes`).
    public let extensions: [Extension]
    /// Included context names, in the order they are searched.
    public let includes: [String]
    /// Where the context's header was written.
    public let location: SourceLocation?

    public init(name: String, extensions: [Extension] = [], includes: [String] = [], location: SourceLocation? = nil) {
        self.name = name
        self.extensions = extensions.sorted(by: Extension.precedes)
        self.includes = includes
        self.location = location
    }

    /// The extension written under exactly this name (`_X.` names the pattern).
    public func extensionNamed(_ name: String) -> Extension? {
        extensions.first { $0.name == name }
    }

    /// Extensions that a dialled `exten` selects, best first.
    public func extensions(matching exten: String) -> [Extension] {
        extensions.filter { $0.matches(exten) }
    }
}
