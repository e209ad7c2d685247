import Foundation
import Testing

extension IntegrationSuite {
    @Suite("Bad configuration")
    struct ConfigErrorTests {
        @Test("a malformed bindaddr is logged with file and line; the other sockets still serve")
        func malformedBindaddr() throws {
            let port = TestEnvironment.ports()
            let sip = """
                [general]
                context=default
                bindaddr=[2001:db8::1
                bindaddr=127.0.0.1:\(port)
                bindaddr=300.1.1.1
                bindaddr=[::1]:\(port)
                """
            let pbx = try PBXProcess(files: ["sip.conf": sip, "extensions.conf": Configs.extensions,
                                             "rtp.conf": Configs.rtp(start: port + 1000)], name: "badbind")
            defer { pbx.stop() }
            #expect(pbx.log.contains("sip.conf:3"), "\(pbx.log)")
            #expect(pbx.log.contains("[2001:db8::1"))
            #expect(pbx.log.contains("sip.conf:5"))
            #expect(pbx.log.contains("300.1.1.1"))
            for family in LoopbackFamily.allCases {
                let result = try SIPp.run(SIPpScenario.options, family: family, localPort: port + 4, pbxPort: port)
                #expect(result.status == 0, "OPTIONS over \(family): \(result.output)")
            }
        }

        @Test("a second PBX on the same configuration refuses to start and takes no socket")
        func secondInstanceRefused() throws {
            let port = TestEnvironment.ports()
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000), name: "twice")
            defer { pbx.stop() }
            let second = try ToolRunner.run([TestEnvironment.binary.path, "-f", "-C", pbx.directory.path], timeout: 15)
            #expect(!second.timedOut)
            #expect(second.status == 1)
            #expect(second.output.contains("another SwiftPBX is running"), "\(second.output)")
            let result = try SIPp.run(SIPpScenario.options, family: .ipv4, localPort: port + 4, pbxPort: port)
            #expect(result.status == 0, "the first PBX still answers: \(result.output)")
        }

        @Test("-rx exits non-zero for an unknown command and when no PBX runs")
        func remoteCommandStatus() throws {
            let port = TestEnvironment.ports()
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000), name: "rx")
            let unknown = try pbx.command("no such thing")
            #expect(unknown.status != 0)
            #expect(unknown.output.contains("No such command"))
            let version = try pbx.command("core show version")
            #expect(version.status == 0)
            #expect(version.output.hasPrefix("SwiftPBX "))
            pbx.stop()
            let afterStop = try pbx.command("core show version")
            #expect(afterStop.status != 0)
        }
    }
}
