import Foundation

/// A program running in a real terminal: a detached tmux session on a
/// private tmux server, driven with send-keys and read with capture-pane,
/// as a person at a keyboard would use it.
final class TmuxTerminal {
    let server: String
    private var closed = false

    /// Starts `command` in a `width`×`height` terminal with `environment` added.
    init(_ command: [String], environment: [String: String] = [:], width: Int = 160, height: Int = 50) throws {
        server = "swiftpbx-test-\(getpid())-\(UUID().uuidString.prefix(6))"
        let assignments = environment.map { "\($0.key)=\($0.value)" }
        let result = try Self.tmux(["-L", server, "-f", "/dev/null", "new-session", "-d", "-s", "main",
                                         "-x", "\(width)", "-y", "\(height)", "--", "env"] + assignments + command, timeout: 10)
        guard result.status == 0 else { throw TmuxError.failed(result.output) }
        // Keep the pane after the program ends, so its exit can be seen.
        _ = try? Self.tmux(["-L", server, "set-option", "-t", "main", "remain-on-exit", "on"], timeout: 10)
    }

    /// Types `text` literally.
    func type(_ text: String) {
        _ = try? Self.tmux(["-L", server, "send-keys", "-t", "main", "-l", text], timeout: 10)
    }

    /// Presses named keys: `Tab`, `Enter`, `Up`, `C-d`.
    func press(_ keys: String...) {
        _ = try? Self.tmux(["-L", server, "send-keys", "-t", "main"] + keys, timeout: 10)
    }

    /// What the terminal shows now.
    var screen: String {
        (try? Self.tmux(["-L", server, "capture-pane", "-p", "-t", "main"], timeout: 10).output) ?? ""
    }

    /// The screen's lines without the blank ones at the bottom.
    var lines: [String] {
        var lines = screen.components(separatedBy: "\n")
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        return lines
    }

    /// Waits (at most `timeout` seconds) until `condition` holds for the screen.
    @discardableResult
    func waitUntil(timeout: TimeInterval = 5, _ condition: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(screen) { return true }
            usleep(50_000)
        }
        return condition(screen)
    }

    /// Whether the program in the pane has ended.
    var programEnded: Bool {
        let result = try? Self.tmux(["-L", server, "list-panes", "-t", "main", "-F", "#{pane_dead}"], timeout: 10)
        return result?.output.trimmingCharacters(in: .whitespacesAndNewlines) != "0"
    }

    func close() {
        guard !closed else { return }
        closed = true
        _ = try? Self.tmux(["-L", server, "kill-server"], timeout: 10)
    }

    deinit { close() }
}

extension TmuxTerminal {
    /// Runs one tmux client command and returns its status and output.
    /// Spawned with posix_spawn and waited for with waitpid: the first client
    /// forks the tmux server, which keeps every descriptor it inherited, so
    /// anything that watches the child through an inherited descriptor
    /// (as Foundation's Process does) would wait for the server's end.
    static func tmux(_ arguments: [String], timeout: TimeInterval) throws -> ToolResult {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString).out").path
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // The test's threads block most signals, and a spawned child inherits
        // that mask: the tmux server would then never see SIGCHLD or
        // SIGTERM and outlive `kill-server`. Start it with none blocked.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = (["tmux"] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, "tmux", &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw TmuxError.failed("posix_spawnp tmux: \(spawned)") }
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        var timedOut = false
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline {
                timedOut = true
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                break
            }
            usleep(10_000)
        }
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exitStatus: Int32 = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return ToolResult(status: exitStatus, output: output, timedOut: timedOut)
    }
}

enum TmuxError: Error {
    case failed(String)
}
