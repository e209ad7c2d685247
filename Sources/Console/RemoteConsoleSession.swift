import Foundation
import NIOConcurrencyHelpers

/// `swiftpbx -r`: an interactive console attached to a running PBX. A reader
/// thread takes every frame the PBX sends: log lines go above the prompt,
/// answers go to the command or completion waiting for them. Leaving (Ctrl-D,
/// `quit`, `exit`) never stops the PBX.
final class RemoteConsoleSession: Sendable {
    private struct Pending {
        var output = ""
        var answer: (output: String, success: Bool)?
        var disconnected = false
    }

    private let client: RemoteConsoleClient
    private let editor: LineEditor?
    private let pending = NIOLockedValueBox(Pending())
    private let answered = DispatchSemaphore(value: 0)

    init(client: RemoteConsoleClient, editor: LineEditor?) {
        self.client = client
        self.editor = editor
    }

    /// Attaches for log output and starts reading frames.
    func start() throws {
        try client.send(.attach, "")
        Thread.detachNewThread { [self] in readFrames() }
    }

    var isDisconnected: Bool { pending.withLockedValue { $0.disconnected } }

    /// Sends a command (or a completion request) and waits for its answer;
    /// nil when the PBX went away.
    func ask(_ kind: ControlFrameKind, _ payload: String) -> (output: String, success: Bool)? {
        guard !isDisconnected, (try? client.send(kind, payload)) != nil else { return nil }
        answered.wait()
        return pending.withLockedValue { state in
            defer { state.answer = nil }
            return state.answer
        }
    }

    private func readFrames() {
        while true {
            guard let frame = try? client.readFrame() else {
                pending.withLockedValue { $0.disconnected = true }
                show("\nDisconnected from SwiftPBX server\n")
                answered.signal()
                // The editor is blocked reading the terminal; end the process.
                exit(0)
            }
            switch frame.kind {
            case .log:
                show(frame.payload)
            case .output:
                pending.withLockedValue { $0.output += frame.payload }
            case .status:
                pending.withLockedValue { state in
                    state.answer = (state.output, frame.payload == "0")
                    state.output = ""
                }
                answered.signal()
            case .command, .complete, .attach:
                continue
            }
        }
    }

    private func show(_ text: String) {
        if let editor {
            editor.printAbove(text)
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
