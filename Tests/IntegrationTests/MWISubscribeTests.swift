import Foundation
import Testing

extension IntegrationSuite {
    @Suite("MWI: SUBSCRIBE to message-summary")
    struct MWISubscribeTests {
        static func subscribe(_ peer: UDPPeer, pbxPort: Int, expires: Int, cseq: Int, toTag: String?) {
            let host = peer.family.uriHost
            let tag = toTag.map { ";tag=\($0)" } ?? ""
            peer.send("""
                SUBSCRIBE sip:100@\(host):\(pbxPort) SIP/2.0\r
                Via: SIP/2.0/UDP \(host):\(peer.port);branch=z9hG4bK-sub\(cseq)-\(UInt32.random(in: 1...UInt32.max));rport\r
                From: <sip:phone100@\(host):\(pbxPort)>;tag=sub\(peer.port)\r
                To: <sip:100@\(host):\(pbxPort)>\(tag)\r
                Call-ID: subscribe-\(peer.port)@test\r
                CSeq: \(cseq) SUBSCRIBE\r
                Contact: <sip:phone100@\(host):\(peer.port)>\r
                Event: message-summary\r
                Accept: application/simple-message-summary\r
                Expires: \(expires)\r
                Max-Forwards: 70\r
                Content-Length: 0\r
                \r

                """, toPort: pbxPort)
        }

        /// The next messages until a 2xx response and a NOTIFY both came (at most 6); NOTIFYs answered 200.
        static func responseAndNotify(_ peer: UDPPeer, pbxPort: Int) -> (response: String?, notify: String?) {
            var response: String?
            var notify: String?
            for _ in 0..<6 where response == nil || notify == nil {
                guard let message = peer.receive() else { break }
                if message.hasPrefix("SIP/2.0") {
                    response = message
                } else if message.hasPrefix("NOTIFY") {
                    notify = message
                    var answer = "SIP/2.0 200 OK\r\n"
                    for header in ["Via", "From", "To", "Call-ID", "CSeq"] {
                        for value in message.sipHeaderValues(header) { answer += "\(header): \(value)\r\n" }
                    }
                    peer.send(answer + "Content-Length: 0\r\n\r\n", toPort: pbxPort)
                }
            }
            return (response, notify)
        }

        @Test("SUBSCRIBE gets 200 and a NOTIFY with the counts; Expires: 0 ends it with a terminated NOTIFY",
              arguments: LoopbackFamily.allCases)
        func subscribeAndUnsubscribe(family: LoopbackFamily) throws {
            let port = TestEnvironment.ports()
            let pbx = try PBXProcess(files: VoicemailTests.files(port: port), name: "mwi-sub")
            defer { pbx.stop() }
            let peer = try UDPPeer(family: family, port: port + 7)
            Self.subscribe(peer, pbxPort: port, expires: 600, cseq: 1, toTag: nil)
            let (response, notify) = Self.responseAndNotify(peer, pbxPort: port)
            let ok = try #require(response, "\(pbx.log)")
            #expect(ok.hasPrefix("SIP/2.0 200"), "\(ok)")
            #expect(ok.sipHeaderValues("Expires") == ["600"], "\(ok)")
            let toTag = try #require(ok.sipHeaderValues("To").first?.components(separatedBy: ";tag=").dropFirst().first)
            let first = try #require(notify, "\(pbx.log)")
            #expect(first.sipHeaderValues("Event") == ["message-summary"])
            #expect(first.sipHeaderValues("Subscription-State").first?.hasPrefix("active") == true, "\(first)")
            #expect(first.sipHeaderValues("Content-Type") == ["application/simple-message-summary"])
            #expect(first.contains("Messages-Waiting: no"))
            #expect(first.contains("Call-ID: subscribe-\(port + 7)@test"))

            Self.subscribe(peer, pbxPort: port, expires: 0, cseq: 2, toTag: toTag)
            let (second, last) = Self.responseAndNotify(peer, pbxPort: port)
            #expect(second?.hasPrefix("SIP/2.0 200") == true, "\(second ?? "none")")
            #expect(last?.sipHeaderValues("Subscription-State").first?.hasPrefix("terminated") == true, "\(last ?? "none")")

            // Another event package is refused.
            let other = try UDPPeer(family: family, port: port + 8)
            let host = family.uriHost
            other.send("""
                SUBSCRIBE sip:100@\(host):\(port) SIP/2.0\r
                Via: SIP/2.0/UDP \(host):\(port + 8);branch=z9hG4bK-presence;rport\r
                From: <sip:phone100@\(host):\(port)>;tag=p1\r
                To: <sip:100@\(host):\(port)>\r
                Call-ID: presence@test\r
                CSeq: 1 SUBSCRIBE\r
                Contact: <sip:phone100@\(host):\(port + 8)>\r
                Event: presence\r
                Expires: 600\r
                Content-Length: 0\r
                \r

                """, toPort: port)
            #expect(other.receiveFinal()?.hasPrefix("SIP/2.0 489") == true)
        }
    }
}
