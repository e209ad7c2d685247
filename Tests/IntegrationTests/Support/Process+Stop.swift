import Foundation

extension Process {
    /// Ends a child that may ignore SIGTERM (SIPp does): SIGTERM, up to two
    /// seconds' grace, then SIGKILL, and waits for it.
    func stopForSure() {
        guard isRunning else { return }
        terminate()
        for _ in 0..<40 where isRunning { usleep(50_000) }
        if isRunning { kill(processIdentifier, SIGKILL) }
        waitUntilExit()
    }
}
