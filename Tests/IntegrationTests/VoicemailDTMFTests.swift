import Foundation
import Testing

extension IntegrationSuite {
    @Suite("VoiceMailMain hears DTMF by RFC 4733 and inband")
    struct VoicemailDTMFTests {
        enum Method: String, CaseIterable, CustomStringConvertible {
            case rfc4733, inband
            var description: String { rawValue }
        }

        @Test("Logging in to VoiceMailMain and leaving with #", arguments: Method.allCases, LoopbackFamily.allCases)
        func login(method: Method, family: LoopbackFamily) throws {
            let port = TestEnvironment.ports()
            let pbx = try PBXProcess(files: VoicemailTests.files(port: port), name: "vm-dtmf")
            defer { pbx.stop() }
            let media = try VoicemailMediaPeer(family: family, port: port + 6)
            defer { media.stop() }
            let scenario = VoicemailScenarios.caller(exten: "8501", middle: "", pbxHangsUp: true,
                                                     telephoneEvent: method == .rfc4733)
            let sipp = try SIPpProcess(scenario: scenario, family: family, localPort: port + 4, pbxPort: port,
                                       keys: ["rtpport": "\(port + 6)"])
            let pbxMedia = try #require(sipp.pbxMediaPort())
            usleep(800_000)
            func press(_ digits: String) {
                for digit in digits {
                    switch method {
                    case .rfc4733:
                        media.sendDigit(digit, toPort: pbxMedia)
                        usleep(100_000)
                    case .inband:
                        media.sendInbandDigit(digit, toPort: pbxMedia)
                    }
                }
            }
            press("1234#")
            #expect(pbx.waitForLog("Voicemail: 100@default logged in", timeout: 8), "\(pbx.log)")
            let via = method == .rfc4733 ? "(RFC 4733" : "(inband"
            #expect(pbx.log.contains("DTMF '4' received on SIP/") && pbx.log.contains(via), "\(pbx.log)")
            usleep(500_000)
            press("#")
            // The PBX says goodbye and hangs up: SIPp's scenario ends with its BYE.
            #expect(sipp.finish(timeout: 20) == 0, "\(sipp.logs)\n\(pbx.log)")
        }
    }
}
