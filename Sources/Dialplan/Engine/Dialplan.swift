/// A loaded dialplan: an immutable snapshot of contexts and global variables.
/// A reload builds a new one; calls in progress keep the one they started with.
public struct Dialplan: Sendable {
    /// Contexts in the order they were defined.
    public let contexts: [Context]
    /// `[globals]` variables.
    public let globals: [String: String]
    private let indexByName: [String: Int]

    /// What a lookup found: the priority, its extension, and the context that
    /// holds it (the searched one or one it includes).
    public struct Match: Sendable, Equatable {
        public let priority: Priority
        public let `extension`: Extension
        public let context: String
    }

    public init(contexts: [Context] = [], globals: [String: String] = [:]) {
        var unique: [Context] = []
        var index: [String: Int] = [:]
        for context in contexts where index[context.name] == nil {
            index[context.name] = unique.count
            unique.append(context)
        }
        self.contexts = unique
        self.indexByName = index
        self.globals = globals
    }

    public func context(named name: String) -> Context? {
        indexByName[name].map { contexts[$0] }
    }

    public var isEmpty: Bool { contexts.isEmpty }
    public var extensionCount: Int { contexts.reduce(0) { $0 + $1.extensions.count } }
    public var priorityCount: Int {
        contexts.reduce(0) { total, context in
            total + context.extensions.reduce(0) { $0 + $1.priorities.count }
        }
    }

    /// Priority `number` of `exten` as Asterisk finds it: the matching
    /// extensions of `context` best first, then those of its includes; the
    /// first one that has the priority wins.
    public func find(context: String, exten: String, priority number: Int) -> Match? {
        firstMatch(context: context, exten: exten) { $0.priority(number) }
    }

    /// The priority labelled `label` of `exten`, searched as `find`.
    public func find(context: String, exten: String, label: String) -> Match? {
        firstMatch(context: context, exten: exten) { $0.priority(labeled: label) }
    }

    /// Whether any extension (any priority) matches `exten` in `context` or its includes.
    public func hasExtension(context: String, exten: String) -> Bool {
        firstMatch(context: context, exten: exten) { $0.priorities.first } != nil
    }

    /// Walks `context` then its includes depth first, each context once (so
    /// include cycles end), and returns the first priority `pick` gives.
    private func firstMatch(context start: String, exten: String, pick: (Extension) -> Priority?) -> Match? {
        var visited: Set<String> = []
        var pending = [start]
        while let name = pending.popLast() {
            guard visited.insert(name).inserted, let context = context(named: name) else { continue }
            for candidate in context.extensions where candidate.matches(exten) {
                if let priority = pick(candidate) {
                    return Match(priority: priority, extension: candidate, context: name)
                }
            }
            pending.append(contentsOf: context.includes.reversed())
        }
        return nil
    }
}
