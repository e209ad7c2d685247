import Foundation
import Testing

extension IntegrationSuite {
    @Suite("qualify")
    struct QualifyTests {
        /// dev2 and dev3, both qualified every second.
        private static func files(port: Int) -> [String: String] {
            let sip = """
                [general]
                context=default
                allowguest=yes
                realm=swiftpbx
                digestalgorithms=md5
                bindaddr=127.0.0.1:\(port)
                bindaddr=[::1]:\(port)
                disallow=all
                allow=ulaw

                [dev2]
                type=friend
                host=dynamic
                secret=dev2pass
                qualify=yes
                qualifyfreq=1

                [dev3]
                type=friend
                host=dynamic
                secret=dev3pass
                qualify=yes
                qualifyfreq=1

                """
            let extensions = """
                [default]
                exten => 3000,1,Dial(SIP/dev3,20)
                 same => n,NoOp(DIALSTATUS=${DIALSTATUS})
                 same => n,Hangup()

                """
            return ["sip.conf": sip, "extensions.conf": extensions, "rtp.conf": Configs.rtp(start: port + 1000)]
        }

        /// A phone that answers one OPTIONS with 200 and ends.
        private static let answerOptions = """
            <?xml version="1.0" encoding="ISO-8859-1" ?>
            <scenario name="answer OPTIONS">
              <recv request="OPTIONS" timeout="10000"/>
              <send>
                <![CDATA[
                  SIP/2.0 200 OK
                  [last_Via:]
                  [last_From:]
                  [last_To:];tag=[pid]qualify[call_number]
                  [last_Call-ID:]
                  [last_CSeq:]
                  Contact: <sip:dev2@[local_ip]:[local_port]>
                  Allow: INVITE, ACK, CANCEL, OPTIONS, BYE
                  Content-Length: 0
                ]]>
              </send>
            </scenario>
            """

        private static func register(_ user: String, family: LoopbackFamily, port: Int, pbxPort: Int) throws {
            let result = try SIPp.run(SIPpScenario.register(user: user, secret: "\(user)pass", expecting: 200),
                                      family: family, localPort: port, pbxPort: pbxPort)
            #expect(result.status == 0, "register \(user): \(result.output)")
        }

        /// The `sip show peers` line of `peer`, polled until it contains
        /// `text` (at most `timeout` seconds); the last line seen.
        private static func waitForPeer(_ pbx: PBXProcess, _ peer: String, showing text: String, timeout: TimeInterval = 8) -> String {
            let deadline = Date().addingTimeInterval(timeout)
            var line = ""
            repeat {
                let output = (try? pbx.command("sip show peers").output) ?? ""
                line = output.split(separator: "\n").first { $0.hasPrefix("\(peer)/") }.map(String.init) ?? ""
                if line.contains(text) { return line }
                usleep(100_000)
            } while Date() < deadline
            return line
        }

        @Test("a registered peer that answers OPTIONS shows OK (N ms), again every qualifyfreq",
              arguments: LoopbackFamily.allCases)
        func answeringPeerIsReachable(family: LoopbackFamily) throws {
            let port = TestEnvironment.ports(20)
            let pbx = try PBXProcess(files: Self.files(port: port), name: "qualify")
            defer { pbx.stop() }
            let before = try pbx.command("sip show peers").output
            #expect(before.contains("UNKNOWN"), "\(before)")
            #expect(before.contains("[Monitored: 0 online, 2 offline Unmonitored: 0 online, 0 offline]"), "\(before)")

            let phonePort = port + 4
            try Self.register("dev2", family: family, port: phonePort, pbxPort: port)
            // Two OPTIONS answered in turn: the one right after REGISTER, then a periodic one.
            for round in 1...2 {
                let phone = try SIPpProcess(scenario: Self.answerOptions, family: family, localPort: phonePort, pbxPort: port, uas: true)
                #expect(phone.finish(timeout: 10) == 0, "OPTIONS \(round) never came: \(phone.logs)\n\(pbx.log)")
            }
            let line = Self.waitForPeer(pbx, "dev2", showing: "OK (")
            #expect(line.contains("OK ("), "\(line)\n\(pbx.log)")
            #expect(line.contains(family.address), "\(line)")
            #expect(pbx.waitForLog("Peer 'dev2' is now Reachable. ("), "\(pbx.log)")
            let peer = try pbx.command("sip show peer dev2").output
            #expect(peer.contains("Qualify Freq : 1000 ms"), "\(peer)")
        }

        @Test("a registered peer that never answers turns UNREACHABLE and Dial refuses it at once")
        func silentPeerIsUnreachable() throws {
            let port = TestEnvironment.ports(20)
            let pbx = try PBXProcess(files: Self.files(port: port), name: "qualify-unreach")
            defer { pbx.stop() }
            try Self.register("dev3", family: .ipv4, port: port + 6, pbxPort: port)
            let line = Self.waitForPeer(pbx, "dev3", showing: "UNREACHABLE")
            #expect(line.contains("UNREACHABLE"), "\(line)\n\(pbx.log)")
            #expect(pbx.log.contains("Peer 'dev3' is now UNREACHABLE!  Last qualify: 0"), "\(pbx.log)")
            let peers = try pbx.command("sip show peers").output
            #expect(peers.contains("[Monitored: 0 online, 2 offline Unmonitored: 0 online, 0 offline]"), "\(peers)")

            let started = Date()
            let caller = try SIPpProcess(scenario: DialScenarios.caller(exten: "3000", family: .ipv4, talk: nil, expect: 480),
                                         family: .ipv4, localPort: port + 8, pbxPort: port, keys: ["rtpport": "\(port + 10)"])
            #expect(caller.finish(timeout: 10) == 0, "caller: \(caller.logs)\n\(pbx.log)")
            #expect(Date().timeIntervalSince(started) < 5, "refused without ringing out")
            #expect(pbx.waitForLog("DIALSTATUS=CHANUNAVAIL"), "\(pbx.log)")
        }
    }
}
