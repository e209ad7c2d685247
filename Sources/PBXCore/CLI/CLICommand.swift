/// What running a console command gave: its text and whether it succeeded
/// (`-rx` exits non-zero on failure).
public struct CLIResult: Sendable, Equatable {
    public var output: String
    public var success: Bool

    public init(output: String, success: Bool) {
        self.output = output
        self.success = success
    }

    public static func ok(_ output: String) -> CLIResult { CLIResult(output: output, success: true) }
    public static func failure(_ output: String) -> CLIResult { CLIResult(output: output, success: false) }
}

/// One console command, registered by the module that owns it.
public struct CLICommand: Sendable {
    /// The fixed words: `["sip", "show", "peers"]`.
    public let words: [String]
    /// One line for `help`.
    public let summary: String
    /// Runs the command with the words typed after `words`.
    public let handler: @Sendable (_ arguments: [String]) async -> CLIResult
    /// What tab completion offers for each argument position after `words`.
    public let arguments: [ArgumentCompletion]

    public init(_ words: String, summary: String, arguments: [ArgumentCompletion] = [],
                handler: @escaping @Sendable (_ arguments: [String]) async -> CLIResult) {
        self.words = words.split(separator: " ").map(String.init)
        self.summary = summary
        self.arguments = arguments
        self.handler = handler
    }

    public var name: String { words.joined(separator: " ") }
}

/// The candidates tab completion offers for one argument of a command:
/// fixed words (`on`, `off`) or names looked up when Tab is pressed (peers,
/// channels, contexts, modules).
public enum ArgumentCompletion: Sendable {
    case choice([String])
    case values(@Sendable () -> [String])

    public var candidates: [String] {
        switch self {
        case .choice(let words): words
        case .values(let lookup): lookup()
        }
    }
}
