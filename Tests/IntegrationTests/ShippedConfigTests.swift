import Foundation
import Testing

extension IntegrationSuite {
    /// The files in `configs/` as shipped, bound to loopback for the test.
    @Suite("The shipped configs/")
    struct ShippedConfigTests {
        static var shipped: URL { TestEnvironment.packageRoot.appendingPathComponent("configs") }

        /// The shipped files, with sip.conf's sockets on loopback and `port`.
        static func files(port: Int) throws -> [String: String] {
            var files: [String: String] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: shipped.path) where name.hasSuffix(".conf") {
                files[name] = try String(contentsOf: shipped.appendingPathComponent(name), encoding: .utf8)
            }
            // swiftpbx.conf comes from the test harness (its own directories).
            files["swiftpbx.conf"] = nil
            let sip = try #require(files["sip.conf"])
            files["sip.conf"] = sip.replacingOccurrences(of: "[general]\n", with: "[general]\nbindaddr=127.0.0.1:\(port)\nbindaddr=[::1]:\(port)\n")
            files["rtp.conf"] = Configs.rtp(start: port + 1000)
            return files
        }

        @Test("Every shipped file loads without an error; hello world answers on both families; voicemail and modules are there")
        func shippedConfigs() throws {
            let port = TestEnvironment.ports()
            let pbx = try PBXProcess(files: try Self.files(port: port), name: "shipped")
            defer { pbx.stop() }
            // The only error allowed: no sound card on a test machine.
            let errors = pbx.log.components(separatedBy: "\n").filter { $0.contains("ERROR") && !$0.contains("chan_alsa") }
            #expect(errors.isEmpty, "\(errors)")
            let unknownKeys = pbx.log.components(separatedBy: "\n").filter { $0.contains("NOTICE") && $0.contains("unknown") }
            #expect(unknownKeys.isEmpty, "\(unknownKeys)")
            let users = try pbx.command("voicemail show users")
            #expect(users.output.contains("2 voicemail users configured."), "\(users.output)")
            let modules = try pbx.command("module show").output
            for name in ["chan_sip", "pbx_config", "app_voicemail", "codec_g722", "codec_opus", "res_astdb"] {
                #expect(modules.contains(name), "\(name) not loaded:\n\(modules)")
            }
            #expect(try pbx.command("sip show peer dev1").output.contains("100@default"))
            for family in LoopbackFamily.allCases {
                let rtpPort = port + 6
                let counter = try RTPCounter(family: family, port: rtpPort)
                counter.start()
                let scenario = try SIPpScenario.write(SIPpScenario.callReceivingBye(extension: "1000", family: family), name: "shipped")
                let result = try ToolRunner.run(["sipp", "-sf", scenario.path, "-m", "1", "-i", family.address, "-p", "\(port + 4)",
                                                 "-key", "rtpport", "\(rtpPort)", "-timeout", "20", "-nostdin",
                                                 "\(family.uriHost):\(port)"], timeout: 30, directory: pbx.directory)
                let report = counter.finish()
                #expect(result.status == 0, "sipp over \(family): \(result.output)\n\(pbx.log)")
                #expect(report.packets > 40, "hello-world RTP over \(family): \(report.packets) packets")
            }
        }
    }
}
