import Foundation
import Testing

extension IntegrationSuite {
    @Suite("sip set debug")
    struct SIPDebugTests {
        @Test("sip set debug on prints every packet whole, with direction and bracketed addresses", arguments: LoopbackFamily.allCases)
        func packetTrace(family: LoopbackFamily) throws {
            let port = TestEnvironment.ports()
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000), name: "sipdebug")
            defer { pbx.stop() }
            let on = try pbx.command("sip set debug on")
            #expect(on.status == 0 && on.output.contains("SIP Debugging enabled"))
            let result = try SIPp.run(SIPpScenario.options, family: family, localPort: port + 4, pbxPort: port)
            #expect(result.status == 0, "\(result.output)")
            let peer = "\(family.uriHost):\(port + 4)"
            #expect(pbx.waitForLog("<--- Transmitting (UDP) to \(peer) --->"), "\(pbx.log)")
            let log = pbx.log
            #expect(log.contains("<--- SIP read from UDP:\(peer) --->\nOPTIONS sip:"), "\(log)")
            // Whole packets: headers and the blank line, not only the start line.
            #expect(log.contains("Call-ID: "))
            #expect(log.contains("--->\nSIP/2.0 200 OK\r\n"))
            #expect(log.contains("Allow: INVITE"))

            let off = try pbx.command("sip set debug off")
            #expect(off.output.contains("SIP Debugging Disabled"))
            let before = pbx.log.components(separatedBy: "<--- SIP read from").count
            #expect(try SIPp.run(SIPpScenario.options, family: family, localPort: port + 5, pbxPort: port).status == 0)
            usleep(300_000)
            #expect(pbx.log.components(separatedBy: "<--- SIP read from").count == before)
        }
    }
}
