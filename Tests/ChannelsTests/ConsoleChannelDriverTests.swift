import Foundation
import Logging
import NIOPosix
import PBXCore
import Testing
@testable import Channels

/// The `chan_alsa` module loaded into a PBX of its own, on ALSA's `null`
/// PCM from the system configuration (real libasound, no hardware).
@Suite("ConsoleChannelDriver as the chan_alsa module")
struct ConsoleChannelDriverTests {
    private final class Bench {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let directory: URL
        let pbx: PBX

        init(alsaConf: String?) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("console-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            if let alsaConf {
                try alsaConf.write(to: directory.appendingPathComponent("alsa.conf"), atomically: true, encoding: .utf8)
            }
            let path = directory.path
            let directories = PBXDirectories(config: path, spool: path, data: path, sounds: path, run: path, log: path)
            pbx = PBX(directories: directories, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }, eventLoopGroup: group)
        }

        func shutDown() throws {
            pbx.requestShutdown()
            try group.syncShutdownGracefully()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    private static let nullDevices = "[general]\ninput_device=null\noutput_device=null\ncontext=office\nextension=100\n"

    @Test("Load registers Console and the console commands with completion; unload removes exactly those")
    func loadAndUnload() async throws {
        let bench = try Bench(alsaConf: Self.nullDevices)
        let driver = try ConsoleChannelDriver.load(pbx: bench.pbx)
        #expect(bench.pbx.drivers.driver(for: "console") != nil)
        let names = bench.pbx.commands.commands.map(\.name)
        #expect(names.filter { $0.hasPrefix("console ") } == ["console answer", "console dial", "console hangup"])
        let dial = try #require(bench.pbx.commands.commands.first { $0.name == "console dial" })
        #expect(dial.arguments.first?.candidates == ["100", "100@office"])
        await driver.unload()
        #expect(bench.pbx.drivers.driver(for: "console") == nil)
        #expect(!bench.pbx.commands.commands.contains { $0.name.hasPrefix("console ") })
        try bench.shutDown()
    }

    @Test("Dial(Console/dsp) gets the console once; a second request is busy; use count follows the call")
    func oneCallAtATime() async throws {
        let bench = try Bench(alsaConf: Self.nullDevices + "autoanswer=yes\n")
        let driver = try ConsoleChannelDriver.load(pbx: bench.pbx)
        #expect(driver.useCount == 0)
        let first = try await driver.request("dsp", formats: .default, callerID: CallerID(number: "200"), requester: nil)
        #expect(first.name.hasPrefix("Console/dsp-"))
        #expect(driver.useCount == 1)
        await #expect(throws: DialError(cause: .userBusy, reason: "the console is already in a call")) {
            _ = try await driver.request("dsp", formats: .default, callerID: CallerID(), requester: nil)
        }
        await #expect(throws: DialError.self) {
            _ = try await driver.request("hw0", formats: .default, callerID: CallerID(), requester: nil)
        }
        var progress: [CallProgress] = []
        for await step in first.call() { progress.append(step) }
        #expect(progress == [.ringing, .answered])
        #expect(first.record.state.state == .up)
        await first.hangup(cause: .normalClearing)
        #expect(driver.useCount == 0)
        await #expect(throws: ChannelError.hungUp) { try await first.play(AudioSource(format: .slin, bytes: [0, 0])) }
        await driver.unload()
        try bench.shutDown()
    }

    @Test("Without alsa.conf the module declines, naming the file")
    func noConfiguration() throws {
        let bench = try Bench(alsaConf: nil)
        #expect {
            _ = try ConsoleChannelDriver.load(pbx: bench.pbx)
        } throws: { error in
            "\(error)".contains("Unable to read ALSA configuration file \(bench.directory.path)/alsa.conf")
        }
        try bench.shutDown()
    }
}
