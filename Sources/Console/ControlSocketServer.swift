import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PBXCore

/// The control socket (`rundir/swiftpbx.ctl`): `-rx` and `-r` consoles send
/// commands here and get the output back. Each command runs as its own task
/// against the PBX's command tree.
final class ControlSocketServer: Sendable {
    private let channel: any NIOCore.Channel
    let path: String

    private init(channel: any NIOCore.Channel, path: String) {
        self.channel = channel
        self.path = path
    }

    static func start(pbx: PBX, output: LogBroadcaster) async throws -> ControlSocketServer {
        let path = pbx.directories.controlSocket
        try FileManager.default.createDirectory(atPath: pbx.directories.run, withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: path) {
            // A socket left by a PBX that died; refuse if one still answers.
            if RemoteConsoleClient.isAlive(path: path) {
                throw ControlSocketError.alreadyRunning(path)
            }
            try? FileManager.default.removeItem(atPath: path)
        }
        let commands = pbx.commands
        let channel = try await ServerBootstrap(group: pbx.eventLoopGroup)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(ByteToMessageHandler(ControlMessageDecoder()))
                    try child.pipeline.syncOperations.addHandler(ControlConnectionHandler(commands: commands, output: output))
                }
            }
            .bind(unixDomainSocketPath: path).get()
        chmod(path, 0o660)
        return ControlSocketServer(channel: channel, path: path)
    }

    func stop() async {
        try? await channel.close()
        try? FileManager.default.removeItem(atPath: path)
    }
}

enum ControlSocketError: Error, CustomStringConvertible {
    case alreadyRunning(String)
    var description: String {
        switch self {
        case .alreadyRunning(let path): "another SwiftPBX is running (control socket \(path) answers)"
        }
    }
}

/// Cuts the byte stream into control frames.
struct ControlMessageDecoder: ByteToMessageDecoder {
    typealias InboundOut = ControlMessage

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let message = try ControlMessage.read(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(message))
        return .continue
    }
}

/// One console connection: runs each command frame and answers it, answers
/// completion requests, and forwards log lines once the console attaches.
final class ControlConnectionHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ControlMessage

    private let commands: CommandTree
    private let output: LogBroadcaster
    private let subscription = NIOLockedValueBox<Int?>(nil)

    init(commands: CommandTree, output: LogBroadcaster) {
        self.commands = commands
        self.output = output
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        let channel = context.channel
        switch message.kind {
        case .command:
            let commands = self.commands
            Task {
                let result = await commands.execute(message.payload)
                Self.answer(result, on: channel)
            }
        case .complete:
            let candidates = CommandCompleter(tree: commands).candidates(for: message.payload)
            Self.answer(.ok(candidates.joined(separator: "\n")), on: channel)
        case .attach:
            let id = output.addRemote { line in
                var buffer = channel.allocator.buffer(capacity: line.utf8.count + 5)
                ControlMessage(kind: .log, payload: line).write(to: &buffer)
                channel.writeAndFlush(buffer, promise: nil)
            }
            subscription.withLockedValue { $0 = id }
        case .output, .status, .log:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let id = subscription.withLockedValue({ $0 }) { output.removeRemote(id) }
        context.fireChannelInactive()
    }

    private static func answer(_ result: CLIResult, on channel: any NIOCore.Channel) {
        var out = channel.allocator.buffer(capacity: result.output.utf8.count + 16)
        ControlMessage(kind: .output, payload: result.output).write(to: &out)
        ControlMessage(kind: .status, payload: result.success ? "0" : "1").write(to: &out)
        channel.writeAndFlush(out, promise: nil)
    }
}
