import Foundation

/// SIPp scenarios the integration tests drive the PBX with.
enum SIPpScenario {
    /// INVITE with a PCMU offer whose media port is `[rtpport]` (a `-key`),
    /// checks the 200's SDP names the caller's loopback address (its family), ACKs, waits for the
    /// PBX's BYE and answers it.
    static func callReceivingBye(extension exten: String, family: LoopbackFamily) -> String {
        let connection = "c=IN \(family.sdpType) \(family.address)".replacingOccurrences(of: ".", with: "\\.")
        return """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="call \(exten), PBX hangs up">
          <send retrans="500">
            <![CDATA[
              INVITE sip:\(exten)@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
              From: "Test Caller" <sip:5551234@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: <sip:\(exten)@[remote_ip]:[remote_port]>
              Call-ID: [call_id]
              CSeq: 1 INVITE
              Contact: <sip:5551234@[local_ip]:[local_port]>
              Max-Forwards: 70
              Content-Type: application/sdp
              Content-Length: [len]

              v=0
              o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
              s=-
              c=IN IP[media_ip_type] [media_ip]
              t=0 0
              m=audio [rtpport] RTP/AVP 0 101
              a=rtpmap:0 PCMU/8000
              a=rtpmap:101 telephone-event/8000
              a=fmtp:101 0-16
            ]]>
          </send>
          <recv response="100" optional="true"/>
          <recv response="180" optional="true"/>
          <recv response="200" rtd="true">
            <action>
              <ereg regexp="\(connection)" search_in="body" check_it="true" assign_to="conn"/>
              <ereg regexp="m=audio [0-9]+ RTP/AVP 0" search_in="body" check_it="true" assign_to="mline"/>
              <ereg regexp="0\\.0\\.0\\.0|\\[::\\]|IP6 ::\\r" search_in="msg" check_it_inverse="true" assign_to="wild"/>
            </action>
          </recv>
          <nop>
            <action>
              <log message="answer [$conn] [$mline] [$wild]"/>
            </action>
          </nop>
          <send>
            <![CDATA[
              ACK sip:\(exten)@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
              From: "Test Caller" <sip:5551234@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: <sip:\(exten)@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: 1 ACK
              Contact: <sip:5551234@[local_ip]:[local_port]>
              Max-Forwards: 70
              Content-Length: 0
            ]]>
          </send>
          <recv request="BYE" timeout="15000">
            <action>
              <ereg regexp="0\\.0\\.0\\.0|\\[::\\]" search_in="msg" check_it_inverse="true" assign_to="byewild"/>
              <log message="bye [$byewild]"/>
            </action>
          </recv>
          <send>
            <![CDATA[
              SIP/2.0 200 OK
              [last_Via:]
              [last_From:]
              [last_To:]
              [last_Call-ID:]
              [last_CSeq:]
              Content-Length: 0
            ]]>
          </send>
        </scenario>
        """
    }

    /// OPTIONS answered with 200 carrying an Allow header.
    static let options = """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="options">
          <send retrans="500">
            <![CDATA[
              OPTIONS sip:ping@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
              From: <sip:tester@[local_ip]:[local_port]>;tag=[pid]SIPpTag0[call_number]
              To: <sip:ping@[remote_ip]:[remote_port]>
              Call-ID: [call_id]
              CSeq: 1 OPTIONS
              Max-Forwards: 70
              Content-Length: 0
            ]]>
          </send>
          <recv response="200">
            <action>
              <ereg regexp="INVITE" search_in="hdr" header="Allow:" check_it="true" assign_to="allow"/>
              <log message="allow [$allow]"/>
            </action>
          </recv>
        </scenario>
        """

    /// REGISTER, the 401 challenge, REGISTER with digest credentials, and
    /// the final status the test expects (200, or 403 for a wrong secret).
    static func register(user: String, secret: String, expecting status: Int) -> String {
        let headers = """
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
              From: <sip:\(user)@[remote_ip]:[remote_port]>;tag=[pid]SIPpTag0[call_number]
              To: <sip:\(user)@[remote_ip]:[remote_port]>
              Call-ID: [call_id]
              Contact: <sip:\(user)@[local_ip]:[local_port]>
              Max-Forwards: 70
              Expires: 300
        """
        return """
            <?xml version="1.0" encoding="ISO-8859-1" ?>
            <scenario name="register">
              <send retrans="500">
                <![CDATA[
                  REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
            \(headers)
                  CSeq: 1 REGISTER
                  Content-Length: 0
                ]]>
              </send>
              <recv response="401" auth="true"/>
              <send retrans="500">
                <![CDATA[
                  REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
            \(headers)
                  CSeq: 2 REGISTER
                  [authentication username=\(user) password=\(secret)]
                  Content-Length: 0
                ]]>
              </send>
              <recv response="\(status)"/>
            </scenario>
            """
    }

    private static func dialogHeaders(_ exten: String, cseq: String, toTag: Bool) -> String {
        """
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=z9hG4bK-sipp-[call_number]-\(cseq.replacingOccurrences(of: " ", with: ""));rport
              From: "Test Caller" <sip:5551234@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: <sip:\(exten)@[remote_ip]:[remote_port]>\(toTag ? "[peer_tag_param]" : "")
              Call-ID: [call_id]
              CSeq: \(cseq)
              Contact: <sip:5551234@[local_ip]:[local_port]>
              Max-Forwards: 70
        """
    }

    private static let offer = """
              Content-Type: application/sdp
              Content-Length: [len]

              v=0
              o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
              s=-
              c=IN IP[media_ip_type] [media_ip]
              t=0 0
              m=audio [rtpport] RTP/AVP 0
              a=rtpmap:0 PCMU/8000
        """

    /// The caller answers, then hangs up itself after a second: BYE → 200.
    static func callerHangsUp(extension exten: String) -> String {
        """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="caller hangs up">
          <send retrans="500"><![CDATA[
              INVITE sip:\(exten)@[remote_ip]:[remote_port] SIP/2.0
        \(dialogHeaders(exten, cseq: "1 INVITE", toTag: false))
        \(offer)
            ]]></send>
          <recv response="100" optional="true"/>
          <recv response="200"/>
          <send><![CDATA[
              ACK sip:\(exten)@[remote_ip]:[remote_port] SIP/2.0
        \(dialogHeaders(exten, cseq: "1 ACK", toTag: true))
              Content-Length: 0
            ]]></send>
          <pause milliseconds="1000"/>
          <send retrans="500"><![CDATA[
              BYE sip:\(exten)@[remote_ip]:[remote_port] SIP/2.0
        \(dialogHeaders(exten, cseq: "2 BYE", toTag: true))
              Content-Length: 0
            ]]></send>
          <recv response="200"/>
        </scenario>
        """
    }

    /// The caller gives up before the answer: CANCEL → 200, INVITE → 487, ACK.
    static func callerCancels(extension exten: String) -> String {
        """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="caller cancels">
          <send retrans="500"><![CDATA[
              INVITE sip:\(exten)@[remote_ip]:[remote_port] SIP/2.0
        \(dialogHeaders(exten, cseq: "1 INVITE", toTag: false))
        \(offer)
            ]]></send>
          <recv response="100"/>
          <pause milliseconds="700"/>
          <send retrans="500"><![CDATA[
              CANCEL sip:\(exten)@[remote_ip]:[remote_port] SIP/2.0
        \(dialogHeaders(exten, cseq: "1 CANCEL", toTag: false).replacingOccurrences(of: "-1CANCEL", with: "-1INVITE"))
              Content-Length: 0
            ]]></send>
          <recv response="200"/>
          <recv response="487"/>
          <send><![CDATA[
              ACK sip:\(exten)@[remote_ip]:[remote_port] SIP/2.0
        \(dialogHeaders(exten, cseq: "1 ACK", toTag: true).replacingOccurrences(of: "-1ACK", with: "-1INVITE"))
              Content-Length: 0
            ]]></send>
        </scenario>
        """
    }

    /// The 200 that answers the last request received (a BYE), echoing its
    /// Via, From, To, Call-ID and CSeq.
    static let okToLastRequest = """
        <send><![CDATA[
            SIP/2.0 200 OK
            [last_Via:]
            [last_From:]
            [last_To:]
            [last_Call-ID:]
            [last_CSeq:]
            Content-Length: 0
          ]]></send>
        """

    /// Writes a scenario to a file SIPp can read.
    static func write(_ text: String, name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8)).xml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}
