import Foundation
import Logging
import NIOConcurrencyHelpers

/// Where formatted log lines go: the local console (above its prompt) or
/// stderr, and every attached remote console. Also holds the verbosity
/// (`-v`, `core set verbose N`), which decides which lines are made at all.
final class LogBroadcaster: Sendable {
    private struct State {
        var verbosity: Int
        var local: (@Sendable (String) -> Void)?
        var remotes: [Int: @Sendable (String) -> Void] = [:]
        var nextID = 0
    }

    private let state: NIOLockedValueBox<State>

    init(verbosity: Int) {
        state = NIOLockedValueBox(State(verbosity: verbosity))
    }

    var verbosity: Int { state.withLockedValue { $0.verbosity } }

    /// The lowest level logged at the current verbosity.
    var level: Logger.Level { Self.level(forVerbosity: verbosity) }

    /// Sets the verbosity; returns the one it replaces.
    @discardableResult
    func setVerbosity(_ verbosity: Int) -> Int {
        state.withLockedValue { state in
            defer { state.verbosity = verbosity }
            return state.verbosity
        }
    }

    /// -v count to the lowest level shown: without -v, notices and worse;
    /// verbose (`    -- `) lines from 1, debug from 5.
    static func level(forVerbosity verbosity: Int) -> Logger.Level {
        switch verbosity {
        case ...0: .notice
        case 1...4: .info
        default: .debug
        }
    }

    /// The local console takes over from stderr (nil gives it back).
    func setLocal(_ sink: (@Sendable (String) -> Void)?) {
        state.withLockedValue { $0.local = sink }
    }

    func addRemote(_ sink: @escaping @Sendable (String) -> Void) -> Int {
        state.withLockedValue { state in
            state.nextID += 1
            state.remotes[state.nextID] = sink
            return state.nextID
        }
    }

    func removeRemote(_ id: Int) {
        _ = state.withLockedValue { $0.remotes.removeValue(forKey: id) }
    }

    func publish(_ line: String) {
        let (local, remotes) = state.withLockedValue { ($0.local, Array($0.remotes.values)) }
        if let local {
            local(line)
        } else {
            FileHandle.standardError.write(Data(line.utf8))
        }
        for remote in remotes { remote(line) }
    }
}
