import Foundation
import Testing

extension IntegrationSuite {
    @Suite("OPTIONS on every socket")
    struct OptionsTests {
        @Test("OPTIONS is answered on both sockets of a two-bindaddr config (SIPp on both, sipsak on IPv4)")
        func optionsOnBothSockets() throws {
            let port = TestEnvironment.ports()
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000), name: "options")
            defer { pbx.stop() }
            let settings = try pbx.command("sip show settings")
            #expect(settings.output.contains("UDP Bindaddress:        127.0.0.1:\(port)"))
            #expect(settings.output.contains("UDP Bindaddress:        [::1]:\(port)"))
            for family in LoopbackFamily.allCases {
                let result = try SIPp.run(SIPpScenario.options, family: family, localPort: port + 4, pbxPort: port)
                #expect(result.status == 0, "SIPp OPTIONS over \(family): \(result.output)")
            }
            // sipsak as Debian builds it takes no IPv6 literal, so it checks IPv4.
            let sipsak = try ToolRunner.run(["sipsak", "-vv", "-s", "sip:ping@127.0.0.1:\(port)"], timeout: 15)
            #expect(sipsak.status == 0, "\(sipsak.output)")
            #expect(sipsak.output.contains("200 OK"))
        }
    }
}
