import Foundation
import Testing

extension IntegrationSuite {
    @Suite("Calling 1000: hello world")
    struct HelloWorldCallTests {
        @Test("SIPp calls 1000: SDP in the caller's family, hello-world's RTP arrives, the PBX sends BYE",
              arguments: LoopbackFamily.allCases, [false, true])
        func helloWorld(family: LoopbackFamily, wildcard: Bool) throws {
            let port = TestEnvironment.ports()
            // On wildcard sockets the address the packet arrived on must still
            // be what Via, Contact and SDP carry: never 0.0.0.0 or [::].
            var files = Configs.dualStack(port: port, rtpStart: port + 1000)
            if wildcard {
                files["sip.conf"] = Configs.sip(bind: ["0.0.0.0:\(port)", "[::]:\(port)"])
            }
            let pbx = try PBXProcess(files: files, name: "hello")
            defer { pbx.stop() }
            let rtpPort = port + 6
            let counter = try RTPCounter(family: family, port: rtpPort)
            counter.start()
            let scenario = try SIPpScenario.write(SIPpScenario.callReceivingBye(extension: "1000", family: family), name: "hello")
            let result = try ToolRunner.run(["sipp", "-sf", scenario.path, "-m", "1", "-i", family.address, "-p", "\(port + 4)",
                                             "-key", "rtpport", "\(rtpPort)",
                                             "-timeout", "20", "-nostdin", "-trace_err",
                                             "\(family.uriHost):\(port)"], timeout: 30, directory: pbx.directory)
            let report = counter.finish()
            #expect(result.status == 0, "sipp: \(result.output)\n\(pbx.log)")
            // hello-world.ulaw is 8,586 bytes: 54 frames of 20 ms.
            let soundBytes = (try? Data(contentsOf: TestEnvironment.sounds.appendingPathComponent("hello-world.ulaw")).count) ?? 0
            let frames = (soundBytes + 159) / 160
            #expect(frames > 40)
            #expect(report.packets >= frames - 2 && report.packets <= frames + 2, "packets \(report.packets), expected about \(frames)")
            #expect(report.payloadTypes == [0])
            #expect(report.ssrcs.count == 1)
            #expect(report.sequenceGaps == 0)
            #expect(report.timestampSteps == [160])
            #expect(pbx.log.contains("Executing [1000@default:2] Playback"))
        }

        @Test("core show channels lists a call in progress", arguments: [LoopbackFamily.ipv6])
        func channelsDuringCall(family: LoopbackFamily) throws {
            let port = TestEnvironment.ports()
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000), name: "channels")
            defer { pbx.stop() }
            let rtpPort = port + 6
            let counter = try RTPCounter(family: family, port: rtpPort)
            counter.start()
            let scenario = try SIPpScenario.write(SIPpScenario.callReceivingBye(extension: "1001", family: family), name: "wait")
            let sipp = Process()
            sipp.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            sipp.arguments = ["sipp", "-sf", scenario.path, "-m", "1", "-i", family.address, "-p", "\(port + 4)",
                              "-key", "rtpport", "\(rtpPort)", "-timeout", "20", "-nostdin",
                              "\(family.uriHost):\(port)"]
            sipp.standardOutput = FileHandle.nullDevice
            sipp.standardError = FileHandle.nullDevice
            sipp.currentDirectoryURL = pbx.directory
            try sipp.run()
            #expect(pbx.waitForLog("Executing [1001@default:2] Wait"))
            let channels = try pbx.command("core show channels")
            #expect(channels.status == 0)
            #expect(channels.output.contains("1001@default:2"), "\(channels.output)")
            #expect(channels.output.contains("Wait(3)"))
            #expect(channels.output.hasSuffix("1 active call\n"), "\(channels.output)")
            let sipChannels = try pbx.command("sip show channels")
            #expect(sipChannels.output.contains("[::1]:\(port + 4)"), "\(sipChannels.output)")
            for _ in 0..<100 where sipp.isRunning { usleep(100_000) }
            sipp.stopForSure()
            _ = counter.finish()
            #expect(sipp.terminationStatus == 0)
            let after = try pbx.command("core show channels")
            #expect(after.output.hasSuffix("0 active calls\n"), "\(after.output)")
        }
    }
}
