import Foundation
import Testing

extension IntegrationSuite {
    @Suite("SIP over TCP on both families")
    struct TCPTests {
        /// A dual-stack PBX with TCP listeners on both loopbacks, on the UDP port.
        private static func files(port: Int) -> [String: String] {
            var files = Configs.dualStack(port: port, rtpStart: port + 1000)
            files["sip.conf"] = Configs.sip(bind: ["127.0.0.1:\(port)", "[::1]:\(port)"],
                                            extra: "tcpenable=yes\ntcpbindaddr=127.0.0.1:\(port)\ntcpbindaddr=[::1]:\(port)")
            return files
        }

        /// SIPp over one TCP connection (`-t t1`): one call of `scenario`.
        private static func sippOverTCP(_ scenario: String, family: LoopbackFamily, localPort: Int, pbxPort: Int,
                                        keys: [String: String] = [:]) throws -> ToolResult {
            let directory = try TestEnvironment.temporaryDirectory("sipp-tcp")
            defer { try? FileManager.default.removeItem(at: directory) }
            let file = directory.appendingPathComponent("scenario.xml")
            try scenario.write(to: file, atomically: true, encoding: .utf8)
            var arguments = ["sipp", "-sf", file.path, "-t", "t1", "-m", "1", "-i", family.address, "-p", "\(localPort)",
                             "-timeout", "20", "-nostdin", "-trace_err", "-trace_msg"]
            for (key, value) in keys.sorted(by: { $0.key < $1.key }) { arguments += ["-key", key, value] }
            arguments.append("\(family.uriHost):\(pbxPort)")
            let result = try ToolRunner.run(arguments, timeout: 30, directory: directory)
            // The message trace and any errors join the output, for assertions and failures.
            let logs = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
            var output = result.output
            for log in logs.sorted(by: { $0.path < $1.path }) where log.pathExtension == "log" {
                output += "\n--- \(log.lastPathComponent)\n" + ((try? String(contentsOf: log, encoding: .utf8)) ?? "")
            }
            return ToolResult(status: result.status, output: output, timedOut: result.timedOut)
        }

        @Test("sip show settings lists both TCP listeners; OPTIONS is answered over TCP", arguments: LoopbackFamily.allCases)
        func optionsOverTCP(family: LoopbackFamily) throws {
            let port = TestEnvironment.ports()
            let pbx = try PBXProcess(files: Self.files(port: port), name: "tcp-options")
            defer { pbx.stop() }
            let settings = try pbx.command("sip show settings")
            #expect(settings.output.contains("TCP SIP Bindaddress:    127.0.0.1:\(port), [::1]:\(port)"), "\(settings.output)")
            #expect(pbx.log.contains("SIP listening on TCP [::1]:\(port)"))

            let result = try Self.sippOverTCP(SIPpScenario.options, family: family, localPort: port + 4, pbxPort: port)
            #expect(result.status == 0, "SIPp OPTIONS over TCP/\(family): \(result.output)\n\(pbx.log)")
            #expect(result.output.contains("Via: SIP/2.0/TCP"), "the trace shows the request went over TCP: \(result.output)")
        }

        @Test("REGISTER with digest over TCP; the peer shows its TCP address", arguments: LoopbackFamily.allCases)
        func registerOverTCP(family: LoopbackFamily) throws {
            let port = TestEnvironment.ports()
            let pbx = try PBXProcess(files: Self.files(port: port), name: "tcp-register")
            defer { pbx.stop() }
            let result = try Self.sippOverTCP(SIPpScenario.register(user: "dev1", secret: "dev1pass", expecting: 200),
                                              family: family, localPort: port + 4, pbxPort: port)
            #expect(result.status == 0, "\(result.output)\n\(pbx.log)")
            #expect(pbx.waitForLog("Registered SIP 'dev1' at \(family.uriHost):"), "\(pbx.log)")
            let peers = try pbx.command("sip show peers")
            let line = peers.output.split(separator: "\n").first { $0.hasPrefix("dev1/dev1") } ?? ""
            #expect(line.contains(family.uriHost), "peer line: \(line)")
        }

        @Test("INVITE to 1000 over TCP is answered, and the PBX's BYE comes over the same connection",
              arguments: LoopbackFamily.allCases)
        func callOverTCP(family: LoopbackFamily) throws {
            let port = TestEnvironment.ports()
            let pbx = try PBXProcess(files: Self.files(port: port), name: "tcp-call")
            defer { pbx.stop() }
            let rtpPort = port + 6
            let counter = try RTPCounter(family: family, port: rtpPort)
            counter.start()
            // SIPp with -t t1 has its one connection and no UDP socket: a BYE
            // it receives can only have come over that connection.
            let result = try Self.sippOverTCP(SIPpScenario.callReceivingBye(extension: "1000", family: family),
                                              family: family, localPort: port + 4, pbxPort: port, keys: ["rtpport": "\(rtpPort)"])
            let report = counter.finish()
            #expect(result.status == 0, "sipp: \(result.output)\n\(pbx.log)")
            #expect(result.output.contains("BYE sip:"), "the BYE is in SIPp's trace: \(result.output)")
            #expect(report.packets > 40, "hello-world's RTP arrived: \(report.packets) packets")
            #expect(pbx.log.contains("Executing [1000@default:2] Playback"))
        }
    }
}
