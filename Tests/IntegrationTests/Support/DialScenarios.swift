import Foundation

/// SIPp scenarios for calls through Dial: a callee that answers, a caller
/// that talks for a while and hangs up. Both log the PBX's media port
/// (`PBXPORT n`) so the test can send RTP to it from its own sockets.
enum DialScenarios {
    /// A phone that answers the PBX's INVITE: optional 180, 200 with SDP of
    /// `family` and media port `[rtpport]`, then waits for BYE (or sends it
    /// after `hangUpAfter` ms).
    static func callee(family: LoopbackFamily, ring: Bool = true, hangUpAfter: Int? = nil, answerStatus: Int = 200,
                       earlyMedia: Bool = false, expectUser: String? = nil, codec: SDPCodec = .pcmu) -> String {
        let connection = "c=IN \(family.sdpType) \(family.address)".replacingOccurrences(of: ".", with: "\\.")
        let media = "m=audio [rtpport] RTP/AVP \(codec.payloadType) 101\na=rtpmap:\(codec.payloadType) \(codec.rtpmap)\n"
            + "a=rtpmap:101 telephone-event/8000"
        let contact = ["Contact: <sip:dev2@[local_ip]:[local_port]>"]
        let early = SIPpScenario.reply("SIP/2.0 183 Session Progress", headers: contact, sdpMedia: media)
            + "\n<pause milliseconds=\"300\"/>"
        let userCheck = expectUser.map { user in
            "<ereg regexp=\"^INVITE sip:\(user)@\" search_in=\"msg\" check_it=\"true\" assign_to=\"ruri\"/><log message=\"user [$ruri]\"/>"
        } ?? ""
        let ringing = earlyMedia ? early : ring
            ? SIPpScenario.reply("SIP/2.0 180 Ringing", headers: contact) + "\n<pause milliseconds=\"300\"/>" : ""
        let failure = SIPpScenario.reply("SIP/2.0 \(answerStatus) Busy Here") + "\n<recv request=\"ACK\"/>"
        let answer = SIPpScenario.reply("SIP/2.0 200 OK", headers: contact, sdpMedia: media, retransmit: true)
            + "\n<recv request=\"ACK\"/>\n" + (hangUpAfter.map { ms in """
              <pause milliseconds="\(ms)"/>
              <send retrans="500"><![CDATA[
                  BYE [$contact] SIP/2.0
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
                  From: [$calleeto]
                  To: [$callerfrom]
                  [last_Call-ID:]
                  CSeq: 1 BYE
                  Max-Forwards: 70
                  Content-Length: 0
                ]]></send>
              <recv response="200"/>
            """ } ?? """
              <recv request="BYE" timeout="30000"/>
              \(SIPpScenario.okToLastRequest)
            """)
        return """
            <?xml version="1.0" encoding="ISO-8859-1" ?>
            <scenario name="callee">
              <recv request="INVITE" timeout="30000">
                <action>
                  <assignstr assign_to="calleeto" value="x"/>
                  <ereg regexp="\(connection)" search_in="body" check_it="true" assign_to="conn"/>
                  <ereg regexp="m=audio ([0-9]+)" search_in="body" check_it="true" assign_to="mline,port"/>
                  <ereg regexp=".*" search_in="hdr" header="From:" assign_to="callerfrom"/>
                  <ereg regexp=".*" search_in="hdr" header="To:" assign_to="calleetoraw"/>
                  <ereg regexp="&lt;([^&gt;]+)&gt;" search_in="hdr" header="Contact:" assign_to="contactall,contact"/>
                  <log message="PBXPORT [$port] [$conn] [$mline] [$callerfrom] [$calleetoraw] [$contactall] [$contact] [$calleeto]"/>
                  \(userCheck)
                </action>
              </recv>

              <nop>
                <action>
                  <assignstr assign_to="calleeto" value="[$calleetoraw];tag=[pid]callee[call_number]"/>
                </action>
              </nop>
            \(ringing)
            \(answerStatus == 200 ? answer : failure)
            </scenario>
            """
    }

    /// In-dialog requests for the caller's `middle`: a re-INVITE with the
    /// given direction, answered with the mirrored one, then ACKed.
    static func reinvite(direction: String, expectAnswer: String, cseq: Int, codec: SDPCodec = .pcmu) -> String {
        """
              <send retrans="500"><![CDATA[
                  INVITE sip:@EXTEN@@[remote_ip]:[remote_port] SIP/2.0
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=z9hG4bK-[call_number]-re\(cseq);rport
                  From: "Caller" <sip:5551000@[local_ip]:[local_port]>;tag=[pid]caller[call_number]
                  To: <sip:@EXTEN@@[remote_ip]:[remote_port]>[peer_tag_param]
                  Call-ID: [call_id]
                  CSeq: \(cseq) INVITE
                  Contact: <sip:5551000@[local_ip]:[local_port]>
                  Max-Forwards: 70
                  Content-Type: application/sdp
                  Content-Length: [len]

                  v=0
                  o=caller 1 \(cseq) IN IP[local_ip_type] [local_ip]
                  s=-
                  c=IN IP[media_ip_type] [media_ip]
                  t=0 0
                  m=audio [rtpport] RTP/AVP \(codec.payloadType) 101
                  a=rtpmap:\(codec.payloadType) \(codec.rtpmap)
                  a=rtpmap:101 telephone-event/8000
                  a=\(direction)
                ]]></send>
              <recv response="100" optional="true"/>
              <recv response="200">
                <action>
                  <ereg regexp="a=\(expectAnswer)" search_in="body" check_it="true" assign_to="dir\(cseq)"/>
                  <log message="REINVITE \(cseq) answered [$dir\(cseq)]"/>
                </action>
              </recv>
              <send><![CDATA[
                  ACK sip:@EXTEN@@[remote_ip]:[remote_port] SIP/2.0
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=z9hG4bK-[call_number]-reack\(cseq);rport
                  From: "Caller" <sip:5551000@[local_ip]:[local_port]>;tag=[pid]caller[call_number]
                  To: <sip:@EXTEN@@[remote_ip]:[remote_port]>[peer_tag_param]
                  Call-ID: [call_id]
                  CSeq: \(cseq) ACK
                  Max-Forwards: 70
                  Content-Length: 0
                ]]></send>
            """
    }

    /// SIP INFO carrying one DTMF digit (`application/dtmf-relay`).
    static func info(digit: Character, cseq: Int) -> String {
        """
              <send retrans="500"><![CDATA[
                  INFO sip:@EXTEN@@[remote_ip]:[remote_port] SIP/2.0
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=z9hG4bK-[call_number]-info\(cseq);rport
                  From: "Caller" <sip:5551000@[local_ip]:[local_port]>;tag=[pid]caller[call_number]
                  To: <sip:@EXTEN@@[remote_ip]:[remote_port]>[peer_tag_param]
                  Call-ID: [call_id]
                  CSeq: \(cseq) INFO
                  Max-Forwards: 70
                  Content-Type: application/dtmf-relay
                  Content-Length: [len]

                  Signal=\(digit)
                  Duration=160
                ]]></send>
              <recv response="200"/>
            """
    }

    /// A caller that gives up while the callee rings: CANCEL after the 180.
    static func callerCancelsAfterRinging(exten: String) -> String {
        """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="caller cancels while ringing">
          <send retrans="500"><![CDATA[
              INVITE sip:\(exten)@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=z9hG4bK-[call_number]-inv;rport
              From: "Caller" <sip:5551000@[local_ip]:[local_port]>;tag=[pid]caller[call_number]
              To: <sip:\(exten)@[remote_ip]:[remote_port]>
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
          <recv response="180" timeout="10000"/>
          <pause milliseconds="500"/>
          <send retrans="500"><![CDATA[
              CANCEL sip:\(exten)@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=z9hG4bK-[call_number]-inv;rport
              From: "Caller" <sip:5551000@[local_ip]:[local_port]>;tag=[pid]caller[call_number]
              To: <sip:\(exten)@[remote_ip]:[remote_port]>
              Call-ID: [call_id]
              CSeq: 1 CANCEL
              Max-Forwards: 70
              Content-Length: 0
            ]]></send>
          <recv response="200"/>
          <recv response="487"/>
          <send><![CDATA[
              ACK sip:\(exten)@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=z9hG4bK-[call_number]-inv;rport
              From: "Caller" <sip:5551000@[local_ip]:[local_port]>;tag=[pid]caller[call_number]
              To: <sip:\(exten)@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: 1 ACK
              Max-Forwards: 70
              Content-Length: 0
            ]]></send>
        </scenario>
        """
    }

    /// A callee that rings and waits to be cancelled: 200 to CANCEL, 487, ACK.
    static func calleeCancelled(family: LoopbackFamily) -> String {
        """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="callee cancelled">
          <recv request="INVITE" timeout="30000">
            <action>
              <ereg regexp="([0-9]+)" search_in="hdr" header="CSeq:" assign_to="csall,csnum"/>
              <log message="PBXPORT 0 cseq [$csall] [$csnum]"/>
            </action>
          </recv>
          \(SIPpScenario.reply("SIP/2.0 180 Ringing", headers: ["Contact: <sip:dev@[local_ip]:[local_port]>"]))
          <recv request="CANCEL" timeout="30000"/>
          \(SIPpScenario.reply("SIP/2.0 200 OK"))
          \(SIPpScenario.reply("SIP/2.0 487 Request Terminated", cseq: "CSeq: [$csnum] INVITE"))
          <recv request="ACK"/>
        </scenario>
        """
    }

    /// A phone that calls `exten` with a PCMU offer on `[rtpport]`, logs the
    /// PBX's port from the 200, talks for `talk` ms and hangs up (or waits
    /// for the PBX's BYE when `talk` is nil). `expect` is the final status.
    static func caller(exten: String, family: LoopbackFamily, talk: Int?, expect: Int = 200, middle: String = "",
                       codec: SDPCodec = .pcmu) -> String {
        let connection = "c=IN \(family.sdpType) \(family.address)".replacingOccurrences(of: ".", with: "\\.")
        let headers = { (cseq: String, tag: Bool) in """
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=z9hG4bK-[call_number]-\(cseq.replacingOccurrences(of: " ", with: ""));rport
                  From: "Caller" <sip:5551000@[local_ip]:[local_port]>;tag=[pid]caller[call_number]
                  To: <sip:\(exten)@[remote_ip]:[remote_port]>\(tag ? "[peer_tag_param]" : "")
                  Call-ID: [call_id]
                  CSeq: \(cseq)
                  Contact: <sip:5551000@[local_ip]:[local_port]>
                  Max-Forwards: 70
            """ }
        let invite = """
              <send retrans="500"><![CDATA[
                  INVITE sip:\(exten)@[remote_ip]:[remote_port] SIP/2.0
            \(headers("1 INVITE", false))
                  Content-Type: application/sdp
                  Content-Length: [len]

                  v=0
                  o=caller 1 1 IN IP[local_ip_type] [local_ip]
                  s=-
                  c=IN IP[media_ip_type] [media_ip]
                  t=0 0
                  m=audio [rtpport] RTP/AVP \(codec.payloadType) 101
                  a=rtpmap:\(codec.payloadType) \(codec.rtpmap)
                  a=rtpmap:101 telephone-event/8000
                ]]></send>
              <recv response="100" optional="true"/>
              <recv response="180" optional="true"/>
              <recv response="183" optional="true"/>
            """
        if expect != 200 {
            return """
                <?xml version="1.0" encoding="ISO-8859-1" ?>
                <scenario name="caller">
                \(invite)
                  <recv response="\(expect)" timeout="30000"/>
                  <send><![CDATA[
                      ACK sip:\(exten)@[remote_ip]:[remote_port] SIP/2.0
                \(headers("1 INVITE", true).replacingOccurrences(of: "CSeq: 1 INVITE", with: "CSeq: 1 ACK"))
                      Content-Length: 0
                    ]]></send>
                </scenario>
                """
        }
        let ending = talk.map { ms in """
              <pause milliseconds="\(ms)"/>
              <send retrans="500"><![CDATA[
                  BYE sip:\(exten)@[remote_ip]:[remote_port] SIP/2.0
            \(headers("2 BYE", true))
                  Content-Length: 0
                ]]></send>
              <recv response="200"/>
            """ } ?? """
              <recv request="BYE" timeout="30000"/>
              \(SIPpScenario.okToLastRequest)
            """
        return """
            <?xml version="1.0" encoding="ISO-8859-1" ?>
            <scenario name="caller">
            \(invite)
              <recv response="200" timeout="30000">
                <action>
                  <ereg regexp="\(connection)" search_in="body" check_it="true" assign_to="conn"/>
                  <ereg regexp="m=audio ([0-9]+)" search_in="body" check_it="true" assign_to="mline,port"/>
                  <log message="PBXPORT [$port] [$conn] [$mline]"/>
                </action>
              </recv>
              <send><![CDATA[
                  ACK sip:\(exten)@[remote_ip]:[remote_port] SIP/2.0
            \(headers("1 ACK", true))
                  Content-Length: 0
                ]]></send>
            \(middle.replacingOccurrences(of: "@EXTEN@", with: exten))
            \(ending)
            </scenario>
            """
    }
}

/// The one codec a scenario's SDP offers or answers with.
struct SDPCodec: Sendable {
    let payloadType: Int
    let rtpmap: String

    static let pcmu = SDPCodec(payloadType: 0, rtpmap: "PCMU/8000")
    static let pcma = SDPCodec(payloadType: 8, rtpmap: "PCMA/8000")
    static let g722 = SDPCodec(payloadType: 9, rtpmap: "G722/8000")
    static let opus = SDPCodec(payloadType: 96, rtpmap: "opus/48000/2")
}
