import Dialplan
import Channels
import Foundation
import Logging
import NIOCore
import NIOPosix
import PBXCore

/// Starts a PBX: directories, dialplan, SIP, control socket; then runs until
/// `core stop` or a signal, and shuts down in order.
struct PBXDaemon {
    let options: CommandLineOptions

    func run() async -> Int32 {
        let configDirectory = options.configDirectory ?? DirectoriesLoader.defaultConfigDirectory()
        let output = LogBroadcaster(verbosity: max(options.verbosity, options.mode == .console ? 3 : 0))
        let logger = Logger(label: "swiftpbx") { ConsoleLogHandler(label: $0, output: output) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: configDirectory, isDirectory: &isDirectory), isDirectory.boolValue else {
            logger.error("Configuration directory '\(configDirectory)' does not exist")
            return 1
        }
        let (directories, directoryErrors) = DirectoriesLoader.load(configDirectory: configDirectory)
        for error in directoryErrors { logger.error("\(error)") }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        let pbx = PBX(directories: directories, logger: logger, eventLoopGroup: group)
        CoreCommands.register(in: pbx, output: output)

        // The control socket first: if another PBX answers on it, stop
        // before binding any SIP socket.
        let control: ControlSocketServer
        do {
            control = try await ControlSocketServer.start(pbx: pbx, output: output)
        } catch {
            logger.error("Cannot open the control socket: \(error)")
            try? await group.shutdownGracefully()
            return 1
        }
        let modulesFile = ConfigFile.load(path: directories.config + "/modules.conf")
        let modulesConfiguration = ModulesConfiguration(file: modulesFile)
        for error in modulesConfiguration.errors { logger.error("\(error)") }
        pbx.modules.register(BuiltinModules.all)
        for failure in await pbx.modules.loadAtStart(modulesConfiguration) {
            logger.error("Module not loaded: \(failure)")
        }
        let signals = SignalWatcher(pbx: pbx)
        logger.notice("SwiftPBX \(PBX.version) ready (config \(directories.config), control socket \(control.path))")
        if options.mode == .console {
            LocalConsole(pbx: pbx, output: output).start()
        }
        try? await pbx.shutdownRequested.get()
        logger.notice("SwiftPBX shutting down")
        signals.cancel()
        for channel in pbx.channels.channels {
            await channel.hangup(cause: .normalClearing)
        }
        await control.stop()
        await pbx.modules.unloadAll()
        try? await group.shutdownGracefully()
        return 0
    }
}

/// SIGINT and SIGTERM ask for an orderly stop.
final class SignalWatcher {
    private let sources: [any DispatchSourceSignal]

    init(pbx: PBX) {
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { pbx.requestShutdown() }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}
