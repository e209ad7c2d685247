/// Tab completion over a command tree (Asterisk's `ast_cli_generator`):
/// given the line typed so far, the words that may come next at the cursor.
/// Fixed words come from the registered commands, argument words from each
/// command's `ArgumentCompletion` (peers, channels, contexts, modules).
public struct CommandCompleter: Sendable {
    public let commands: [CLICommand]

    public init(commands: [CLICommand]) {
        self.commands = commands
    }

    public init(tree: CommandTree) {
        self.init(commands: tree.commands)
    }

    /// The candidates for the word being typed at the end of `line`, sorted
    /// and without duplicates. A line ending in a space asks for the next word.
    public func candidates(for line: String) -> [String] {
        var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let partial: String
        if line.last == " " || line.last == "\t" || words.isEmpty {
            partial = ""
        } else {
            partial = words.removeLast()
        }
        var found = Set<String>()
        if words.isEmpty || (words.count == 1 && words[0] == "help") {
            found.insert("help")
        }
        // `help PREFIX` completes like the command it names.
        let typed = words.first == "help" ? Array(words.dropFirst()) : words
        for command in commands {
            found.formUnion(next(for: command, typed: typed, partial: partial))
        }
        return found.filter { $0.hasPrefix(partial) }.sorted()
    }

    private func next(for command: CLICommand, typed: [String], partial: String) -> [String] {
        let fixed = command.words
        if typed.count < fixed.count {
            // Still among the fixed words: every typed word must match exactly.
            guard Array(fixed.prefix(typed.count)) == typed else { return [] }
            return [fixed[typed.count]]
        }
        guard Array(typed.prefix(fixed.count)) == fixed else { return [] }
        let position = typed.count - fixed.count
        guard position < command.arguments.count else { return [] }
        return command.arguments[position].candidates
    }

    /// The longest prefix every candidate shares (what Tab fills in).
    public static func commonPrefix(_ candidates: [String]) -> String {
        guard var prefix = candidates.first else { return "" }
        for candidate in candidates.dropFirst() {
            while !candidate.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}
