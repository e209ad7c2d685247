import Foundation
import Testing

extension IntegrationSuite {
    @Suite("baresip phones")
    struct BaresipTests {
        /// What the caller plays and the callee must hear, and the other way round.
        static let callerTone = 1000.0
        static let calleeTone = 600.0
        /// Frequencies whose energy a received tone must dwarf.
        static let probes = [600.0, 1000.0, 1400.0, 2000.0]
        /// Peak amplitude a received tone must reach; it is sent at 8000.
        static let amplitudeFloor = 2000.0

        @Test("a tone one baresip plays is heard at its frequency by the other, both ways through Dial",
              arguments: [(LoopbackFamily.ipv4, LoopbackFamily.ipv6), (.ipv6, .ipv4)])
        func toneThroughDial(callerFamily: LoopbackFamily, calleeFamily: LoopbackFamily) throws {
            try #require(ToolRunner.isInstalled("baresip"), "baresip is not installed: scripts/install-deps.sh test")
            let port = TestEnvironment.ports(30)
            // baresip 1.0.0 (libre 1.x) fails a 401 that offers any digest
            // algorithm besides MD5, even alongside an MD5 challenge.
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000, digest: "md5"), name: "baresip")
            defer { pbx.stop() }
            let calleeAccount = Baresip.Account(user: "dev2", secret: "dev2pass", family: calleeFamily, sipPort: port + 6,
                                                rtpPorts: (port + 16)...(port + 21), pbxPort: port, autoAnswer: true)
            let callee = try Baresip(name: "callee", account: calleeAccount,
                                     source: ToneAnalysis.sine(frequency: Self.calleeTone, seconds: 3))
            defer { callee.stop() }
            let callerAccount = Baresip.Account(user: "dev1", secret: "dev1pass", family: callerFamily, sipPort: port + 4,
                                                rtpPorts: (port + 10)...(port + 15), pbxPort: port)
            let caller = try Baresip(name: "caller", account: callerAccount,
                                     source: ToneAnalysis.sine(frequency: Self.callerTone, seconds: 3))
            defer { caller.stop() }

            let peers = Self.waitForRegistrations(pbx, contacts: ["dev1/dev1": "\(callerFamily.uriHost):\(port + 4)",
                                                                  "dev2/dev2": "\(calleeFamily.uriHost):\(port + 6)"])
            try #require(peers.registered, "phones did not register: \(peers.output)\n\(caller.log)\n\(callee.log)")

            caller.dial("2000", family: callerFamily, pbxPort: port)
            #expect(caller.waitForLog("Call established"), "caller: \(caller.log)\n\(pbx.log)")
            #expect(callee.waitForLog("Call established"), "callee: \(callee.log)\n\(pbx.log)")
            // Each phone hangs up when its source file ends (after 3 s); the other gets the BYE.
            #expect(caller.waitForLog("terminated", timeout: 15), "caller: \(caller.log)")
            #expect(callee.waitForLog("terminated", timeout: 10), "callee: \(callee.log)")
            caller.stop()
            callee.stop()

            let heardByCallee = try callee.receivedAudio()
            let heardByCaller = try caller.receivedAudio()
            Self.expectTone(Self.callerTone, in: heardByCallee, at: "callee")
            Self.expectTone(Self.calleeTone, in: heardByCaller, at: "caller")
            #expect(Self.waitForNoChannels(pbx), "\(pbx.log)")
        }

        /// Polls `sip show peers` (at most ~10 s) until every peer name's line shows its contact.
        private static func waitForRegistrations(_ pbx: PBXProcess, contacts: [String: String]) -> (registered: Bool, output: String) {
            var output = ""
            for _ in 0..<50 {
                output = (try? pbx.command("sip show peers").output) ?? ""
                let lines = output.split(separator: "\n")
                let registered = contacts.allSatisfy { peer, contact in
                    lines.contains { $0.hasPrefix(peer + " ") && $0.contains(contact) }
                }
                if registered { return (true, output) }
                usleep(200_000)
            }
            return (false, output)
        }

        /// Polls `core show channels` (at most ~5 s) until the PBX holds no call.
        private static func waitForNoChannels(_ pbx: PBXProcess) -> Bool {
            for _ in 0..<25 {
                if let result = try? pbx.command("core show channels"), result.output.hasSuffix("0 active calls\n") { return true }
                usleep(200_000)
            }
            return false
        }

        /// The received audio lasts most of the call and carries `frequency`
        /// loudly, with at least ten times the energy of any other probe.
        private static func expectTone(_ frequency: Double, in audio: ToneAnalysis.Audio, at phone: String) {
            #expect(audio.sampleRate == 8000, "\(phone) recorded at \(audio.sampleRate) Hz")
            #expect(audio.duration >= 1.5, "\(phone) recorded only \(audio.duration) s")
            let amplitude = ToneAnalysis.amplitude(of: audio, at: frequency)
            #expect(amplitude >= amplitudeFloor, "\(phone): \(frequency) Hz at amplitude \(amplitude)")
            let energy = amplitude * amplitude
            for other in probes where other != frequency {
                let otherEnergy = ToneAnalysis.energy(of: audio, at: other)
                #expect(energy >= 10 * otherEnergy, "\(phone): \(frequency) Hz energy \(energy), \(other) Hz energy \(otherEnergy)")
            }
        }
    }
}
