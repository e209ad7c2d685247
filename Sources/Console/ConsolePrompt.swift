import Foundation

/// The read–run–print loop both consoles share until libedit takes over:
/// a prompt with the host name, `quit`/`exit` or end of input to leave.
enum ConsolePrompt {
    static func run(_ execute: (String) throws -> String) rethrows {
        let host = ProcessInfo.processInfo.hostName
        while true {
            FileHandle.standardOutput.write(Data("\(host)*CLI> ".utf8))
            guard let line = readLine() else { break }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "quit" || trimmed == "exit" { break }
            FileHandle.standardOutput.write(Data(try execute(trimmed).utf8))
        }
    }
}
