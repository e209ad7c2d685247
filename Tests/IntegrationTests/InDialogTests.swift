import Foundation
import Testing

extension IntegrationSuite {
    @Suite("In-dialog: Record-Route and Route, UPDATE, early media, Dial(SIP/peer/exten)")
    struct InDialogTests {
        /// Caller that Record-Routes through itself, checks the PBX echoes
        /// Record-Route, holds with UPDATE, and checks the PBX's BYE carries Route.
        private static func routedCaller(family: LoopbackFamily) -> String {
            let via = "Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=z9hG4bK-[call_number]-"
            let dialog = """
                  From: "Caller" <sip:5551000@[local_ip]:[local_port]>;tag=[pid]caller[call_number]
                  To: <sip:1001@[remote_ip]:[remote_port]>[peer_tag_param]
                  Call-ID: [call_id]
                  Max-Forwards: 70
            """
            return """
                <?xml version="1.0" encoding="ISO-8859-1" ?>
                <scenario name="routed caller">
                  <send retrans="500"><![CDATA[
                      INVITE sip:1001@[remote_ip]:[remote_port] SIP/2.0
                      \(via)inv;rport
                      Record-Route: <sip:[local_ip]:[local_port];lr;rrtest>
                      From: "Caller" <sip:5551000@[local_ip]:[local_port]>;tag=[pid]caller[call_number]
                      To: <sip:1001@[remote_ip]:[remote_port]>
                      Call-ID: [call_id]
                      CSeq: 1 INVITE
                      Contact: <sip:5551000@[local_ip]:[local_port]>
                      Max-Forwards: 70
                      Content-Type: application/sdp
                      Content-Length: [len]

                      v=0
                      o=caller 1 1 IN IP[local_ip_type] [local_ip]
                      s=-
                      c=IN IP[media_ip_type] [media_ip]
                      t=0 0
                      m=audio [rtpport] RTP/AVP 0
                      a=rtpmap:0 PCMU/8000
                    ]]></send>
                  <recv response="100" optional="true"/>
                  <recv response="200">
                    <action>
                      <ereg regexp="rrtest" search_in="hdr" header="Record-Route:" check_it="true" assign_to="rr"/>
                      <log message="record-route [$rr]"/>
                    </action>
                  </recv>
                  <send><![CDATA[
                      ACK sip:1001@[remote_ip]:[remote_port] SIP/2.0
                      \(via)ack;rport
                \(dialog)
                      CSeq: 1 ACK
                      Content-Length: 0
                    ]]></send>
                  <send retrans="500"><![CDATA[
                      UPDATE sip:1001@[remote_ip]:[remote_port] SIP/2.0
                      \(via)upd;rport
                \(dialog)
                      CSeq: 2 UPDATE
                      Contact: <sip:5551000@[local_ip]:[local_port]>
                      Content-Type: application/sdp
                      Content-Length: [len]

                      v=0
                      o=caller 1 2 IN IP[local_ip_type] [local_ip]
                      s=-
                      c=IN IP[media_ip_type] [media_ip]
                      t=0 0
                      m=audio [rtpport] RTP/AVP 0
                      a=rtpmap:0 PCMU/8000
                      a=sendonly
                    ]]></send>
                  <recv response="200">
                    <action>
                      <ereg regexp="a=recvonly" search_in="body" check_it="true" assign_to="dir"/>
                      <log message="update answered [$dir]"/>
                    </action>
                  </recv>
                  <recv request="BYE" timeout="15000">
                    <action>
                      <ereg regexp="rrtest" search_in="hdr" header="Route:" check_it="true" assign_to="route"/>
                      <log message="bye route [$route]"/>
                    </action>
                  </recv>
                  \(SIPpScenario.okToLastRequest)
                </scenario>
                """
        }

        @Test("Record-Route is echoed, UPDATE holds the call, the PBX's BYE follows the route set", arguments: LoopbackFamily.allCases)
        func routeAndUpdate(family: LoopbackFamily) throws {
            let port = TestEnvironment.ports(20)
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000), name: "route")
            defer { pbx.stop() }
            let result = try SIPp.run(Self.routedCaller(family: family), family: family, localPort: port + 4, pbxPort: port,
                                      keys: ["rtpport": "\(port + 6)"])
            #expect(result.status == 0, "\(result.output)\n\(pbx.log)")
            #expect(pbx.log.contains("media now on hold"))
        }

        @Test("early media: the callee's 183 with SDP reaches the caller before the 200; Dial(SIP/dev2/100) asks for 100")
        func earlyMediaAndExten() throws {
            let port = TestEnvironment.ports(20)
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000), name: "early")
            defer { pbx.stop() }
            let register = try SIPp.run(SIPpScenario.register(user: "dev2", secret: "dev2pass", expecting: 200),
                                        family: .ipv6, localPort: port + 4, pbxPort: port)
            #expect(register.status == 0, "\(register.output)")
            let calleeMedia = try RTPCounter(family: .ipv6, port: port + 8)
            let callerMedia = try RTPCounter(family: .ipv4, port: port + 10)
            callerMedia.start(limit: 20)
            let callee = try SIPpProcess(scenario: DialScenarios.callee(family: .ipv6, earlyMedia: true, expectUser: "100"),
                                         family: .ipv6, localPort: port + 4, pbxPort: port, keys: ["rtpport": "\(port + 8)"], uas: true)
            usleep(300_000)
            let earlyCheck = """
                  <recv response="183">
                    <action>
                      <ereg regexp="c=IN IP4 127\\.0\\.0\\.1" search_in="body" check_it="true" assign_to="early"/>
                      <log message="early [$early]"/>
                    </action>
                  </recv>
                """
            let scenario = DialScenarios.caller(exten: "2003", family: .ipv4, talk: 500)
                .replacingOccurrences(of: "<recv response=\"183\" optional=\"true\"/>", with: earlyCheck)
            let caller = try SIPpProcess(scenario: scenario, family: .ipv4, localPort: port + 6, pbxPort: port,
                                         keys: ["rtpport": "\(port + 10)"])
            let calleeLegPort = try #require(callee.pbxMediaPort(), "\(callee.logs)\n\(pbx.log)")
            // Early media: what the callee sends before answering reaches the caller.
            calleeMedia.sendStream(count: 10, fill: 0x21, toPort: calleeLegPort)
            #expect(caller.finish() == 0, "caller: \(caller.logs)\n\(pbx.log)")
            #expect(callee.finish() == 0, "callee: \(callee.logs)")
            let atCaller = callerMedia.finish()
            _ = calleeMedia.finish()
            #expect((atCaller.payloadFirstBytes[0x21] ?? 0) >= 8, "\(atCaller)")
        }
    }
}
