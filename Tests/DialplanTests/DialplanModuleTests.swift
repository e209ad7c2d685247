import Dialplan
import Foundation
import Logging
import NIOPosix
import PBXCore
import Testing

@Suite struct DialplanModuleTests {
    static let good = """
        [default]
        exten => 1000,1,Answer()
        same => n,Hangup()
        """

    @Test func loadInstallsTheRouterAndCommands() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("extensions.conf", text: Self.good + "\nexten => 2000,x,NoOp()\n")
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let recorder = LogRecorder()
        let pbx = PBX(
            directories: PBXDirectories(
                config: directory.path, spool: directory.path, data: directory.path,
                sounds: directory.path, run: directory.path, log: directory.path),
            logger: recorder.logger(), eventLoopGroup: group)

        let (module, errors) = DialplanModule.load(pbx: pbx)
        let runner = module.runner
        #expect(errors.map(\.location.line) == [4])
        #expect(recorder.messages(at: .info).contains { $0.hasSuffix("extensions.conf: 1 extension (2 priorities) in 1 context") })
        #expect(pbx.router?.canRoute(context: "default", exten: "1000") == true)
        #expect(runner.canRoute(context: "default", exten: "1000"))

        let show = await pbx.commands.execute("dialplan show default")
        #expect(show.success)
        #expect(show.output.contains("'1000' =>"))
        #expect(show.output.hasSuffix("-= 1 extension (2 priorities) in 1 context. =-\n"))

        // A reload sees the new file.
        try directory.write("extensions.conf", text: Self.good + "\nexten => 3000,1,NoOp()\n")
        let reload = await pbx.commands.execute("dialplan reload")
        #expect(reload.success)
        #expect(runner.canRoute(context: "default", exten: "3000"))

        await module.unload()
        #expect(pbx.commands.match("dialplan show") == nil)
        #expect(pbx.router == nil)
        // The PBX's shutdown promise must be completed before it goes away.
        pbx.requestShutdown()
        try await group.shutdownGracefully()
    }

    @Test func reloadKeepsTheOldDialplanWhenTheNewOneIsEmptyAndBroken() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/extensions.conf"
        let store = DialplanStore(DialplanLoader.load(text: Self.good).dialplan)
        let logger = LogRecorder().logger()

        try directory.write("extensions.conf", text: "exten => 1000,1,NoOp()\n[broken\n")
        let refused = DialplanModule.reload(path: path, into: store, logger: logger)
        #expect(!refused.success)
        #expect(refused.output.contains("keeping the previous dialplan"))
        #expect(store.current.find(context: "default", exten: "1000", priority: 2) != nil)

        // Some bad lines: the good ones load and the errors are listed.
        try directory.write("extensions.conf", text: "[default]\nexten => 5000,1,NoOp()\nexten => 5000,0,NoOp()\n")
        let partial = DialplanModule.reload(path: path, into: store, logger: logger)
        #expect(partial.success)
        #expect(partial.output.contains("extensions.conf:3: invalid priority '0'"))
        #expect(partial.output.contains("Dialplan reloaded: 1 extension (1 priority) in 1 context."))
        #expect(store.current.find(context: "default", exten: "5000", priority: 1) != nil)
        #expect(store.current.find(context: "default", exten: "1000", priority: 1) == nil)
    }
}
