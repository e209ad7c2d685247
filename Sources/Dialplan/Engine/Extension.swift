import PBXCore

/// An extension of a context: a name (exact, or an Asterisk pattern starting
/// with `_`) and its priorities in ascending order.
public struct Extension: Sendable, Equatable {
    /// The name as written (dashes and spaces outside `[...]` removed).
    public let name: String
    /// The compiled pattern when `name` starts with `_`.
    public let pattern: PatternMatcher?
    /// The priorities, sorted by number, numbers unique.
    public private(set) var priorities: [Priority]
    /// Where the extension was first written.
    public let location: SourceLocation?

    /// Makes an extension; a name starting with `_` must be a valid pattern.
    public init(name: String, priorities: [Priority] = [], location: SourceLocation? = nil) throws(PatternError) {
        self.name = name
        self.pattern = name.hasPrefix("_") ? try PatternMatcher(name) : nil
        self.priorities = []
        self.location = location
        for priority in priorities { insert(priority) }
    }

    public var isPattern: Bool { pattern != nil }

    /// Whether a dialled `exten` selects this extension.
    public func matches(_ exten: String) -> Bool {
        if let pattern { return pattern.matches(exten) }
        return name == exten
    }

    public func priority(_ number: Int) -> Priority? {
        priorities.first { $0.number == number }
    }

    public func priority(labeled label: String) -> Priority? {
        priorities.first { $0.label == label }
    }

    /// Adds `priority` in order; returns false (and adds nothing) when its
    /// number is already taken.
    @discardableResult
    public mutating func insert(_ priority: Priority) -> Bool {
        guard self.priority(priority.number) == nil else { return false }
        let index = priorities.firstIndex { $0.number > priority.number } ?? priorities.endIndex
        priorities.insert(priority, at: index)
        return true
    }

    /// Asterisk's order for trying extensions: exact names first (in string
    /// order), then patterns from the most to the least specific.
    public static func precedes(_ left: Extension, _ right: Extension) -> Bool {
        switch (left.pattern, right.pattern) {
        case (nil, nil): return left.name < right.name
        case (nil, _): return true
        case (_, nil): return false
        case (let leftPattern?, let rightPattern?): return leftPattern < rightPattern
        }
    }
}
