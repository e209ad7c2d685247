/// Where `Goto([[context,]exten,]priority)` sends the call; context and
/// extension default to the current ones.
public struct GotoTarget: Sendable, Equatable {
    /// How the priority was given.
    public enum PriorityReference: Sendable, Equatable {
        /// `5`
        case number(Int)
        /// `greet`: a label of the target extension.
        case label(String)
        /// `+2` or `-1`: relative to the current priority.
        case relative(Int)
    }

    public var context: String?
    public var exten: String?
    public var priority: PriorityReference

    public init(context: String? = nil, exten: String? = nil, priority: PriorityReference) {
        self.context = context
        self.exten = exten
        self.priority = priority
    }

    /// Reads Goto's arguments: `prio`, `exten,prio` or `context,exten,prio`.
    /// Nil when there are none or too many, or an empty priority.
    public init?(arguments: [String]) {
        let parts = arguments.map { $0.trimmingCharacters(in: " \t") }
        guard (1...3).contains(parts.count), let last = parts.last, !last.isEmpty else { return nil }
        context = parts.count == 3 && !parts[0].isEmpty ? parts[0] : nil
        exten = parts.count >= 2 && !parts[parts.count - 2].isEmpty ? parts[parts.count - 2] : nil
        if let number = Int(last), number > 0, last.first != "+" {
            priority = .number(number)
        } else if let first = last.first, first == "+" || first == "-", let offset = Int(last.dropFirst()) {
            priority = .relative(first == "+" ? offset : -offset)
        } else {
            priority = .label(last)
        }
    }
}
