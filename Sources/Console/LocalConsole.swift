import Foundation
import NIOConcurrencyHelpers
import PBXCore

/// `swiftpbx -c`: the console on this terminal, with line editing when it is
/// one. Log output is printed above the prompt. `quit`, `exit` or Ctrl-D
/// stop the PBX, as leaving Asterisk's `-c` console does.
struct LocalConsole {
    let pbx: PBX
    let output: LogBroadcaster

    func start() {
        let pbx = self.pbx
        let output = self.output
        Thread.detachNewThread {
            let handle: (String) -> Bool = { line in
                if line == "quit" || line == "exit" { return false }
                FileHandle.standardOutput.write(Data(Self.execute(line, on: pbx).utf8))
                return true
            }
            if LineEditor.inputIsTerminal {
                let editor = LineEditor(prompt: ConsoleTerminal.prompt, historyPath: ConsoleTerminal.historyPath)
                output.setLocal { editor.printAbove($0) }
                editor.run(complete: { CommandCompleter(tree: pbx.commands).candidates(for: $0) }, handle: handle)
                output.setLocal(nil)
            } else {
                ConsoleTerminal.readPlainLines(handle)
            }
            pbx.requestShutdown()
        }
    }

    /// Runs a command from the console thread, waiting for its task.
    private static func execute(_ line: String, on pbx: PBX) -> String {
        let result = NIOLockedValueBox("")
        let done = DispatchSemaphore(value: 0)
        Task {
            let output = await pbx.commands.execute(line).output
            result.withLockedValue { $0 = output }
            done.signal()
        }
        done.wait()
        return result.withLockedValue { $0 }
    }
}
