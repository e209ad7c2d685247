import Foundation
import Testing

extension IntegrationSuite {
    /// Modules and configuration reloads on a running PBX, with a call up.
    @Suite("Modules: show, load, unload, reload; reloads never drop a call")
    struct ModuleReloadTests {
        static let longCall = "\nexten => 1009,1,Answer()\n same => n,Wait(4)\n same => n,Hangup()\n"

        @Test("module show lists the loaded modules; unknown commands and modules fail under -rx")
        func moduleShow() throws {
            let port = TestEnvironment.ports()
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000), name: "modshow")
            defer { pbx.stop() }
            let show = try pbx.command("module show")
            #expect(show.status == 0)
            #expect(show.output.contains("chan_sip") && show.output.contains("Session Initiation Protocol (SIP)"))
            #expect(show.output.contains("pbx_config"))
            #expect(show.output.contains("modules loaded"))
            let like = try pbx.command("module show like sip")
            #expect(like.output.contains("chan_sip") && !like.output.contains("pbx_config"), "\(like.output)")
            #expect(like.output.contains("1 modules loaded"))
            let missing = try pbx.command("module load chan_nosuch")
            #expect(missing.status != 0)
            #expect(missing.output.contains("No such module 'chan_nosuch'"))
            let unknown = try pbx.command("frobnicate all")
            #expect(unknown.status != 0)
            #expect(unknown.output.contains("No such command 'frobnicate all'"))
        }

        @Test("During a call: unload refused, a broken sip.conf keeps the old one, dialplan reload keeps the call",
              arguments: LoopbackFamily.allCases)
        func reloadsDuringACall(family: LoopbackFamily) throws {
            let port = TestEnvironment.ports()
            var files = Configs.dualStack(port: port, rtpStart: port + 1000)
            files["extensions.conf"] = Configs.extensions + Self.longCall
            let pbx = try PBXProcess(files: files, name: "reload")
            defer { pbx.stop() }
            let rtpPort = port + 6
            let counter = try RTPCounter(family: family, port: rtpPort)
            counter.start()
            let sipp = try SIPpProcess(scenario: SIPpScenario.callReceivingBye(extension: "1009", family: family), family: family,
                                       localPort: port + 4, pbxPort: port, keys: ["rtpport": "\(rtpPort)"])
            #expect(pbx.waitForLog("Executing [1009@default:2] Wait"))

            let unload = try pbx.command("module unload chan_sip")
            #expect(unload.status != 0)
            #expect(unload.output.contains("in use (1 channel)"), "\(unload.output)")

            // A sip.conf with a bad value: nothing changes, and the reason is given.
            let sipPath = pbx.directory.appendingPathComponent("sip.conf")
            let goodSIP = try String(contentsOf: sipPath, encoding: .utf8)
            try (goodSIP.replacingOccurrences(of: "[dev3](phone)", with: "[dev4](phone)")
                 .replacingOccurrences(of: "[general]", with: "[general]\nbindaddr=300.1.1.1")).write(to: sipPath, atomically: true, encoding: .utf8)
            let broken = try pbx.command("sip reload")
            #expect(broken.status != 0)
            #expect(broken.output.contains("sip.conf:2") && broken.output.contains("300.1.1.1"), "\(broken.output)")
            #expect(broken.output.contains("keeping the previous configuration"))
            let peers = try pbx.command("sip show peers").output
            #expect(peers.contains("dev3") && !peers.contains("dev4"), "\(peers)")

            // A good extensions.conf replaces the dialplan; the call carries on.
            let extensionsPath = pbx.directory.appendingPathComponent("extensions.conf")
            try (Configs.extensions + Self.longCall + "\nexten => 1010,1,Answer()\n same => n,Hangup()\n")
                .write(to: extensionsPath, atomically: true, encoding: .utf8)
            let reload = try pbx.command("module reload pbx_config")
            #expect(reload.status == 0, "\(reload.output)")
            #expect(try pbx.command("dialplan show default").output.contains("'1010' =>"))
            #expect(try pbx.command("core show channels").output.contains("1 active call"))

            let status = sipp.finish(timeout: 20)
            let report = counter.finish()
            #expect(status == 0, "sipp: \(sipp.logs)\n\(pbx.log)")
            #expect(pbx.log.contains("Executing [1009@default:3] Hangup"))
            #expect(report.sequenceGaps == 0)

            // With no call left, chan_sip unloads and loads again, and still calls.
            try goodSIP.write(to: sipPath, atomically: true, encoding: .utf8)
            #expect(pbx.waitUntilIdle())
            let unloaded = try pbx.command("module unload chan_sip")
            #expect(unloaded.status == 0, "\(unloaded.output)")
            #expect(try pbx.command("sip show peers").status != 0)
            let loaded = try pbx.command("module load chan_sip")
            #expect(loaded.status == 0, "\(loaded.output)")
            #expect(try pbx.command("sip show peers").output.contains("dev3"))
            let scenario = try SIPpScenario.write(SIPpScenario.callReceivingBye(extension: "1010", family: family), name: "after")
            let again = try ToolRunner.run(["sipp", "-sf", scenario.path, "-m", "1", "-i", family.address, "-p", "\(port + 5)",
                                            "-key", "rtpport", "\(rtpPort + 2)", "-timeout", "15", "-nostdin",
                                            "\(family.uriHost):\(port)"], timeout: 25, directory: pbx.directory)
            #expect(again.status == 0, "sipp after reload: \(again.output)\n\(pbx.log)")
        }

        @Test("core stop gracefully: new calls get 503, the PBX ends with the last call", arguments: [LoopbackFamily.ipv6])
        func gracefulStop(family: LoopbackFamily) throws {
            let port = TestEnvironment.ports()
            var files = Configs.dualStack(port: port, rtpStart: port + 1000)
            files["extensions.conf"] = Configs.extensions + Self.longCall
            let pbx = try PBXProcess(files: files, name: "graceful")
            defer { pbx.stop() }
            let rtpPort = port + 6
            let counter = try RTPCounter(family: family, port: rtpPort)
            counter.start()
            let sipp = try SIPpProcess(scenario: SIPpScenario.callReceivingBye(extension: "1009", family: family), family: family,
                                       localPort: port + 4, pbxPort: port, keys: ["rtpport": "\(rtpPort)"])
            #expect(pbx.waitForLog("Executing [1009@default:2] Wait"))
            let stop = try pbx.command("core stop gracefully")
            #expect(stop.status == 0)
            #expect(stop.output.contains("Waiting for 1 active channel"), "\(stop.output)")

            let refused = try SIPpScenario.write(DialScenarios.caller(exten: "1000", family: family, talk: nil, expect: 503), name: "refused")
            let second = try ToolRunner.run(["sipp", "-sf", refused.path, "-m", "1", "-i", family.address, "-p", "\(port + 5)",
                                             "-key", "rtpport", "\(rtpPort + 2)", "-timeout", "10", "-nostdin",
                                             "\(family.uriHost):\(port)"], timeout: 20, directory: pbx.directory)
            #expect(second.status == 0, "the second call was not refused with 503: \(second.output)")
            #expect(pbx.process.isRunning)

            #expect(sipp.finish(timeout: 20) == 0, "sipp: \(sipp.logs)")
            _ = counter.finish()
            let deadline = Date().addingTimeInterval(10)
            while pbx.process.isRunning && Date() < deadline { usleep(100_000) }
            #expect(!pbx.process.isRunning, "the PBX still runs after its last call:\n\(pbx.log)")
            #expect(pbx.log.contains("SwiftPBX shutting down"))
        }
    }
}

extension PBXProcess {
    /// Waits (at most `timeout` seconds) until `core show channels` shows none.
    func waitUntilIdle(timeout: TimeInterval = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let output = try? command("core show channels").output, output.contains("0 active channels") { return true }
            usleep(100_000)
        }
        return false
    }
}
