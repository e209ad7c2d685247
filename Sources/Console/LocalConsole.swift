import Foundation
import NIOConcurrencyHelpers
import PBXCore

/// `swiftpbx -c`: reads commands from this terminal and runs them. Ctrl-D
/// (end of input) leaves the console and stops the PBX, as Asterisk's does.
struct LocalConsole {
    let pbx: PBX

    func start() {
        let pbx = self.pbx
        Thread.detachNewThread {
            ConsolePrompt.run { line in
                // The console thread waits for each command's task to finish.
                let result = NIOLockedValueBox("")
                let semaphore = DispatchSemaphore(value: 0)
                Task {
                    let output = await pbx.commands.execute(line).output
                    result.withLockedValue { $0 = output }
                    semaphore.signal()
                }
                semaphore.wait()
                return result.withLockedValue { $0 }
            }
            pbx.requestShutdown()
        }
    }
}
