import Foundation
import Testing

extension IntegrationSuite {
    @Suite("Dial: phone to phone through the PBX")
    struct DialTests {
        /// Registers dev2 from `port` over `family` with SIPp.
        private static func registerCallee(family: LoopbackFamily, port: Int, pbxPort: Int) throws {
            let result = try SIPp.run(SIPpScenario.register(user: "dev2", secret: "dev2pass", expecting: 200),
                                      family: family, localPort: port, pbxPort: pbxPort)
            #expect(result.status == 0, "register dev2: \(result.output)")
        }

        @Test("a caller on one family reaches a callee on the other: SDP per leg, RTP both ways, BYE ends both",
              arguments: [(LoopbackFamily.ipv4, LoopbackFamily.ipv6), (.ipv6, .ipv4), (.ipv4, .ipv4)])
        func crossFamilyCall(callerFamily: LoopbackFamily, calleeFamily: LoopbackFamily) throws {
            let port = TestEnvironment.ports(20)
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000), name: "dial")
            defer { pbx.stop() }
            let calleePort = port + 4
            try Self.registerCallee(family: calleeFamily, port: calleePort, pbxPort: port)

            let calleeMedia = try RTPCounter(family: calleeFamily, port: port + 8)
            let callerMedia = try RTPCounter(family: callerFamily, port: port + 10)
            calleeMedia.start(limit: 30)
            callerMedia.start(limit: 30)
            let callee = try SIPpProcess(scenario: DialScenarios.callee(family: calleeFamily), family: calleeFamily,
                                         localPort: calleePort, pbxPort: port, keys: ["rtpport": "\(port + 8)"], uas: true)
            usleep(300_000)
            let caller = try SIPpProcess(scenario: DialScenarios.caller(exten: "2000", family: callerFamily, talk: 3000),
                                         family: callerFamily, localPort: port + 6, pbxPort: port, keys: ["rtpport": "\(port + 10)"])
            let calleeLegPort = try #require(callee.pbxMediaPort(), "callee never got the INVITE: \(callee.logs)\n\(pbx.log)")
            let callerLegPort = try #require(caller.pbxMediaPort(), "caller never got the 200: \(caller.logs)\n\(pbx.log)")

            callerMedia.sendStream(count: 50, fill: 0x55, toPort: callerLegPort)
            calleeMedia.sendStream(count: 50, fill: 0x33, toPort: calleeLegPort)
            #expect(caller.finish() == 0, "caller: \(caller.logs)")
            #expect(callee.finish() == 0, "callee: \(callee.logs)")
            let atCallee = calleeMedia.finish()
            let atCaller = callerMedia.finish()
            #expect(atCallee.payloadFirstBytes[0x55] == 50, "callee got \(atCallee)")
            #expect(atCaller.payloadFirstBytes[0x33] == 50, "caller got \(atCaller)")
            #expect(atCallee.ssrcs.count == 1 && atCaller.ssrcs.count == 1)
            #expect(atCallee.sequenceGaps == 0 && atCaller.sequenceGaps == 0)
            #expect(!pbx.log.contains("DIALSTATUS="), "Dial ends the dialplan after a bridged call")
            let channels = try pbx.command("core show channels")
            #expect(channels.output.hasSuffix("0 active calls\n"), "\(channels.output)")
        }

        @Test("the callee hanging up ends the caller's leg with a BYE", arguments: [LoopbackFamily.ipv6])
        func calleeHangsUp(family: LoopbackFamily) throws {
            let port = TestEnvironment.ports(20)
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000), name: "dialbye")
            defer { pbx.stop() }
            try Self.registerCallee(family: family, port: port + 4, pbxPort: port)
            let callee = try SIPpProcess(scenario: DialScenarios.callee(family: family, hangUpAfter: 1000), family: family,
                                         localPort: port + 4, pbxPort: port, keys: ["rtpport": "\(port + 8)"], uas: true)
            usleep(300_000)
            let caller = try SIPpProcess(scenario: DialScenarios.caller(exten: "2000", family: .ipv4, talk: nil),
                                         family: .ipv4, localPort: port + 6, pbxPort: port, keys: ["rtpport": "\(port + 10)"])
            #expect(caller.finish() == 0, "caller: \(caller.logs)\n\(pbx.log)")
            #expect(callee.finish() == 0, "callee: \(callee.logs)")
        }

        @Test("busy callee: the caller gets 486 and DIALSTATUS is BUSY")
        func busy() throws {
            let port = TestEnvironment.ports(20)
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000), name: "busy")
            defer { pbx.stop() }
            try Self.registerCallee(family: .ipv4, port: port + 4, pbxPort: port)
            let callee = try SIPpProcess(scenario: DialScenarios.callee(family: .ipv4, ring: false, answerStatus: 486), family: .ipv4,
                                         localPort: port + 4, pbxPort: port, keys: ["rtpport": "\(port + 8)"], uas: true)
            usleep(300_000)
            let caller = try SIPpProcess(scenario: DialScenarios.caller(exten: "2000", family: .ipv4, talk: nil, expect: 486),
                                         family: .ipv4, localPort: port + 6, pbxPort: port, keys: ["rtpport": "\(port + 10)"])
            #expect(caller.finish() == 0, "caller: \(caller.logs)\n\(pbx.log)")
            #expect(callee.finish() == 0, "callee: \(callee.logs)")
            #expect(pbx.waitForLog("DIALSTATUS=BUSY"), "\(pbx.log)")
        }

        @Test("an unregistered peer: CHANUNAVAIL at once")
        func unavailable() throws {
            let port = TestEnvironment.ports(20)
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000), name: "unavail")
            defer { pbx.stop() }
            let caller = try SIPpProcess(scenario: DialScenarios.caller(exten: "2000", family: .ipv4, talk: nil, expect: 480),
                                         family: .ipv4, localPort: port + 6, pbxPort: port, keys: ["rtpport": "\(port + 10)"])
            #expect(caller.finish(timeout: 15) == 0, "caller: \(caller.logs)\n\(pbx.log)")
            #expect(pbx.waitForLog("DIALSTATUS=CHANUNAVAIL"), "\(pbx.log)")
        }
    }
}
