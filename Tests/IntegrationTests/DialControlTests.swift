import Foundation
import Testing

extension IntegrationSuite {
    @Suite("Dial: parallel ringing, CANCEL, no answer, hold, DTMF")
    struct DialControlTests {
        private static func register(_ user: String, family: LoopbackFamily, port: Int, pbxPort: Int) throws {
            let result = try SIPp.run(SIPpScenario.register(user: user, secret: "\(user)pass", expecting: 200),
                                      family: family, localPort: port, pbxPort: pbxPort)
            #expect(result.status == 0, "register \(user): \(result.output)")
        }

        @Test("Dial(SIP/dev2&SIP/dev3): dev2 answers, dev3 is cancelled")
        func parallelRinging() throws {
            let port = TestEnvironment.ports(20)
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000), name: "parallel")
            defer { pbx.stop() }
            try Self.register("dev2", family: .ipv6, port: port + 4, pbxPort: port)
            try Self.register("dev3", family: .ipv4, port: port + 5, pbxPort: port)
            let answering = try SIPpProcess(scenario: DialScenarios.callee(family: .ipv6), family: .ipv6, localPort: port + 4,
                                            pbxPort: port, keys: ["rtpport": "\(port + 8)"], uas: true)
            let cancelled = try SIPpProcess(scenario: DialScenarios.calleeCancelled(family: .ipv4), family: .ipv4, localPort: port + 5,
                                            pbxPort: port, keys: ["rtpport": "\(port + 9)"], uas: true)
            usleep(300_000)
            let caller = try SIPpProcess(scenario: DialScenarios.caller(exten: "2002", family: .ipv4, talk: 1000),
                                         family: .ipv4, localPort: port + 6, pbxPort: port, keys: ["rtpport": "\(port + 10)"])
            #expect(caller.finish() == 0, "caller: \(caller.logs)\n\(pbx.log)")
            #expect(answering.finish() == 0, "dev2: \(answering.logs)")
            #expect(cancelled.finish() == 0, "dev3: \(cancelled.logs)")
        }

        @Test("the caller's CANCEL while the callee rings reaches the callee", arguments: LoopbackFamily.allCases)
        func callerCancels(family: LoopbackFamily) throws {
            let port = TestEnvironment.ports(20)
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000), name: "dialcancel")
            defer { pbx.stop() }
            try Self.register("dev2", family: family, port: port + 4, pbxPort: port)
            let callee = try SIPpProcess(scenario: DialScenarios.calleeCancelled(family: family), family: family, localPort: port + 4,
                                         pbxPort: port, keys: ["rtpport": "\(port + 8)"], uas: true)
            usleep(300_000)
            let caller = try SIPpProcess(scenario: DialScenarios.callerCancelsAfterRinging(exten: "2000"), family: .ipv4,
                                         localPort: port + 6, pbxPort: port, keys: ["rtpport": "\(port + 10)"])
            #expect(caller.finish() == 0, "caller: \(caller.logs)\n\(pbx.log)")
            #expect(callee.finish() == 0, "callee: \(callee.logs)")
            #expect(pbx.waitForLog("DIALSTATUS=CANCEL") || !pbx.log.contains("DIALSTATUS=ANSWER"))
        }

        @Test("no answer within Dial's timeout: the callee is cancelled, the caller gets 480, DIALSTATUS is NOANSWER")
        func noAnswer() throws {
            let port = TestEnvironment.ports(20)
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000), name: "noanswer")
            defer { pbx.stop() }
            try Self.register("dev2", family: .ipv4, port: port + 4, pbxPort: port)
            let callee = try SIPpProcess(scenario: DialScenarios.calleeCancelled(family: .ipv4), family: .ipv4, localPort: port + 4,
                                         pbxPort: port, keys: ["rtpport": "\(port + 8)"], uas: true)
            usleep(300_000)
            let caller = try SIPpProcess(scenario: DialScenarios.caller(exten: "2001", family: .ipv4, talk: nil, expect: 480),
                                         family: .ipv4, localPort: port + 6, pbxPort: port, keys: ["rtpport": "\(port + 10)"])
            #expect(caller.finish() == 0, "caller: \(caller.logs)\n\(pbx.log)")
            #expect(callee.finish() == 0, "callee: \(callee.logs)")
            #expect(pbx.waitForLog("DIALSTATUS=NOANSWER"))
        }

        @Test("a re-INVITE puts the call on hold (sendonly → recvonly) and takes it off (sendrecv)")
        func holdAndResume() throws {
            let port = TestEnvironment.ports(20)
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000), name: "hold")
            defer { pbx.stop() }
            try Self.register("dev2", family: .ipv6, port: port + 4, pbxPort: port)
            let callee = try SIPpProcess(scenario: DialScenarios.callee(family: .ipv6), family: .ipv6, localPort: port + 4,
                                         pbxPort: port, keys: ["rtpport": "\(port + 8)"], uas: true)
            usleep(300_000)
            let middle = DialScenarios.reinvite(direction: "sendonly", expectAnswer: "recvonly", cseq: 2)
                + DialScenarios.reinvite(direction: "sendrecv", expectAnswer: "sendrecv", cseq: 3)
            let caller = try SIPpProcess(scenario: DialScenarios.caller(exten: "2000", family: .ipv4, talk: 300, middle: middle)
                .replacingOccurrences(of: "CSeq: 2 BYE", with: "CSeq: 4 BYE"),
                                         family: .ipv4, localPort: port + 6, pbxPort: port, keys: ["rtpport": "\(port + 10)"])
            #expect(caller.finish() == 0, "caller: \(caller.logs)\n\(pbx.log)")
            #expect(callee.finish() == 0, "callee: \(callee.logs)")
            #expect(pbx.log.contains("media now on hold"))
            #expect(pbx.log.contains("media now active"))
        }

        @Test("DTMF: SIP INFO and RFC 4733 from the caller reach the callee as RFC 4733 events")
        func dtmf() throws {
            let port = TestEnvironment.ports(20)
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000), name: "dtmf")
            defer { pbx.stop() }
            try Self.register("dev2", family: .ipv6, port: port + 4, pbxPort: port)
            let calleeMedia = try RTPCounter(family: .ipv6, port: port + 8)
            let callerMedia = try RTPCounter(family: .ipv4, port: port + 10)
            calleeMedia.start(limit: 30)
            callerMedia.start(limit: 30)
            let callee = try SIPpProcess(scenario: DialScenarios.callee(family: .ipv6), family: .ipv6, localPort: port + 4,
                                         pbxPort: port, keys: ["rtpport": "\(port + 8)"], uas: true)
            usleep(300_000)
            let caller = try SIPpProcess(scenario: DialScenarios.caller(exten: "2000", family: .ipv4, talk: 2500,
                                                                        middle: DialScenarios.info(digit: "5", cseq: 2))
                .replacingOccurrences(of: "CSeq: 2 BYE", with: "CSeq: 3 BYE"),
                                         family: .ipv4, localPort: port + 6, pbxPort: port, keys: ["rtpport": "\(port + 10)"])
            let callerLegPort = try #require(caller.pbxMediaPort(), "\(caller.logs)\n\(pbx.log)")
            usleep(500_000)
            callerMedia.sendEvent(code: 7, toPort: callerLegPort)
            #expect(caller.finish() == 0, "caller: \(caller.logs)\n\(pbx.log)")
            #expect(callee.finish() == 0, "callee: \(callee.logs)")
            let atCallee = calleeMedia.finish()
            _ = callerMedia.finish()
            #expect(atCallee.payloadTypes.contains(101), "\(atCallee)")
            #expect((atCallee.payloadFirstBytes[5] ?? 0) >= 3, "INFO digit 5 regenerated: \(atCallee)")
            #expect((atCallee.payloadFirstBytes[7] ?? 0) >= 3, "RFC 4733 digit 7 passed on: \(atCallee)")
            #expect(pbx.log.contains("DTMF '5' received"))
            #expect(pbx.log.contains("DTMF '7' received"))
        }
    }
}
