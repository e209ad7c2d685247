import Foundation
import Testing

extension IntegrationSuite {
    @Suite("REGISTER with digest authentication")
    struct RegisterTests {
        @Test("SIPp registers dev1 after a 401; sip show peers shows its address", arguments: LoopbackFamily.allCases)
        func registerAccepted(family: LoopbackFamily) throws {
            let port = TestEnvironment.ports()
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000), name: "register")
            defer { pbx.stop() }
            let result = try SIPp.run(SIPpScenario.register(user: "dev1", secret: "dev1pass", expecting: 200),
                                      family: family, localPort: port + 4, pbxPort: port)
            #expect(result.status == 0, "\(result.output)")
            #expect(pbx.waitForLog("Registered SIP 'dev1' at \(family.uriHost):\(port + 4)"), "\(pbx.log)")
            let peers = try pbx.command("sip show peers")
            let line = peers.output.split(separator: "\n").first { $0.hasPrefix("dev1/dev1") } ?? ""
            #expect(line.contains("\(family.uriHost):\(port + 4)"), "peer line: \(line)")
            #expect(peers.output.contains("3 sip peers"))
        }

        @Test("a wrong secret is refused with 403 and nothing is registered", arguments: LoopbackFamily.allCases)
        func wrongSecretRefused(family: LoopbackFamily) throws {
            let port = TestEnvironment.ports()
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000), name: "badsecret")
            defer { pbx.stop() }
            let result = try SIPp.run(SIPpScenario.register(user: "dev1", secret: "not-the-secret", expecting: 403),
                                      family: family, localPort: port + 4, pbxPort: port)
            #expect(result.status == 0, "\(result.output)")
            #expect(pbx.waitForLog("Wrong password"))
            let peers = try pbx.command("sip show peers")
            #expect(peers.output.contains("Unmonitored: 0 online, 3 offline"), "\(peers.output)")
        }

        @Test("an unknown user is refused exactly like a wrong password", arguments: LoopbackFamily.allCases)
        func unknownUserRefused(family: LoopbackFamily) throws {
            let port = TestEnvironment.ports()
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000), name: "unknown")
            defer { pbx.stop() }
            let result = try SIPp.run(SIPpScenario.register(user: "nobody", secret: "guess", expecting: 403),
                                      family: family, localPort: port + 4, pbxPort: port)
            #expect(result.status == 0, "\(result.output)")
        }

        @Test("sipsak registers over IPv4 and is refused with a wrong secret")
        func sipsakRegister() throws {
            let port = TestEnvironment.ports()
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000), name: "sipsak")
            defer { pbx.stop() }
            let good = try ToolRunner.run(["sipsak", "-U", "-vv", "-s", "sip:dev1@127.0.0.1:\(port)", "-u", "dev1",
                                           "-a", "dev1pass", "-x", "300", "-l", "\(port + 5)"], timeout: 20)
            #expect(good.status == 0, "\(good.output)")
            #expect(good.output.contains("authorizing"), "the first REGISTER must be challenged: \(good.output)")
            #expect(pbx.waitForLog("Registered SIP 'dev1' at 127.0.0.1:"))
            let bad = try ToolRunner.run(["sipsak", "-U", "-vv", "-s", "sip:dev2@127.0.0.1:\(port)", "-u", "dev2",
                                          "-a", "wrong", "-x", "300", "-l", "\(port + 6)"], timeout: 20)
            #expect(bad.status != 0)
            #expect(bad.output.contains("403"), "\(bad.output)")
        }
    }
}
