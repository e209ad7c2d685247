import Foundation
import PBXCore

/// `swiftpbx -c`: reads commands from this terminal and runs them. Ctrl-D
/// (end of input) leaves the console and stops the PBX, as Asterisk's does.
struct LocalConsole {
    let pbx: PBX

    func start() {
        let pbx = self.pbx
        Thread.detachNewThread {
            let host = ProcessInfo.processInfo.hostName
            while true {
                FileHandle.standardOutput.write(Data("\(host)*CLI> ".utf8))
                guard let line = readLine() else { break }
                let trimmed = line.trimmingCharacters(in: " \t")
                if trimmed == "quit" || trimmed == "exit" { break }
                let semaphore = DispatchSemaphore(value: 0)
                Task {
                    let result = await pbx.commands.execute(trimmed)
                    FileHandle.standardOutput.write(Data(result.output.utf8))
                    semaphore.signal()
                }
                semaphore.wait()
            }
            pbx.requestShutdown()
        }
    }
}
