import Foundation
import Testing

extension IntegrationSuite {
    @Suite("BYE from the caller, CANCEL before the answer")
    struct CallControlTests {
        @Test("the caller's BYE ends the call: 200, the channel gone, h runs", arguments: LoopbackFamily.allCases)
        func callerBye(family: LoopbackFamily) throws {
            let port = TestEnvironment.ports()
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000), name: "bye")
            defer { pbx.stop() }
            let result = try SIPp.run(SIPpScenario.callerHangsUp(extension: "1001"), family: family, localPort: port + 4,
                                      pbxPort: port, keys: ["rtpport": "\(port + 6)"])
            #expect(result.status == 0, "\(result.output)")
            #expect(pbx.waitForLog("Executing [1001@default:2] Wait"))
            // Wait(3) was cut short by the BYE after one second.
            #expect(!pbx.log.contains("Executing [1001@default:3] Hangup"), "\(pbx.log)")
            #expect(pbx.waitForLog("Executing [h@default:1] NoOp"))
            let channels = try pbx.command("core show channels")
            #expect(channels.output.hasSuffix("0 active calls\n"), "\(channels.output)")
        }

        @Test("CANCEL before the answer: 200 to CANCEL, 487 to the INVITE", arguments: LoopbackFamily.allCases)
        func cancelBeforeAnswer(family: LoopbackFamily) throws {
            let port = TestEnvironment.ports()
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000), name: "cancel")
            defer { pbx.stop() }
            let result = try SIPp.run(SIPpScenario.callerCancels(extension: "1002"), family: family, localPort: port + 4,
                                      pbxPort: port, keys: ["rtpport": "\(port + 6)"])
            #expect(result.status == 0, "\(result.output)")
            #expect(pbx.waitForLog("Executing [1002@default:1] Wait"))
            #expect(!pbx.log.contains("Executing [1002@default:2] Answer"))
            let channels = try pbx.command("core show channels")
            #expect(channels.output.hasSuffix("0 active calls\n"), "\(channels.output)")
        }
    }
}
