import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// The composition root: owns the registries every module shares. There is
/// one per running PBX and nothing global.
public final class PBX: Sendable {
    public static let version = "0.1.0"

    public let directories: PBXDirectories
    public let logger: Logger
    public let eventLoopGroup: MultiThreadedEventLoopGroup
    public let channels = ChannelRegistry()
    public let commands = CommandTree()
    public let drivers = ChannelDriverRegistry()
    public let modules = ModuleRegistry()
    /// Message counts per mailbox: voicemail publishes, channel drivers observe (MWI).
    public let mailboxes = MailboxStateRegistry()
    public let sounds: SoundLibrary
    /// Translators registered by the codec modules and the cheapest paths between formats.
    public let translations = TranslationMatrix()
    public let startTime = Date()
    private let routerBox = NIOLockedValueBox<(any CallRouter)?>(nil)
    private let shutdownPromise: EventLoopPromise<Void>

    public init(directories: PBXDirectories, logger: Logger, eventLoopGroup: MultiThreadedEventLoopGroup) {
        self.directories = directories
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
        self.sounds = SoundLibrary(directory: directories.sounds, translations: translations)
        self.shutdownPromise = eventLoopGroup.next().makePromise()
        modules.attach(to: self)
        ModuleCommands.register(modules, in: commands)
        TranslationCommands.register(translations, in: commands)
    }

    /// The dialplan, once loaded. Calls arriving before it are refused.
    public var router: (any CallRouter)? {
        routerBox.withLockedValue { $0 }
    }

    public func install(router: any CallRouter) {
        routerBox.withLockedValue { $0 = router }
    }

    /// No router: new calls are refused until one is installed again.
    public func uninstallRouter() {
        routerBox.withLockedValue { $0 = nil }
    }

    /// Starts the dialplan for a new incoming channel as its own task, and
    /// forgets the channel when that task ends.
    public func startCall(_ channel: any Channel) {
        channels.add(channel)
        let router = self.router
        Task {
            if let router {
                await router.run(channel)
            }
            await channel.hangup(cause: .normalClearing)
            channels.remove(channel)
        }
    }

    private let gracefulStop = NIOLockedValueBox(false)

    /// False once `core stop gracefully` was asked: drivers refuse new calls.
    public var acceptsNewCalls: Bool { !gracefulStop.withLockedValue { $0 } }

    /// `core stop gracefully`: no new calls; the PBX stops when the last
    /// channel has gone. Returns how many channels it waits for.
    @discardableResult
    public func stopGracefully() -> Int {
        let first = gracefulStop.withLockedValue { asked in
            defer { asked = true }
            return !asked
        }
        let remaining = channels.channels.count
        guard first else { return remaining }
        Task {
            await channels.waitUntilEmpty()
            requestShutdown()
        }
        return remaining
    }

    /// Completes when `requestShutdown` is called (`core stop now`).
    public var shutdownRequested: EventLoopFuture<Void> { shutdownPromise.futureResult }

    private let shutdownAsked = NIOLockedValueBox(false)

    /// Asks the PBX to stop; later calls do nothing.
    public func requestShutdown() {
        let first = shutdownAsked.withLockedValue { asked in
            defer { asked = true }
            return !asked
        }
        if first { shutdownPromise.succeed(()) }
    }

    deinit {
        // A promise must be completed before it is freed.
        requestShutdown()
    }
}
