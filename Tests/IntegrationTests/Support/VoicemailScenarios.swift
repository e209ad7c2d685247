import Foundation

/// SIPp callers for the voicemail tests: INVITE with PCMU and
/// telephone-event from `[rtpport]`, logging the PBX's media port
/// (`PBXPORT n`), then `middle` (pauses, SIP INFO digits), then either our
/// BYE or the PBX's.
enum VoicemailScenarios {
    static func caller(exten: String, middle: String, pbxHangsUp: Bool, telephoneEvent: Bool = true) -> String {
        let media = telephoneEvent ? """
                  m=audio [rtpport] RTP/AVP 0 101
                  a=rtpmap:0 PCMU/8000
                  a=rtpmap:101 telephone-event/8000
                  a=fmtp:101 0-16
            """ : """
                  m=audio [rtpport] RTP/AVP 0
                  a=rtpmap:0 PCMU/8000
            """
        let ending = pbxHangsUp ? """
              <recv request="BYE" timeout="30000"/>
              \(SIPpScenario.okToLastRequest)
            """ : """
              <send retrans="500"><![CDATA[
                  BYE sip:\(exten)@[remote_ip]:[remote_port] SIP/2.0
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=z9hG4bK-[call_number]-bye;rport
                  From: "Caller" <sip:5551000@[local_ip]:[local_port]>;tag=[pid]caller[call_number]
                  To: <sip:\(exten)@[remote_ip]:[remote_port]>[peer_tag_param]
                  Call-ID: [call_id]
                  CSeq: 90 BYE
                  Max-Forwards: 70
                  Content-Length: 0
                ]]></send>
              <recv response="200"/>
            """
        return """
            <?xml version="1.0" encoding="ISO-8859-1" ?>
            <scenario name="voicemail caller">
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
            \(media)
                ]]></send>
              <recv response="100" optional="true"/>
              <recv response="180" optional="true"/>
              <recv response="200">
                <action>
                  <ereg regexp="m=audio ([0-9]+)" search_in="body" check_it="true" assign_to="mline,port"/>
                  <log message="PBXPORT [$port] [$mline]"/>
                </action>
              </recv>
              <send><![CDATA[
                  ACK sip:\(exten)@[remote_ip]:[remote_port] SIP/2.0
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=z9hG4bK-[call_number]-ack;rport
                  From: "Caller" <sip:5551000@[local_ip]:[local_port]>;tag=[pid]caller[call_number]
                  To: <sip:\(exten)@[remote_ip]:[remote_port]>[peer_tag_param]
                  Call-ID: [call_id]
                  CSeq: 1 ACK
                  Max-Forwards: 70
                  Content-Length: 0
                ]]></send>
            \(middle)
            \(ending)
            </scenario>
            """
    }

    static func pause(_ milliseconds: Int) -> String {
        "  <pause milliseconds=\"\(milliseconds)\"/>\n"
    }

    /// SIP INFO digits, one after another, with `gap` ms between them.
    static func infoDigits(_ digits: String, exten: String, firstCSeq: Int, gap: Int = 150) -> String {
        digits.enumerated().map { offset, digit in
            DialScenarios.info(digit: digit, cseq: firstCSeq + offset).replacingOccurrences(of: "@EXTEN@", with: exten) + pause(gap)
        }.joined()
    }
}
