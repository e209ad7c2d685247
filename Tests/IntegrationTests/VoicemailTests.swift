import Foundation
import Testing

extension IntegrationSuite {
    @Suite("Voicemail with message-waiting indication")
    struct VoicemailTests {
        static let toneHz = 600.0

        static let extensions = """
            [default]
            exten => 8500,1,VoiceMail(100@default,u)
             same => n,NoOp(VMSTATUS=${VMSTATUS})
             same => n,Hangup()

            exten => 8501,1,VoiceMailMain(100@default)
             same => n,Hangup()

            """

        static let voicemail = """
            [general]
            format=wav
            maxmsg=100
            maxsecs=60
            minsecs=1

            [default]
            100 => 1234,Test User,test@example.com

            """

        static func files(port: Int) -> [String: String] {
            var files = Configs.dualStack(port: port, rtpStart: port + 1000)
            files["sip.conf"] = (files["sip.conf"] ?? "") + "\n[phone100]\ntype=friend\nhost=dynamic\ncontext=default\nmailbox=100@default\n"
            files["extensions.conf"] = extensions
            files["voicemail.conf"] = voicemail
            return files
        }

        /// Seconds of "extension 1 0 0 is unavailable", the instructions and the beep.
        static var greetingSeconds: Double {
            ["vm-theperson", "digits/1", "digits/0", "digits/0", "vm-isunavail", "vm-intro", "beep"].reduce(0) { total, name in
                let url = TestEnvironment.sounds.appendingPathComponent(name + ".ulaw")
                let bytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
                return total + Double(((bytes + 159) / 160) * 160) / 8000
            }
        }

        /// A SIPp call to 8500 that streams the tone from our RTP socket and
        /// hangs up `recordSeconds` after the beep.
        static func leaveMessage(family: LoopbackFamily, port: Int, directory: URL, recordSeconds: Double) throws -> Int32 {
            let media = try VoicemailMediaPeer(family: family, port: port + 6)
            defer { media.stop() }
            let holdMilliseconds = Int((greetingSeconds + recordSeconds) * 1000)
            let scenario = VoicemailScenarios.caller(exten: "8500", middle: VoicemailScenarios.pause(holdMilliseconds), pbxHangsUp: false)
            let sipp = try SIPpProcess(scenario: scenario, family: family, localPort: port + 4, pbxPort: port,
                                       keys: ["rtpport": "\(port + 6)"])
            guard let pbxMedia = sipp.pbxMediaPort() else { return -1 }
            media.sendTone(frequency: toneHz, seconds: greetingSeconds + recordSeconds + 1, toPort: pbxMedia)
            return sipp.finish()
        }

        /// The NewMsg column of `voicemail show users` for `mailbox` in `default`.
        static func newMessages(in output: String, mailbox: String) -> Int? {
            let prefix = "default".padding(toLength: 10, withPad: " ", startingAt: 0) + " " + mailbox.padding(toLength: 5, withPad: " ", startingAt: 0)
            guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else { return nil }
            return line.split(separator: " ").last.flatMap { Int($0) }
        }

        /// The largest amplitude at `frequency` over half-second windows.
        static func strongestWindow(of audio: ToneAnalysis.Audio, at frequency: Double) -> Double {
            stride(from: 0, to: max(0, audio.samples.count - 4000), by: 2000).map { start in
                ToneAnalysis.amplitude(of: ToneAnalysis.Audio(samples: Array(audio.samples[start..<start + 4000]), sampleRate: 8000),
                                       at: frequency)
            }.max() ?? 0
        }

        @Test("A message left in VoiceMail lights the phone; VoiceMailMain plays it, deletes it, and the light goes off",
              arguments: LoopbackFamily.allCases)
        func leaveListenDelete(family: LoopbackFamily) throws {
            let port = TestEnvironment.ports()
            let pbx = try PBXProcess(files: Self.files(port: port), name: "vm")
            defer { pbx.stop() }
            let phone = try MWIPhone(name: "phone100", family: family, port: port + 7, pbxPort: port)
            #expect(phone.register(), "REGISTER failed\n\(pbx.log)")
            #expect(phone.waitForNotify(containing: "Messages-Waiting: no") != nil, "no NOTIFY on REGISTER\n\(pbx.log)")

            let status = try Self.leaveMessage(family: family, port: port, directory: pbx.directory, recordSeconds: 3)
            #expect(status == 0, "sipp\n\(pbx.log)")
            let inbox = pbx.directory.appendingPathComponent("spool/voicemail/default/100/INBOX")
            let wav = inbox.appendingPathComponent("msg0000.wav")
            let audio = try ToneAnalysis.readWAV(Data(contentsOf: wav), name: "msg0000.wav")
            #expect(audio.sampleRate == 8000)
            #expect(audio.duration > 2.3 && audio.duration < 3.8, "duration \(audio.duration)")
            let tone = ToneAnalysis.amplitude(of: audio, at: Self.toneHz)
            let elsewhere = ToneAnalysis.amplitude(of: audio, at: 1000)
            #expect(tone > 1000 && tone > elsewhere * 10, "tone \(tone), at 1000 Hz \(elsewhere)")
            let text = try String(contentsOf: inbox.appendingPathComponent("msg0000.txt"), encoding: .utf8)
            #expect(text.contains("[message]"))
            #expect(text.contains("callerid=\"Caller\" <5551000>"), "\(text)")
            let duration = text.split(separator: "\n").first { $0.hasPrefix("duration=") }.flatMap { Int($0.dropFirst(9)) } ?? 0
            #expect((2...4).contains(duration), "\(text)")
            #expect(pbx.log.contains("VMSTATUS=SUCCESS") || pbx.log.contains("saved message 0"))

            let lit = phone.waitForNotify(containing: "Messages-Waiting: yes")
            #expect(lit?.contains("Voice-Message: 1/0 (0/0)") == true, "\(lit ?? "no NOTIFY")\n\(pbx.log)")
            #expect(lit?.contains("Event: message-summary") == true)
            #expect(lit?.contains("Message-Account: sip:100@") == true)
            let notifiesBefore = phone.notifies.count
            let users = try pbx.command("voicemail show users")
            #expect(users.output.contains("Context    Mbox  User                      Zone       NewMsg"), "\(users.output)")
            #expect(Self.newMessages(in: users.output, mailbox: "100") == 1, "\(users.output)")

            // VoiceMailMain: password, 1 (listen), 7 (delete), # (exit); the PBX hangs up.
            let media = try VoicemailMediaPeer(family: family, port: port + 6)
            defer { media.stop() }
            media.startReceiving()
            let middle = VoicemailScenarios.pause(1200)
                + VoicemailScenarios.infoDigits("1234#", exten: "8501", firstCSeq: 2)
                + VoicemailScenarios.pause(1500)
                + VoicemailScenarios.infoDigits("1", exten: "8501", firstCSeq: 10)
                + VoicemailScenarios.pause(6500)
                + VoicemailScenarios.infoDigits("7", exten: "8501", firstCSeq: 11)
                + VoicemailScenarios.pause(1500)
                + VoicemailScenarios.infoDigits("#", exten: "8501", firstCSeq: 12)
            let sipp = try SIPpProcess(scenario: VoicemailScenarios.caller(exten: "8501", middle: middle, pbxHangsUp: true),
                                       family: family, localPort: port + 4, pbxPort: port, keys: ["rtpport": "\(port + 6)"])
            let mainStatus = sipp.finish()
            #expect(mainStatus == 0, "sipp: \(sipp.logs)\n\(pbx.log)")
            let heard = media.heard
            let heardTone = Self.strongestWindow(of: heard, at: Self.toneHz)
            #expect(heard.duration > 5, "heard \(heard.duration) s")
            #expect(heardTone > 2500, "message tone in what the caller heard: \(heardTone)")
            #expect(!FileManager.default.fileExists(atPath: wav.path), "msg0000.wav still there")
            let dark = phone.waitForNotify(containing: "Messages-Waiting: no", skipping: notifiesBefore)
            #expect(dark?.contains("Voice-Message: 0/0 (0/0)") == true, "\(phone.notifies)\n\(pbx.log)")
            let after = try pbx.command("voicemail show users")
            #expect(Self.newMessages(in: after.output, mailbox: "100") == 0, "\(after.output)")
        }
    }
}
