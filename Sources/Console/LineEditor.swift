import CLibEdit
import Foundation
import NIOConcurrencyHelpers
import PBXCore

/// The terminal's line editor on libedit (through its readline interface):
/// prompt, history kept in a file across runs, Tab completion, and lines
/// printed above the prompt (log output) without breaking the line being
/// typed. The only importer of CLibEdit.
///
/// libedit's readline interface keeps one editor per process in C globals
/// and calls back through plain C function pointers that cannot carry a
/// context, so the editor that is running is reachable from those
/// callbacks through `LineEditor.running`. At most one runs at a time.
final class LineEditor: Sendable {
    /// What the C callbacks need while an editor runs.
    private struct Running {
        let complete: @Sendable (String) -> [String]
        var lines: [String?] = []
    }

    private static let running = NIOLockedValueBox<Running?>(nil)

    let prompt: String
    let historyPath: String
    private let pending = NIOLockedValueBox<[String]>([])
    private let wakePipe: (read: Int32, write: Int32)

    /// `historyPath` is read at start and written after every line.
    init(prompt: String, historyPath: String) {
        self.prompt = prompt
        self.historyPath = historyPath
        var fds: [Int32] = [0, 0]
        if pipe(&fds) != 0 { fds = [-1, -1] }
        // Neither end may block: draining an empty pipe must return at once.
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        wakePipe = (fds[0], fds[1])
    }

    deinit {
        close(wakePipe.read)
        close(wakePipe.write)
    }

    /// Whether standard input is a terminal (else `run` has nothing to edit).
    static var inputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Prints `text` above the prompt from any thread; the line being typed
    /// is drawn again below it.
    func printAbove(_ text: String) {
        pending.withLockedValue { $0.append(text) }
        var byte: UInt8 = 1
        _ = write(wakePipe.write, &byte, 1)
    }

    /// Reads lines until end of input (Ctrl-D) or until `handle` returns
    /// false. `handle` runs each entered line and prints its output.
    func run(complete: @escaping @Sendable (String) -> [String], handle: (String) -> Bool) {
        Self.running.withLockedValue { $0 = Running(complete: complete) }
        defer { Self.running.withLockedValue { $0 = nil } }
        stifle_history(1000)
        _ = read_history(historyPath)
        LibEditVariables.setCompletionFunction { _, _, end in LineEditor.completions(cursor: Int(end)) }
        rl_callback_handler_install(prompt, { line in LineEditor.lineEntered(line) })
        defer { rl_callback_handler_remove() }

        var descriptors = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: wakePipe.read, events: Int16(POLLIN), revents: 0)]
        while true {
            descriptors[0].revents = 0
            descriptors[1].revents = 0
            let ready = poll(&descriptors, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            if descriptors[1].revents != 0 { flushPending(redraw: true) }
            guard descriptors[0].revents != 0 else { continue }
            if descriptors[0].revents & Int16(POLLIN) == 0 { return }  // hung up
            rl_callback_read_char()
            let lines = Self.running.withLockedValue { running -> [String?] in
                defer { running?.lines = [] }
                return running?.lines ?? []
            }
            for line in lines {
                guard let line else {
                    FileHandle.standardOutput.write(Data("\n".utf8))
                    return
                }
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty {
                    _ = add_history(trimmed)
                    _ = write_history(historyPath)
                }
                // The prompt comes back once the command's output is printed.
                rl_callback_handler_remove()
                FileHandle.standardOutput.write(Data("\n".utf8))
                flushPending(redraw: false)
                guard handle(trimmed) else { return }
                rl_callback_handler_install(prompt, { line in LineEditor.lineEntered(line) })
            }
        }
    }

    /// Prints what arrived for above the prompt, then (with `redraw`) draws
    /// the prompt and the line being typed again.
    private func flushPending(redraw: Bool) {
        var drain = [UInt8](repeating: 0, count: 256)
        while read(wakePipe.read, &drain, drain.count) == drain.count {}
        let texts = pending.withLockedValue { texts -> [String] in
            defer { texts = [] }
            return texts
        }
        guard !texts.isEmpty else { return }
        // Clear the prompt line, print, and let libedit draw the line again.
        FileHandle.standardOutput.write(Data(((redraw ? "\r\u{1B}[K" : "") + texts.joined()).utf8))
        if redraw {
            rl_forced_update_display()
        }
    }

    private static func lineEntered(_ line: UnsafeMutablePointer<CChar>?) {
        let text = line.map { String(cString: $0) }
        free(line)
        running.withLockedValue { $0?.lines.append(text) }
    }

    /// libedit's completion hook: the words that may come at the cursor, as
    /// a malloc'd, NULL-terminated array whose first entry replaces the word.
    private static func completions(cursor: Int) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        LibEditVariables.setCompletionOver()
        guard let buffer = LibEditVariables.lineBuffer, let complete = running.withLockedValue({ $0?.complete }) else { return nil }
        let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self),
                                              count: strlen(buffer)).prefix(max(0, cursor)))
        let candidates = complete(String(decoding: bytes, as: UTF8.self))
        guard !candidates.isEmpty else { return nil }
        // The first entry replaces the word typed; a single candidate is its own prefix.
        let entries = [CommandCompleter.commonPrefix(candidates)] + (candidates.count == 1 ? [] : candidates)
        // libedit frees the array and its strings with free(3), so both come from malloc.
        guard let raw = malloc(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * (entries.count + 1)) else { return nil }
        let matches = raw.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: entries.count + 1)
        for (index, entry) in entries.enumerated() { matches[index] = strdup(entry) }
        matches[entries.count] = nil
        return matches
    }
}

/// libedit's readline variables, reached through their symbol addresses:
/// Swift 6 refuses direct use of C globals, and these are only touched on
/// the console thread while the editor runs.
private enum LibEditVariables {
    typealias CompletionFunction = @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?

    private static func address(_ name: String) -> UnsafeMutableRawPointer? {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), name)
    }

    static func setCompletionFunction(_ function: CompletionFunction) {
        address("rl_attempted_completion_function")?.assumingMemoryBound(to: CompletionFunction?.self).pointee = function
    }

    static func setCompletionOver() {
        address("rl_attempted_completion_over")?.assumingMemoryBound(to: Int32.self).pointee = 1
    }

    static var lineBuffer: UnsafeMutablePointer<CChar>? {
        address("rl_line_buffer")?.assumingMemoryBound(to: UnsafeMutablePointer<CChar>?.self).pointee
    }
}
