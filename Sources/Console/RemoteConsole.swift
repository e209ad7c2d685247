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
        do {
            let client = try RemoteConsoleClient(path: socketPath)
            defer { client.close() }
            try ConsolePrompt.run { line in try client.run(line).output }
            return 0
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            return 1
        }
    }
}
