import Foundation
import Testing

extension IntegrationSuite {
    /// Playback serves a G.722 caller from the stored `.g722` file, and the
    /// console reports the translation matrix as codec modules come and go.
    @Suite("Codecs: G.722 playback and the translation matrix on the console")
    struct CodecPlaybackTests {
        @Test("a G.722-only caller hears hello-world.g722: PT 9, 160 bytes and 160 ticks per frame",
              arguments: LoopbackFamily.allCases)
        func g722Playback(family: LoopbackFamily) throws {
            let port = TestEnvironment.ports(20)
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000, sipExtra: "allow=g722"), name: "g722play")
            defer { pbx.stop() }
            let media = try RTPCounter(family: family, port: port + 10)
            media.start(limit: 20)
            let caller = try SIPpProcess(scenario: DialScenarios.caller(exten: "1000", family: family, talk: nil, codec: .g722),
                                         family: family, localPort: port + 6, pbxPort: port, keys: ["rtpport": "\(port + 10)"])
            #expect(caller.finish() == 0, "caller: \(caller.logs)\n\(pbx.log)")
            let report = media.finish()
            let stored = try Data(contentsOf: TestEnvironment.sounds.appendingPathComponent("hello-world.g722")).count
            let frames = (stored + 159) / 160
            #expect(report.payloadTypes == [9])
            #expect(report.packets >= frames - 2 && report.packets <= frames + 2, "packets \(report.packets), expected about \(frames)")
            #expect(report.payloads.allSatisfy { $0.count == 160 })
            #expect(report.timestampSteps == [160])
        }

        @Test("an offer with no codec the PBX allows gets 488", arguments: LoopbackFamily.allCases)
        func noCommonCodec(family: LoopbackFamily) throws {
            let port = TestEnvironment.ports(20)
            // [general] allows ulaw and alaw only; the caller offers only G.722.
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000), name: "g722refused")
            defer { pbx.stop() }
            let caller = try SIPpProcess(scenario: DialScenarios.caller(exten: "1000", family: family, talk: nil, expect: 488, codec: .g722),
                                         family: family, localPort: port + 6, pbxPort: port, keys: ["rtpport": "\(port + 10)"])
            #expect(caller.finish() == 0, "caller: \(caller.logs)\n\(pbx.log)")
            #expect(!pbx.log.contains("Executing [1000@default:1]"))
        }

        @Test("core show translation and core show codecs follow module unload and load")
        func consoleMatrix() throws {
            let port = TestEnvironment.ports(20)
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000), name: "matrix")
            defer { pbx.stop() }
            let table = try pbx.command("core show translation")
            #expect(table.status == 0)
            #expect(table.output.contains("Translation times between formats (in microseconds) for one second of data"))
            let g722Row = table.output.split(separator: "\n").first { $0.hasPrefix("g722 ") }
            #expect(g722Row != nil, "\(table.output)")
            let codecs = try pbx.command("core show codecs")
            #expect(codecs.output.contains("9 G722/8000") && codecs.output.contains("opus/48000/2"), "\(codecs.output)")

            let unload = try pbx.command("module unload codec_g722")
            #expect(unload.status == 0, "\(unload.output)")
            let without = try pbx.command("core show translation")
            #expect(!without.output.split(separator: "\n").contains { $0.hasPrefix("g722 ") }, "\(without.output)")
            #expect(try pbx.command("core show codecs").output.contains("(no translator loaded)"))

            #expect(try pbx.command("module load codec_g722").status == 0)
            #expect(try pbx.command("core show translation").output.split(separator: "\n").contains { $0.hasPrefix("g722 ") })
        }
    }
}
