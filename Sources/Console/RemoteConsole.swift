import Foundation
import PBXCore

/// `-rx` and `-r`: find the running PBX's control socket from the same
/// configuration and talk to it.
struct RemoteConsole {
    let options: CommandLineOptions

    private var socketPath: String {
        let configDirectory = options.configDirectory ?? DirectoriesLoader.defaultConfigDirectory()
        return DirectoriesLoader.load(configDirectory: configDirectory).0.controlSocket
    }

    func runOne(_ command: String) -> Int32 {
        do {
            let client = try RemoteConsoleClient(path: socketPath)
            defer { client.close() }
            let (output, success) = try client.run(command)
            FileHandle.standardOutput.write(Data(output.utf8))
            return success ? 0 : 1
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            return 1
        }
    }

    func interactive() -> Int32 {
        let client: RemoteConsoleClient
        do {
            client = try RemoteConsoleClient(path: socketPath)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            return 1
        }
        defer { client.close() }
        let editor = LineEditor.inputIsTerminal ? LineEditor(prompt: ConsoleTerminal.prompt, historyPath: ConsoleTerminal.historyPath) : nil
        let session = RemoteConsoleSession(client: client, editor: editor)
        do {
            try session.start()
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            return 1
        }
        if options.verbosity > 0 {
            _ = session.ask(.command, "core set verbose atleast \(options.verbosity)")
        }
        FileHandle.standardOutput.write(Data("Connected to SwiftPBX \(PBX.version) currently running on \(ConsoleTerminal.hostName)\n".utf8))
        let handle: (String) -> Bool = { line in
            if line == "quit" || line == "exit" { return false }
            guard let answer = session.ask(.command, line) else { return false }
            FileHandle.standardOutput.write(Data(answer.output.utf8))
            return true
        }
        if let editor {
            editor.run(complete: { line in
                (session.ask(.complete, line)?.output ?? "").split(separator: "\n").map(String.init)
            }, handle: handle)
        } else {
            ConsoleTerminal.readPlainLines(handle)
        }
        return 0
    }
}
