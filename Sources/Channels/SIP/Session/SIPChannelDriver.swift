import Logging
import NIOConcurrencyHelpers
import NIOCore
import PBXCore

/// chan_sip's counterpart as a module: reads sip.conf and rtp.conf, binds
/// every socket of the socket set, runs the SIP stack on one event loop and
/// registers the `sip ...` console commands.
public final class SIPChannelDriver: Sendable {
    /// sip.conf as last loaded or reloaded.
    public var configuration: SIPConfiguration { configurationBox.withLockedValue { $0 } }
    private let configurationBox: NIOLockedValueBox<SIPConfiguration>
    /// The settings the sockets were bound with (a reload does not rebind).
    let boundSettings: SIPSettings
    public let directory: SIPPeerDirectory
    public let sockets: SocketSet
    public let bindFailures: [SocketSet.BindFailure]
    public var debug: SIPDebugSwitch { stack.debug }
    let stack: SIPStack
    let pbx: PBX
    /// Finds peers given by host name (`host=pbx.example.com`).
    let resolver: DNSResolver
    /// OPTIONS keep-alives for peers with `qualify`.
    let qualifier: SIPQualifier

    private init(pbx: PBX, configuration: SIPConfiguration, directory: SIPPeerDirectory, sockets: SocketSet,
                 failures: [SocketSet.BindFailure], stack: SIPStack) {
        self.pbx = pbx
        self.configurationBox = NIOLockedValueBox(configuration)
        self.boundSettings = configuration.settings
        self.directory = directory
        self.sockets = sockets
        self.bindFailures = failures
        self.stack = stack
        self.qualifier = SIPQualifier(stack: stack)
        self.resolver = DNSResolver(configuration: .system(), eventLoopGroup: pbx.eventLoopGroup, logger: pbx.logger)
    }

    /// Loads the module: logs every configuration problem with file and line,
    /// binds what can be bound, and registers the console commands.
    public static func load(pbx: PBX) async -> SIPChannelDriver {
        let logger = pbx.logger
        let file = ConfigFile.load(path: pbx.directories.config + "/sip.conf")
        let configuration = SIPConfiguration(file: file)
        for error in configuration.errors { logger.error("\(error)") }
        for notice in configuration.notices { logger.notice("\(notice)") }
        let rtpPorts = RTPConfiguration.load(path: pbx.directories.config + "/rtp.conf", logger: logger)

        let loop = pbx.eventLoopGroup.next()
        let directory = SIPPeerDirectory(peers: configuration.peers)
        let stackBox = NIOLockedValueBoxHolder<SIPStack>()
        let (sockets, failures) = await SocketSet.bindUDP(configuration.settings.udpBindAddresses, on: loop) { index in
            SIPDatagramHandler(socketIndex: index, logger: logger) { message, source in
                stackBox.value?.receive(message, from: source)
            }
        }
        for failure in failures { logger.error("SIP: \(failure)") }
        for socket in sockets.sockets { logger.info("SIP listening on UDP \(socket.bound)") }
        let connections = SIPConnectionTable()
        let tcp = await SIPTCPListener.bindSIP(configuration.settings.tcpEnabled ? configuration.settings.tcpBindAddresses : [], on: loop,
                                               table: connections, sockets: sockets, logger: logger) { message, source in
            stackBox.value?.receive(message, from: source)
        }
        for failure in tcp.failures { logger.error("SIP: \(failure)") }
        for listener in tcp.listeners { logger.info("SIP listening on TCP \(listener.bound)") }
        let debug = SIPDebugSwitch()
        let transport = SIPTransport(sockets: sockets, connections: connections, tcpListeners: tcp.listeners,
                                     tcpBindFailures: tcp.failures, tracer: SIPPacketTracer(debug: debug, logger: logger))
        let stack = SIPStack(loop: loop, transport: transport, settings: configuration.settings,
                             directory: directory, pbx: pbx, rtpPorts: rtpPorts, debug: debug, logger: logger)
        stackBox.value = stack
        let driver = SIPChannelDriver(pbx: pbx, configuration: configuration, directory: directory, sockets: sockets,
                                      failures: failures, stack: stack)
        driver.registerCommands()
        driver.qualifier.start { [weak driver] peer in driver?.target(for: peer, exten: nil, preferring: nil) }
        await stack.startMWI()
        pbx.drivers.register(driver)
        return driver
    }

    func replaceConfiguration(_ configuration: SIPConfiguration) {
        configurationBox.withLockedValue { $0 = configuration }
    }

    public func unload() async {
        pbx.drivers.unregister("SIP")
        await qualifier.stop()
        await stack.stopMWI()
        for name in ["sip show peers", "sip show peer", "sip show settings", "sip show channels", "sip show channelstats", "sip show registry",
                     "sip set debug on", "sip set debug off", "sip reload"] {
            pbx.commands.unregister(name)
        }
        await sockets.close()
        await stack.transport.closeStreams()
    }
}

/// A reference filled in once the object it points to exists (the stack is
/// made after the sockets whose handlers need to reach it).
final class NIOLockedValueBoxHolder<Value: AnyObject & Sendable>: Sendable {
    private let box = NIOLockedValueBox<Value?>(nil)
    var value: Value? {
        get { box.withLockedValue { $0 } }
        set { box.withLockedValue { $0 = newValue } }
    }
}
