import NIOConcurrencyHelpers

/// The console's commands (Asterisk's CLI entries), matched by the longest
/// run of fixed words. Modules register and unregister exactly their own.
public final class CommandTree: Sendable {
    private let commandsByName = NIOLockedValueBox([String: CLICommand]())

    public init() {}

    public func register(_ command: CLICommand) {
        commandsByName.withLockedValue { $0[command.name] = command }
    }

    public func unregister(_ name: String) {
        _ = commandsByName.withLockedValue { $0.removeValue(forKey: name) }
    }

    /// Every command, sorted by name.
    public var commands: [CLICommand] {
        commandsByName.withLockedValue { Array($0.values) }.sorted { $0.name < $1.name }
    }

    /// The command a typed line names, with the words after it.
    public func match(_ line: String) -> (command: CLICommand, arguments: [String])? {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let table = commandsByName.withLockedValue { $0 }
        var count = words.count
        while count > 0 {
            if let command = table[words[0..<count].joined(separator: " ")] {
                return (command, Array(words[count...]))
            }
            count -= 1
        }
        return nil
    }

    /// Runs a typed line. An unknown command fails with Asterisk's wording.
    public func execute(_ line: String) async -> CLIResult {
        let trimmed = line.trimmingCharacters(in: " \t\r\n")
        if trimmed.isEmpty { return .ok("") }
        if trimmed == "help" || trimmed.hasPrefix("help ") || trimmed == "core show help" {
            let prefix = trimmed.hasPrefix("help ") ? String(trimmed.dropFirst(5)) : ""
            return help(prefix: prefix)
        }
        guard let (command, arguments) = match(trimmed) else {
            return .failure("No such command '\(trimmed)' (type 'core show help \(trimmed)' for other possible commands)\n")
        }
        return await command.handler(arguments)
    }

    /// `help [PREFIX]`: every command starting with PREFIX and its summary.
    public func help(prefix: String) -> CLIResult {
        let matching = commands.filter { prefix.isEmpty || $0.name.hasPrefix(prefix) }
        if matching.isEmpty { return .failure("No such command '\(prefix)'.\n") }
        let width = max(25, (matching.map(\.name.count).max() ?? 0) + 1)
        let lines = matching.map { $0.name.padding(to: width) + " -- " + $0.summary }
        return .ok(lines.joined(separator: "\n") + "\n")
    }
}

extension String {
    /// Pads with spaces to `width` characters (never truncates): for columns.
    public func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
