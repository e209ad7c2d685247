import Foundation
import Testing

extension IntegrationSuite {
    @Suite("A peer given by host name")
    struct HostNamePeerTests {
        @Test("host=localhost is resolved (hosts file) and called; the callee answers and the call connects")
        func calledByName() throws {
            let port = TestEnvironment.ports(20)
            var files = Configs.dualStack(port: port, rtpStart: port + 1000)
            files["sip.conf"] = Configs.sip(bind: ["127.0.0.1:\(port)", "[::1]:\(port)"], extra: "") + """

                [byname]
                type=peer
                host=localhost
                port=\(port + 4)
                context=default

                """
            files["extensions.conf"] = Configs.extensions + """

                [default](+)
                exten => 2004,1,Dial(SIP/byname,20)
                 same => n,Hangup()

                """
            let pbx = try PBXProcess(files: files, name: "byname")
            defer { pbx.stop() }
            let callee = try SIPpProcess(scenario: DialScenarios.callee(family: .ipv4), family: .ipv4, localPort: port + 4,
                                         pbxPort: port, keys: ["rtpport": "\(port + 8)"], uas: true)
            usleep(300_000)
            let caller = try SIPpProcess(scenario: DialScenarios.caller(exten: "2004", family: .ipv6, talk: 500),
                                         family: .ipv6, localPort: port + 6, pbxPort: port, keys: ["rtpport": "\(port + 10)"])
            #expect(caller.finish() == 0, "caller: \(caller.logs)\n\(pbx.log)")
            #expect(callee.finish() == 0, "callee: \(callee.logs)")
        }
    }
}
