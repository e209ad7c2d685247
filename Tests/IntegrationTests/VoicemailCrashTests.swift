import Foundation
import Testing

extension IntegrationSuite {
    @Suite("Voicemail survives a crash")
    struct VoicemailCrashTests {
        /// Config files for a PBX whose spool and data live in `shared`, so a
        /// second PBX started after the first one finds them.
        static func files(port: Int, shared: URL, run: String) -> [String: String] {
            var files = VoicemailTests.files(port: port)
            files["swiftpbx.conf"] = """
                [directories]
                rundir => \(shared.path)/\(run)
                spooldir => \(shared.path)/spool
                datadir => \(shared.path)/data
                sounddir => \(TestEnvironment.sounds.path)

                """
            return files
        }

        static func newMessages(_ pbx: PBXProcess) -> Int? {
            (try? pbx.command("voicemail show users")).flatMap { VoicemailTests.newMessages(in: $0.output, mailbox: "100") }
        }

        @Test("kill -9 during a recording leaves earlier messages intact and the index consistent on restart",
              arguments: LoopbackFamily.allCases)
        func killDuringRecording(family: LoopbackFamily) throws {
            let port = TestEnvironment.ports()
            let shared = try TestEnvironment.temporaryDirectory("vm-crash")
            defer { try? FileManager.default.removeItem(at: shared) }
            let mailbox = shared.appendingPathComponent("spool/voicemail/default/100")
            let inbox = mailbox.appendingPathComponent("INBOX")

            let first = try PBXProcess(files: Self.files(port: port, shared: shared, run: "run1"), name: "vm-crash")
            defer { first.stop() }
            let status = try VoicemailTests.leaveMessage(family: family, port: port, directory: first.directory, recordSeconds: 2)
            #expect(status == 0, "\(first.log)")
            let wavBefore = try Data(contentsOf: inbox.appendingPathComponent("msg0000.wav"))
            let txtBefore = try Data(contentsOf: inbox.appendingPathComponent("msg0000.txt"))

            // A second message, killed while it records.
            let media = try VoicemailMediaPeer(family: family, port: port + 6)
            let scenario = VoicemailScenarios.caller(exten: "8500", middle: VoicemailScenarios.pause(30_000), pbxHangsUp: false)
            let sipp = try SIPpProcess(scenario: scenario, family: family, localPort: port + 4, pbxPort: port,
                                       keys: ["rtpport": "\(port + 6)"])
            let pbxMedia = try #require(sipp.pbxMediaPort())
            let sender = Thread { media.sendTone(frequency: VoicemailTests.toneHz, seconds: 25, toPort: pbxMedia) }
            sender.start()
            var recording = false
            for _ in 0..<300 where !recording {
                recording = first.log.components(separatedBy: "Voicemail: recording message").count - 1 >= 2
                usleep(50_000)
            }
            #expect(recording, "\(first.log)")
            usleep(1_500_000)
            kill(first.process.processIdentifier, SIGKILL)
            first.process.waitUntilExit()
            media.stop()
            _ = sipp.finish(timeout: 0.5)
            let unfinished = (try? FileManager.default.contentsOfDirectory(atPath: mailbox.appendingPathComponent("tmp").path)) ?? []
            #expect(unfinished.contains { $0.hasPrefix("rec-") }, "no recording was in progress: \(unfinished)")

            let second = try PBXProcess(files: Self.files(port: port, shared: shared, run: "run2"), name: "vm-restart")
            #expect(try Data(contentsOf: inbox.appendingPathComponent("msg0000.wav")) == wavBefore)
            #expect(try Data(contentsOf: inbox.appendingPathComponent("msg0000.txt")) == txtBefore)
            let names = try FileManager.default.contentsOfDirectory(atPath: inbox.path).sorted()
            #expect(names == ["msg0000.txt", "msg0000.wav"], "\(names)")
            #expect(Self.newMessages(second) == 1)
            #expect(second.log.contains("removed 1 unfinished recording"), "\(second.log)")
            let left = (try? FileManager.default.contentsOfDirectory(atPath: mailbox.appendingPathComponent("tmp").path)) ?? []
            #expect(left.isEmpty, "\(left)")
            second.stop()

            // An index that is gone is rebuilt from the spool.
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(at: shared.appendingPathComponent("data/voicemail.sqlite3" + suffix))
            }
            let third = try PBXProcess(files: Self.files(port: port, shared: shared, run: "run3"), name: "vm-rebuild")
            defer { third.stop() }
            #expect(third.log.contains("rebuilt from the spool"), "\(third.log)")
            #expect(Self.newMessages(third) == 1)
        }
    }
}
