import Foundation

/// What both consoles share: the prompt (`host*CLI> `), the history file
/// (`~/.swiftpbx_history`), and plain line reading when standard input is
/// not a terminal (scripts piping commands in).
enum ConsoleTerminal {
    static var hostName: String { ProcessInfo.processInfo.hostName }

    static var prompt: String { "\(hostName)*CLI> " }

    static var historyPath: String {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return home + "/.swiftpbx_history"
    }

    /// Reads lines without editing until end of input or `handle` says stop.
    static func readPlainLines(_ handle: (String) -> Bool) {
        while true {
            FileHandle.standardOutput.write(Data(prompt.utf8))
            guard let line = readLine() else { break }
            if !handle(line.trimmingCharacters(in: .whitespaces)) { break }
        }
    }
}
