import Foundation
import Testing

extension IntegrationSuite {
    @Suite("Dial: failover to the next target, and transport= per peer")
    struct DialFallbackTests {
        /// A dual-stack PBX with TCP listeners on both loopbacks; dev2 with `transport`.
        private static func files(port: Int, dev2Transport: String? = nil) -> [String: String] {
            var files = Configs.dualStack(port: port, rtpStart: port + 1000)
            var sip = Configs.sip(bind: ["127.0.0.1:\(port)", "[::1]:\(port)"],
                                  extra: "tcpenable=yes\ntcpbindaddr=127.0.0.1:\(port)\ntcpbindaddr=[::1]:\(port)")
            if let dev2Transport {
                sip = sip.replacingOccurrences(of: "[dev2](phone)\n", with: "[dev2](phone)\ntransport=\(dev2Transport)\n")
            }
            files["sip.conf"] = sip
            return files
        }

        private static func registerDev2(family: LoopbackFamily, port: Int, pbxPort: Int) throws {
            let result = try SIPp.run(SIPpScenario.register(user: "dev2", secret: "dev2pass", expecting: 200),
                                      family: family, localPort: port, pbxPort: pbxPort)
            #expect(result.status == 0, "register dev2 over \(family): \(result.output)")
        }

        @Test("no answer from the IPv6 contact: the PBX tries the IPv4 one after the attempt limit and the call connects")
        func fallsBackToOtherFamily() throws {
            let port = TestEnvironment.ports(20)
            let pbx = try PBXProcess(files: Self.files(port: port), name: "dial-fallback")
            defer { pbx.stop() }
            // The IPv6 contact's port has nobody behind it once SIPp has registered from it.
            try Self.registerDev2(family: .ipv6, port: port + 2, pbxPort: port)
            try Self.registerDev2(family: .ipv4, port: port + 4, pbxPort: port)
            let callee = try SIPpProcess(scenario: DialScenarios.callee(family: .ipv4), family: .ipv4, localPort: port + 4,
                                         pbxPort: port, keys: ["rtpport": "\(port + 8)"], uas: true)
            usleep(300_000)
            let started = Date()
            let caller = try SIPpProcess(scenario: DialScenarios.caller(exten: "2000", family: .ipv6, talk: 1000), family: .ipv6,
                                         localPort: port + 6, pbxPort: port, keys: ["rtpport": "\(port + 10)"])
            #expect(caller.finish(timeout: 15) == 0, "caller: \(caller.logs)\n\(pbx.log)")
            let elapsed = Date().timeIntervalSince(started)
            #expect(callee.finish(timeout: 5) == 0, "callee: \(callee.logs)")
            #expect(callee.logs.contains("PBXPORT "), "the IPv4 callee got the INVITE: \(callee.logs)")
            #expect(caller.logs.contains("PBXPORT "), "the caller got the 200: \(caller.logs)")
            #expect(pbx.log.contains("no answer from UDP [::1]:\(port + 2)"), "the IPv6 contact was tried first: \(pbx.log)")
            #expect(elapsed > 3.5 && elapsed < 12, "one attempt limit (4 s) then the call: \(elapsed) s")
        }

        @Test("a transport=tcp peer is called over the TCP connection it registered on", arguments: LoopbackFamily.allCases)
        func dialOverTCP(family: LoopbackFamily) throws {
            let port = TestEnvironment.ports(20)
            let pbx = try PBXProcess(files: Self.files(port: port, dev2Transport: "tcp"), name: "dial-tcp")
            defer { pbx.stop() }
            let peer = try TCPPeer(family: family, pbxPort: port)
            #expect(try peer.register(user: "dev2", secret: "dev2pass") == 200, "\(peer.trace)\n\(pbx.log)")
            let caller = try SIPpProcess(scenario: DialScenarios.caller(exten: "2000", family: family, talk: 1500), family: family,
                                         localPort: port + 6, pbxPort: port, keys: ["rtpport": "\(port + 10)"])
            let invite = try peer.answerCall(rtpPort: port + 8)
            #expect(invite.headers("Via").first?.hasPrefix("SIP/2.0/TCP") == true, "INVITE over TCP: \(invite.text)")
            #expect(invite.startLine.contains(";transport=tcp"), "to the registered TCP contact: \(invite.startLine)")
            #expect(invite.body.contains("c=IN \(family.sdpType)"), "offer in the connection's family: \(invite.body)")
            let bye = try peer.answerBye()
            #expect(bye.header("Call-ID") == invite.header("Call-ID"))
            #expect(caller.finish(timeout: 15) == 0, "caller: \(caller.logs)\n\(pbx.log)")
            #expect(caller.logs.contains("PBXPORT "), "the caller got the 200: \(caller.logs)")
        }

        @Test("a transport=tcp peer registered over UDP only: CHANUNAVAIL, no INVITE over UDP")
        func tcpPeerWithoutConnection() throws {
            let port = TestEnvironment.ports(20)
            let pbx = try PBXProcess(files: Self.files(port: port, dev2Transport: "tcp"), name: "dial-tcp-none")
            defer { pbx.stop() }
            try Self.registerDev2(family: .ipv4, port: port + 4, pbxPort: port)
            let caller = try SIPpProcess(scenario: DialScenarios.caller(exten: "2000", family: .ipv4, talk: nil, expect: 480),
                                         family: .ipv4, localPort: port + 6, pbxPort: port, keys: ["rtpport": "\(port + 10)"])
            #expect(caller.finish(timeout: 15) == 0, "caller: \(caller.logs)\n\(pbx.log)")
            #expect(pbx.waitForLog("DIALSTATUS=CHANUNAVAIL"), "\(pbx.log)")
            #expect(pbx.log.contains("has no TCP connection"), "\(pbx.log)")
        }

        @Test("a transport=udp peer registered over TCP is not called over TCP: CHANUNAVAIL")
        func udpPeerNotCalledOverTCP() throws {
            let port = TestEnvironment.ports(20)
            let pbx = try PBXProcess(files: Self.files(port: port, dev2Transport: "udp"), name: "dial-udp-only")
            defer { pbx.stop() }
            let peer = try TCPPeer(family: .ipv4, pbxPort: port, readTimeout: 3)
            #expect(try peer.register(user: "dev2", secret: "dev2pass") == 200, "\(peer.trace)\n\(pbx.log)")
            let caller = try SIPpProcess(scenario: DialScenarios.caller(exten: "2000", family: .ipv4, talk: nil, expect: 480),
                                         family: .ipv4, localPort: port + 6, pbxPort: port, keys: ["rtpport": "\(port + 10)"])
            #expect(caller.finish(timeout: 15) == 0, "caller: \(caller.logs)\n\(pbx.log)")
            #expect(pbx.waitForLog("DIALSTATUS=CHANUNAVAIL"), "\(pbx.log)")
            #expect(throws: TCPPeer.PeerError.self, "no INVITE on the TCP connection") { try peer.answerCall(rtpPort: port + 8) }
        }
    }
}
