/// Configuration files the integration tests start PBXs with.
enum Configs {
    static func sip(bind: [String], extra: String = "", digest: String = "md5,sha-256") -> String {
        """
        [general]
        context=default
        allowguest=yes
        realm=swiftpbx
        digestalgorithms=\(digest)
        \(bind.map { "bindaddr=\($0)" }.joined(separator: "\n"))
        disallow=all
        allow=ulaw
        allow=alaw
        \(extra)

        [phone](!)
        type=friend
        host=dynamic
        context=default

        [dev1](phone)
        secret=dev1pass
        callerid="Developer One" <1001>

        [dev2](phone)
        secret=dev2pass

        [dev3](phone)
        secret=dev3pass

        """
    }

    static let extensions = """
        [default]
        exten => 1000,1,Answer()
         same => n,Playback(hello-world)
         same => n,Hangup()

        exten => 1001,1,Answer()
         same => n,Wait(3)
         same => n,Hangup()

        exten => 1002,1,Wait(10)
         same => n,Answer()
         same => n,Hangup()

        exten => 2000,1,Dial(SIP/dev2,20)
         same => n,NoOp(DIALSTATUS=${DIALSTATUS})
         same => n,Hangup()

        exten => 2001,1,Dial(SIP/dev2,2)
         same => n,NoOp(DIALSTATUS=${DIALSTATUS})
         same => n,Hangup()

        exten => 2002,1,Dial(SIP/dev2&SIP/dev3,20)
         same => n,NoOp(DIALSTATUS=${DIALSTATUS})
         same => n,Hangup()

        exten => 2003,1,Dial(SIP/dev2/100,20)
         same => n,Hangup()

        exten => h,1,NoOp(ended with cause ${HANGUPCAUSE})

        """

    static func rtp(start: Int) -> String {
        "[general]\nrtpstart=\(start)\nrtpend=\(start + 200)\n"
    }

    /// A dual-stack PBX on loopback: one socket per family on `port`.
    static func dualStack(port: Int, rtpStart: Int, sipExtra: String = "", digest: String = "md5,sha-256") -> [String: String] {
        ["sip.conf": sip(bind: ["127.0.0.1:\(port)", "[::1]:\(port)"], extra: sipExtra, digest: digest),
         "extensions.conf": extensions,
         "rtp.conf": rtp(start: rtpStart)]
    }
}
