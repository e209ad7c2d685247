import Foundation
import Testing

extension IntegrationSuite {
    @Suite("The sound-card channel on ALSA plugins (Console/dsp)")
    struct ConsoleChannelTests {
        private static func files(port: Int, devices: ALSATestDevices) -> [String: String] {
            var files = Configs.dualStack(port: port, rtpStart: port + 1000)
            // Configs.extensions ends inside [default].
            files["extensions.conf"] = Configs.extensions + """
                exten => 3000,1,Dial(Console/dsp,20)
                 same => n,Hangup()

                """
            files["alsa.conf"] = devices.alsaConf()
            return files
        }

        /// Waits until `core show channels` ends with `0 active calls` (at most `timeout` s).
        private static func waitForNoCalls(_ pbx: PBXProcess, timeout: TimeInterval = 10) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if let result = try? pbx.command("core show channels"), result.output.hasSuffix("0 active calls\n") { return true }
                usleep(200_000)
            }
            return false
        }

        @Test("console dial 1000 over -rx plays hello-world on the ALSA output, sample for sample")
        func consoleDialPlaysHelloWorld() throws {
            let port = TestEnvironment.ports()
            let devices = try ALSATestDevices(inputSamples: [Int16](repeating: 0, count: 8000))
            let pbx = try PBXProcess(files: Self.files(port: port, devices: devices), name: "alsadial", environment: devices.environment)
            defer { pbx.stop() }
            #expect(pbx.waitForLog("Console channel ready"), "\(pbx.log)")

            let dial = try pbx.command("console dial 1000")
            let dialed = Date()
            #expect(dial.status == 0, "\(dial.output)")
            #expect(dial.output.contains("Dialing 1000@default on Console/dsp-"), "\(dial.output)")
            let channels = try pbx.command("core show channels")
            #expect(channels.output.contains("Console/dsp-"), "\(channels.output)")
            #expect(channels.output.contains("1000@default"), "\(channels.output)")
            #expect(channels.output.hasSuffix("1 active call\n"), "\(channels.output)")
            // During a call, console dial sends digits (chan_alsa's way), it places no second call.
            let digits = try pbx.command("console dial 1000")
            #expect(digits.output.contains("Sent DTMF '1000' on Console/dsp-"), "\(digits.output)")

            #expect(Self.waitForNoCalls(pbx), "\(pbx.log)")
            // Paced by the (clock-driven) device: the 1.07 s sound is not dumped at once.
            #expect(Date().timeIntervalSince(dialed) > 0.7)
            devices.waitForPlayedToSettle()
            let reference = try ToneAnalysis.readWAV(Data(contentsOf: TestEnvironment.sounds.appendingPathComponent("hello-world.wav")))
            let played = devices.played
            #expect(played.samples.count >= reference.samples.count, "played \(played.samples.count) samples")
            // The whole call lasts about as long as the sound: paced, not dumped at once.
            #expect(played.samples.count < reference.samples.count + 8000, "played \(played.samples.count) samples")
            let match = ToneAnalysis.bestCorrelation(of: reference.samples, in: played.samples, maximumLag: 2400)
            #expect(match.value > 0.99, "correlation \(match.value) at lag \(match.lag)")
            #expect(pbx.log.contains("Executing [1000@default:2] Playback"))
        }

        @Test("console commands with nothing to act on fail; a broken alsa.conf on reload keeps the last good one")
        func consoleCommandsWithoutCall() throws {
            let port = TestEnvironment.ports()
            let devices = try ALSATestDevices(inputSamples: [])
            let pbx = try PBXProcess(files: Self.files(port: port, devices: devices), name: "alsacmd", environment: devices.environment)
            defer { pbx.stop() }
            let missing = try pbx.command("console dial 9999@default")
            #expect(missing.status != 0)
            #expect(missing.output.contains("No such extension '9999' in context 'default'"), "\(missing.output)")
            let answer = try pbx.command("console answer")
            #expect(answer.status != 0)
            #expect(answer.output.contains("No one is calling us"))
            let hangup = try pbx.command("console hangup")
            #expect(hangup.status != 0)
            #expect(hangup.output.contains("No call to hang up"))
            let modules = try pbx.command("module show like chan_alsa")
            #expect(modules.output.contains("ALSA Console Channel Driver"), "\(modules.output)")

            // A broken alsa.conf on reload keeps the previous configuration and says why.
            let alsaConf = pbx.directory.appendingPathComponent("alsa.conf")
            try (devices.alsaConf() + "autoanswer=perhaps\n").write(to: alsaConf, atomically: true, encoding: .utf8)
            let broken = try pbx.command("module reload chan_alsa")
            #expect(broken.status != 0)
            #expect(broken.output.contains("autoanswer must be yes or no 'perhaps'"), "\(broken.output)")
            #expect(broken.output.contains("keeping the previous console configuration"), "\(broken.output)")
            // A good one takes effect for the next call: `console dial` with no number uses its extension.
            try devices.alsaConf(extension: "1001").write(to: alsaConf, atomically: true, encoding: .utf8)
            let reloaded = try pbx.command("module reload chan_alsa")
            #expect(reloaded.status == 0, "\(reloaded.output)")
            let dial = try pbx.command("console dial")
            #expect(dial.output.contains("Dialing 1001@default"), "\(dial.output)")
            let hangup2 = try pbx.command("console hangup")
            #expect(hangup2.status == 0, "\(hangup2.output)")
            #expect(Self.waitForNoCalls(pbx), "\(pbx.log)")
        }

        @Test("A SIP call to Dial(Console/dsp) with autoanswer carries audio both ways", arguments: LoopbackFamily.allCases)
        func sipCallToConsole(family: LoopbackFamily) throws {
            let port = TestEnvironment.ports()
            let microphoneTone = 1400.0
            let phoneTone = 600.0
            let devices = try ALSATestDevices(inputSamples: ToneAnalysis.sine(frequency: microphoneTone, seconds: 10).samples)
            let pbx = try PBXProcess(files: Self.files(port: port, devices: devices), name: "alsasip", environment: devices.environment)
            defer { pbx.stop() }
            #expect(pbx.waitForLog("Console channel ready"), "\(pbx.log)")

            let rtpPort = port + 6
            let phone = try RTPAudioPeer(family: family, port: rtpPort)
            phone.startListening()
            let caller = try SIPpProcess(scenario: DialScenarios.caller(exten: "3000", family: family, talk: 3000), family: family,
                                         localPort: port + 4, pbxPort: port, keys: ["rtpport": "\(rtpPort)"])
            let pbxMediaPort = try #require(caller.pbxMediaPort(), "\(caller.logs)\n\(pbx.log)")
            phone.startTalking(frequency: phoneTone, seconds: 2.5, toPort: pbxMediaPort)
            #expect(pbx.waitForLog("Auto-answered"), "\(pbx.log)")
            let channels = try pbx.command("core show channels")
            #expect(channels.output.contains("Console/dsp-"), "\(channels.output)")
            let unload = try pbx.command("module unload chan_alsa")
            #expect(unload.status != 0, "unload under a live console call: \(unload.output)")
            #expect(unload.output.contains("in use"), "\(unload.output)")

            #expect(caller.finish() == 0, "\(caller.logs)\n\(pbx.log)")
            let heard = phone.finish()
            #expect(Self.waitForNoCalls(pbx), "\(pbx.log)")
            devices.waitForPlayedToSettle()

            // ALSA output: the phone's tone, clearly above the microphone's.
            let played = devices.played
            #expect(played.duration > 1.5, "played \(played.duration) s")
            let toneOnSpeaker = ToneAnalysis.amplitude(of: played, at: phoneTone)
            #expect(toneOnSpeaker > 2000, "phone tone on the speaker: \(toneOnSpeaker)")
            #expect(toneOnSpeaker > 10 * ToneAnalysis.amplitude(of: played, at: microphoneTone))

            // SIP side: the microphone's tone, decoded from the RTP the PBX sent.
            #expect(heard.packets > 100, "RTP packets from the console: \(heard.packets)")
            let toneAtPhone = ToneAnalysis.amplitude(of: heard.audio, at: microphoneTone)
            #expect(toneAtPhone > 4000, "microphone tone at the phone: \(toneAtPhone)")
            #expect(toneAtPhone > 10 * ToneAnalysis.amplitude(of: heard.audio, at: phoneTone))
            #expect(pbx.log.contains("<< Hangup on console >>"), "\(pbx.log)")
        }

        @Test("Without autoanswer the console rings until console answer; console hangup ends the SIP call with a BYE")
        func consoleAnswerAndHangup() throws {
            let port = TestEnvironment.ports()
            let devices = try ALSATestDevices(inputSamples: [])
            var files = Self.files(port: port, devices: devices)
            files["alsa.conf"] = devices.alsaConf(autoanswer: false)
            let pbx = try PBXProcess(files: files, name: "alsaanswer", environment: devices.environment)
            defer { pbx.stop() }
            let phone = try RTPAudioPeer(family: .ipv4, port: port + 6)
            phone.startListening()
            let caller = try SIPpProcess(scenario: DialScenarios.caller(exten: "3000", family: .ipv4, talk: nil), family: .ipv4,
                                         localPort: port + 4, pbxPort: port, keys: ["rtpport": "\(port + 6)"])
            #expect(pbx.waitForLog("Type 'console answer' to answer"), "\(pbx.log)")
            let ringing = try pbx.command("core show channels")
            #expect(ringing.output.contains("Ringing"), "\(ringing.output)")
            let answer = try pbx.command("console answer")
            #expect(answer.status == 0, "\(answer.output)")
            #expect(caller.pbxMediaPort() != nil, "\(caller.logs)")
            let again = try pbx.command("console answer")
            #expect(again.status != 0, "answering an answered call: \(again.output)")
            usleep(500_000)
            let hangup = try pbx.command("console hangup")
            #expect(hangup.status == 0, "\(hangup.output)")
            #expect(caller.finish(timeout: 10) == 0, "the phone gets a BYE: \(caller.logs)\n\(pbx.log)")
            #expect(Self.waitForNoCalls(pbx), "\(pbx.log)")
            #expect(phone.finish().packets > 10)
            #expect(pbx.log.contains("Console/dsp-"))
        }

        @Test("A missing ALSA device or alsa.conf: chan_alsa does not load, says why, and the PBX runs on")
        func missingDevice() throws {
            let port = TestEnvironment.ports()
            let devices = try ALSATestDevices(inputSamples: [])
            var files = Self.files(port: port, devices: devices)
            files["alsa.conf"] = "[general]\ninput_device=nosuchpcm\noutput_device=pbxout\n"
            let pbx = try PBXProcess(files: files, name: "alsamissing", environment: devices.environment)
            defer { pbx.stop() }
            #expect(pbx.waitForLog("Module not loaded: chan_alsa: cannot use ALSA capture device 'nosuchpcm' (open)"), "\(pbx.log)")
            #expect(!pbx.log.contains("ALSA lib "), "libasound's own printing is off")
            let modules = try pbx.command("module show like chan_alsa")
            #expect(modules.output.contains("0 modules loaded"), "\(modules.output)")
            let dial = try pbx.command("console dial 1000")
            #expect(dial.status != 0)
            // The rest of the PBX works: a SIP call to hello-world.
            let call = try SIPp.run(SIPpScenario.callReceivingBye(extension: "1000", family: .ipv4), family: .ipv4,
                                    localPort: port + 4, pbxPort: port, keys: ["rtpport": "\(port + 6)"])
            #expect(call.status == 0, "\(call.output)\n\(pbx.log)")

            // No alsa.conf at all: the module declines, naming the file.
            files["alsa.conf"] = nil
            let bare = try PBXProcess(files: files, name: "alsanoconf", environment: devices.environment)
            defer { bare.stop() }
            #expect(bare.waitForLog("Unable to read ALSA configuration file"), "\(bare.log)")
        }

        @Test("console dial 2000 rings a SIP phone through Dial: audio both ways, console hangup sends the BYE",
              arguments: LoopbackFamily.allCases)
        func consoleCallsSIPPhone(family: LoopbackFamily) throws {
            let port = TestEnvironment.ports(20)
            let microphoneTone = 1400.0
            let phoneTone = 600.0
            let devices = try ALSATestDevices(inputSamples: ToneAnalysis.sine(frequency: microphoneTone, seconds: 10).samples)
            let pbx = try PBXProcess(files: Self.files(port: port, devices: devices), name: "alsaout", environment: devices.environment)
            defer { pbx.stop() }
            #expect(pbx.waitForLog("Console channel ready"), "\(pbx.log)")
            let registered = try SIPp.run(SIPpScenario.register(user: "dev2", secret: "dev2pass", expecting: 200),
                                          family: family, localPort: port + 4, pbxPort: port)
            #expect(registered.status == 0, "register dev2: \(registered.output)")

            let phone = try RTPAudioPeer(family: family, port: port + 8)
            phone.startListening()
            let callee = try SIPpProcess(scenario: DialScenarios.callee(family: family), family: family,
                                         localPort: port + 4, pbxPort: port, keys: ["rtpport": "\(port + 8)"], uas: true)
            usleep(300_000)
            let dial = try pbx.command("console dial 2000")
            #expect(dial.status == 0, "\(dial.output)")
            let legPort = try #require(callee.pbxMediaPort(), "callee never got the INVITE: \(callee.logs)\n\(pbx.log)")
            phone.startTalking(frequency: phoneTone, seconds: 2, toPort: legPort)
            usleep(1_000_000)
            let digits = try pbx.command("console dial 5#")
            #expect(digits.status == 0, "\(digits.output)")
            usleep(1_500_000)
            let hangup = try pbx.command("console hangup")
            #expect(hangup.status == 0, "\(hangup.output)")
            #expect(callee.finish(timeout: 10) == 0, "the phone gets a BYE: \(callee.logs)\n\(pbx.log)")
            let heard = phone.finish()
            #expect(Self.waitForNoCalls(pbx), "\(pbx.log)")
            devices.waitForPlayedToSettle()

            let played = devices.played
            let toneOnSpeaker = ToneAnalysis.amplitude(of: played, at: phoneTone)
            #expect(toneOnSpeaker > 2000, "phone tone on the speaker: \(toneOnSpeaker)")
            #expect(toneOnSpeaker > 10 * ToneAnalysis.amplitude(of: played, at: microphoneTone))
            let toneAtPhone = ToneAnalysis.amplitude(of: heard.audio, at: microphoneTone)
            #expect(heard.packets > 50, "RTP packets from the console: \(heard.packets)")
            #expect(toneAtPhone > 4000, "microphone tone at the phone: \(toneAtPhone)")
            #expect(heard.eventPackets >= 6, "two digits as RFC 4733 events: \(heard.eventPackets) packets")
        }
    }
}
