import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOPosix
import PBXCore
import Testing

/// A module that records what happens to it.
final class ProbeModule: PBXModule {
    let name: String
    let uses = NIOLockedValueBox(0)
    let events: NIOLockedValueBox<[String]>

    init(name: String, events: NIOLockedValueBox<[String]>) {
        self.name = name
        self.events = events
        events.withLockedValue { $0.append("load \(name)") }
    }

    var useCount: Int { uses.withLockedValue { $0 } }
    func reload() async -> CLIResult {
        events.withLockedValue { $0.append("reload \(name)") }
        return .ok("\(name) reloaded\n")
    }
    func unload() async { events.withLockedValue { $0.append("unload \(name)") } }
}

@Suite struct ModuleRegistryTests {
    static func withPBX(_ body: (PBX) async throws -> Void) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let pbx = PBX(directories: PBXDirectories(config: "/nonexistent", spool: "/tmp", data: "/tmp", sounds: "/tmp", run: "/tmp", log: "/tmp"),
                      logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }), eventLoopGroup: group)
        try await body(pbx)
        pbx.requestShutdown()
        try await group.shutdownGracefully()
    }

    static func descriptor(_ name: String, dependencies: [String] = [], events: NIOLockedValueBox<[String]>,
                           made: NIOLockedValueBox<[String: ProbeModule]>) -> ModuleDescriptor {
        ModuleDescriptor(name: name, description: "probe \(name)", dependencies: dependencies) { _ in
            let module = ProbeModule(name: name, events: events)
            made.withLockedValue { $0[name] = module }
            return module
        }
    }

    @Test func modulesConfParsing() {
        let file = ConfigFile.parse(text: "[modules]\nautoload=no\nload => chan_sip.so\nload => pbx_config\nnoload => chan_alsa.so\nfoo=bar\n",
                                    path: "modules.conf")
        let configuration = ModulesConfiguration(file: file)
        #expect(!configuration.autoload)
        #expect(configuration.load == ["chan_sip", "pbx_config"])
        #expect(configuration.noload == ["chan_alsa"])
        #expect(configuration.errors.map(\.description) == ["modules.conf:6: unknown key in [modules] 'foo'"])
        #expect(configuration.modulesToLoad(from: ["pbx_config", "chan_sip", "chan_alsa"]) == ["chan_sip", "pbx_config"])

        let auto = ModulesConfiguration(file: ConfigFile.parse(text: "[modules]\nautoload=yes\nnoload => chan_alsa\n", path: "m.conf"))
        #expect(auto.modulesToLoad(from: ["pbx_config", "chan_sip", "chan_alsa"]) == ["pbx_config", "chan_sip"])
        let bad = ModulesConfiguration(file: ConfigFile.parse(text: "[modules]\nautoload=perhaps\n", path: "m.conf"))
        #expect(bad.errors.map(\.description) == ["m.conf:2: autoload must be yes or no 'perhaps'"])
    }

    @Test func loadsInOrderWithDependenciesAndUnloadsInReverse() async throws {
        try await Self.withPBX { pbx in
            let events = NIOLockedValueBox<[String]>([])
            let made = NIOLockedValueBox<[String: ProbeModule]>([:])
            pbx.modules.register([
                Self.descriptor("app_voicemail", dependencies: ["pbx_config"], events: events, made: made),
                Self.descriptor("pbx_config", events: events, made: made),
                Self.descriptor("chan_alsa", events: events, made: made),
            ])
            var configuration = ModulesConfiguration()
            configuration.noload = ["chan_alsa"]
            let failures = await pbx.modules.loadAtStart(configuration)
            #expect(failures.isEmpty)
            #expect(events.withLockedValue { $0 } == ["load pbx_config", "load app_voicemail"])
            #expect(pbx.modules.loadedNames == ["pbx_config", "app_voicemail"])

            // A module others need stays; one in use stays; both say why.
            guard case .failure(let needed) = await pbx.modules.unload("pbx_config") else { Issue.record("unloaded"); return }
            #expect(needed.message.contains("needed by app_voicemail"))
            made.withLockedValue { $0["app_voicemail"] }?.uses.withLockedValue { $0 = 2 }
            guard case .failure(let busy) = await pbx.modules.unload("app_voicemail") else { Issue.record("unloaded"); return }
            #expect(busy.message == "Module 'app_voicemail' is in use (2 channels); not unloading")
            made.withLockedValue { $0["app_voicemail"] }?.uses.withLockedValue { $0 = 0 }

            let reload = await pbx.commands.execute("module reload app_voicemail")
            #expect(reload == .ok("app_voicemail reloaded\n"))
            let all = await pbx.commands.execute("core reload")
            #expect(all.output == "pbx_config reloaded\napp_voicemail reloaded\n")

            let show = await pbx.commands.execute("module show like voice")
            #expect(show.output.contains("app_voicemail") && show.output.contains("probe app_voicemail"))
            #expect(show.output.hasSuffix("1 modules loaded\n"))

            let again = await pbx.commands.execute("module load pbx_config")
            #expect(!again.success)
            #expect(again.output.contains("already loaded"))
            let unknown = await pbx.commands.execute("module load nosuch")
            #expect(unknown == .failure("Unable to load module nosuch: No such module 'nosuch'\n"))

            await pbx.modules.unloadAll()
            #expect(events.withLockedValue { Array($0.suffix(2)) } == ["unload app_voicemail", "unload pbx_config"])
            #expect(pbx.modules.loadedNames.isEmpty)
        }
    }

    @Test func aFailingLoadIsReportedAndLeavesNothingLoaded() async throws {
        try await Self.withPBX { pbx in
            pbx.modules.register([ModuleDescriptor(name: "chan_alsa", description: "ALSA") { _ in
                throw ModuleLoadError("cannot open audio device 'hw:9'")
            }])
            let failures = await pbx.modules.loadAtStart(ModulesConfiguration())
            #expect(failures == ["chan_alsa: cannot open audio device 'hw:9'"])
            #expect(!pbx.modules.isLoaded("chan_alsa"))
        }
    }
}
