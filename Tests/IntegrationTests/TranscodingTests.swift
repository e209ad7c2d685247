import Foundation
import PBXCore
import Testing

extension IntegrationSuite {
    /// Phones with no codec in common talk through the PBX: a caller offering
    /// only PCMA dials a callee allowing only PCMU, G.722 or Opus. Each side
    /// sends a tone encoded with the project's own encoders; what arrives is
    /// decoded and must hold the tone at its frequency.
    @Suite("Transcoding: callers and callees with no codec in common")
    struct TranscodingTests {
        struct Callee: Sendable, CustomStringConvertible {
            let allow: String
            let codec: SDPCodec
            let format: AudioFormat
            var description: String { allow }
        }

        static let callees: [Callee] = [
            Callee(allow: "ulaw", codec: .pcmu, format: .ulaw),
            Callee(allow: "g722", codec: .g722, format: .g722),
            Callee(allow: "opus", codec: .opus, format: .opus),
        ]

        /// 1.5 s of a tone in `format`, 20 ms per packet.
        static func tonePackets(_ frequency: Double, format: AudioFormat) throws -> [[UInt8]] {
            let matrix = TranslationMatrix.withBuiltinCodecs()
            let linear: AudioFormat = format.sampleRate == 8000 ? .slin : .slin16
            let chain = try #require(matrix.makeChain(from: linear, to: format))
            let perFrame = linear.sampleRate / 50
            return (0..<75).map { frame in
                let samples = (0..<perFrame).map { index in
                    Int16(8000 * sin(2 * Double.pi * frequency * Double(frame * perFrame + index) / Double(linear.sampleRate)))
                }
                var encoded: [UInt8] = []
                samples.withUnsafeBytes { chain.convert($0, into: &encoded) }
                return encoded
            }
        }

        /// Decodes received payloads to signed linear and measures the tone.
        static func decodedTone(_ payloads: [[UInt8]], format: AudioFormat, at frequency: Double) throws -> (tone: Double, other: Double) {
            let matrix = TranslationMatrix.withBuiltinCodecs()
            let chain = try #require(matrix.makeChain(from: format, to: .slin))
            var linear: [UInt8] = []
            for payload in payloads { payload.withUnsafeBytes { chain.convert($0, into: &linear) } }
            let samples = stride(from: 0, to: linear.count - 1, by: 2).map {
                Double(Int16(bitPattern: UInt16(linear[$0]) | UInt16(linear[$0 + 1]) << 8))
            }
            // Skip the first 200 ms (codec and resampler start-up).
            let steady = Array(samples.dropFirst(1600))
            func power(_ frequency: Double) -> Double {
                let coefficient = 2 * cos(2 * Double.pi * frequency / 8000)
                var previous = 0.0, beforePrevious = 0.0
                for sample in steady {
                    let current = sample + coefficient * previous - beforePrevious
                    beforePrevious = previous
                    previous = current
                }
                return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
            }
            return (power(frequency), power(frequency * 1.37))
        }

        @Test("PCMA caller, callee with one other codec: connects, audio both ways, tones at their frequency",
              arguments: [LoopbackFamily.ipv4, .ipv6], callees)
        func pcmaCallerReachesCallee(family: LoopbackFamily, callee: Callee) throws {
            let port = TestEnvironment.ports(20)
            var files = Configs.dualStack(port: port, rtpStart: port + 1000)
            files["sip.conf"] = files["sip.conf"]?.replacingOccurrences(
                of: "[dev2](phone)\nsecret=dev2pass\n", with: "[dev2](phone)\nsecret=dev2pass\ndisallow=all\nallow=\(callee.allow)\n")
            #expect(files["sip.conf"]?.contains("allow=\(callee.allow)\n") == true)
            let pbx = try PBXProcess(files: files, name: "transcode-\(callee.allow)")
            defer { pbx.stop() }
            let registration = try SIPp.run(SIPpScenario.register(user: "dev2", secret: "dev2pass", expecting: 200),
                                            family: family, localPort: port + 4, pbxPort: port)
            #expect(registration.status == 0, "register dev2: \(registration.output)")

            let calleeMedia = try RTPCounter(family: family, port: port + 8)
            let callerMedia = try RTPCounter(family: family, port: port + 10)
            calleeMedia.start(limit: 30)
            callerMedia.start(limit: 30)
            let calleeSIPp = try SIPpProcess(scenario: DialScenarios.callee(family: family, codec: callee.codec), family: family,
                                             localPort: port + 4, pbxPort: port, keys: ["rtpport": "\(port + 8)"], uas: true)
            usleep(300_000)
            let callerSIPp = try SIPpProcess(scenario: DialScenarios.caller(exten: "2000", family: family, talk: 3000, codec: .pcma),
                                             family: family, localPort: port + 6, pbxPort: port, keys: ["rtpport": "\(port + 10)"])
            let calleeLegPort = try #require(calleeSIPp.pbxMediaPort(), "callee never got the INVITE: \(calleeSIPp.logs)\n\(pbx.log)")
            let callerLegPort = try #require(callerSIPp.pbxMediaPort(), "caller never got the 200: \(callerSIPp.logs)\n\(pbx.log)")

            // Caller sends 1 kHz in PCMA; callee sends 600 Hz in its own codec.
            let callerTone = try Self.tonePackets(1000, format: .alaw)
            let calleeTone = try Self.tonePackets(600, format: callee.format)
            let ticks = callee.format.rtpTicks(samples: callee.format.samples(milliseconds: 20))
            let sender = Thread { callerMedia.sendPayloads(callerTone, payloadType: 8, ticks: 160, toPort: callerLegPort) }
            sender.start()
            calleeMedia.sendPayloads(calleeTone, payloadType: UInt8(callee.codec.payloadType), ticks: ticks, toPort: calleeLegPort)

            #expect(callerSIPp.finish() == 0, "caller: \(callerSIPp.logs)\n\(pbx.log)")
            #expect(calleeSIPp.finish() == 0, "callee: \(calleeSIPp.logs)")
            let atCallee = calleeMedia.finish()
            let atCaller = callerMedia.finish()
            #expect(atCallee.packets >= 60, "callee got \(atCallee.packets) packets")
            #expect(atCaller.packets >= 60, "caller got \(atCaller.packets) packets")
            #expect(atCallee.payloadTypes == [UInt8(callee.codec.payloadType)], "callee got \(atCallee.payloadTypes)")
            #expect(atCaller.payloadTypes == [8], "caller got \(atCaller.payloadTypes)")

            let heardByCallee = try Self.decodedTone(atCallee.payloads, format: callee.format, at: 1000)
            let heardByCaller = try Self.decodedTone(atCaller.payloads, format: .alaw, at: 600)
            #expect(heardByCallee.tone > 100 * heardByCallee.other, "1 kHz at the callee: \(heardByCallee)")
            #expect(heardByCaller.tone > 100 * heardByCaller.other, "600 Hz at the caller: \(heardByCaller)")
        }
    
        @Test("a re-INVITE to the callee's codec ends the transcoding: the caller's leg moves to PCMU",
              arguments: [LoopbackFamily.ipv4, .ipv6])
        func reinviteToTheSameCodec(family: LoopbackFamily) throws {
            let port = TestEnvironment.ports(20)
            var files = Configs.dualStack(port: port, rtpStart: port + 1000)
            files["sip.conf"] = files["sip.conf"]?.replacingOccurrences(
                of: "[dev2](phone)\nsecret=dev2pass\n", with: "[dev2](phone)\nsecret=dev2pass\ndisallow=all\nallow=ulaw\n")
            let pbx = try PBXProcess(files: files, name: "transcode-reinvite")
            defer { pbx.stop() }
            let registration = try SIPp.run(SIPpScenario.register(user: "dev2", secret: "dev2pass", expecting: 200),
                                            family: family, localPort: port + 4, pbxPort: port)
            #expect(registration.status == 0, "register dev2: \(registration.output)")
            let calleeMedia = try RTPCounter(family: family, port: port + 8)
            let callerMedia = try RTPCounter(family: family, port: port + 10)
            calleeMedia.start(limit: 30)
            callerMedia.start(limit: 30)
            let callee = try SIPpProcess(scenario: DialScenarios.callee(family: family), family: family,
                                         localPort: port + 4, pbxPort: port, keys: ["rtpport": "\(port + 8)"], uas: true)
            usleep(300_000)
            // PCMA at first, then a re-INVITE offering only PCMU, answered with PCMU.
            let middle = "<pause milliseconds=\"1000\"/>"
                + DialScenarios.reinvite(direction: "sendrecv", expectAnswer: "rtpmap:0 PCMU/8000", cseq: 2, codec: .pcmu)
            let caller = try SIPpProcess(scenario: DialScenarios.caller(exten: "2000", family: family, talk: 2500, middle: middle,
                                                                        codec: .pcma)
                .replacingOccurrences(of: "CSeq: 2 BYE", with: "CSeq: 3 BYE"),
                                         family: family, localPort: port + 6, pbxPort: port, keys: ["rtpport": "\(port + 10)"])
            let calleeLegPort = try #require(callee.pbxMediaPort(), "callee never got the INVITE: \(callee.logs)\n\(pbx.log)")
            _ = try #require(caller.pbxMediaPort(), "caller never got the 200: \(caller.logs)\n\(pbx.log)")
            // While the caller is on PCMA, what the callee sends reaches it as PCMA.
            calleeMedia.sendStream(count: 20, fill: 0x33, toPort: calleeLegPort)
            #expect(pbx.waitForLog("media now active", timeout: 5), "\(pbx.log)")
            let channels = try pbx.command("sip show channels")
            #expect(!channels.output.contains("alaw"), "\(channels.output)")
            #expect(channels.output.components(separatedBy: "ulaw").count - 1 == 2, "\(channels.output)")
            calleeMedia.sendStream(count: 20, fill: 0x33, toPort: calleeLegPort)
            #expect(caller.finish() == 0, "caller: \(caller.logs)\n\(pbx.log)")
            #expect(callee.finish() == 0, "callee: \(callee.logs)")
            _ = calleeMedia.finish()
            let atCaller = callerMedia.finish()
            // PCMA before the re-INVITE, PCMU (passed as it came) after it.
            #expect(atCaller.payloadTypes == [8, 0], "caller got \(atCaller.payloadTypes)")
            #expect(atCaller.payloads.last == [UInt8](repeating: 0x33, count: 160))
        }
    }
}
