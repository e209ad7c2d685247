import Foundation
import Testing

extension IntegrationSuite {
    @Suite("RTP from the caller reaches the channel")
    struct RTPReceiveTests {
        /// An INVITE/ACK/BYE written by hand, so the test can send RTP of its own.
        private static func request(_ method: String, peer: UDPPeer, pbxPort: Int, callID: String, cseq: Int,
                                    toTag: String?, body: String = "") -> String {
            let host = peer.family.uriHost
            var text = "\(method) sip:1001@\(host):\(pbxPort) SIP/2.0\r\n"
            text += "Via: SIP/2.0/UDP \(host):\(peer.port);branch=z9hG4bK\(callID)\(method)\(cseq);rport\r\n"
            text += "From: <sip:caller@\(host):\(peer.port)>;tag=from\(callID)\r\n"
            text += "To: <sip:1001@\(host):\(pbxPort)>\(toTag.map { ";tag=\($0)" } ?? "")\r\n"
            text += "Call-ID: \(callID)\r\nCSeq: \(cseq) \(method)\r\nMax-Forwards: 70\r\n"
            text += "Contact: <sip:caller@\(host):\(peer.port)>\r\n"
            if !body.isEmpty { text += "Content-Type: application/sdp\r\n" }
            text += "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
            return text
        }

        @Test("50 RTP packets sent to the answered call are counted by sip show channelstats", arguments: LoopbackFamily.allCases)
        func rtpReceived(family: LoopbackFamily) throws {
            let port = TestEnvironment.ports()
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000), name: "rtprecv")
            defer { pbx.stop() }
            let signalling = try UDPPeer(family: family, port: port + 4)
            let media = try UDPPeer(family: family, port: port + 6)
            let callID = "rtp\(port)"
            let sdp = "v=0\r\no=- 1 1 IN \(family.sdpType) \(family.address)\r\ns=-\r\nc=IN \(family.sdpType) \(family.address)\r\n"
                + "t=0 0\r\nm=audio \(port + 6) RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
            signalling.send(Self.request("INVITE", peer: signalling, pbxPort: port, callID: callID, cseq: 1, toTag: nil, body: sdp), toPort: port)
            let answer = try #require(signalling.receiveFinal())
            #expect(answer.hasPrefix("SIP/2.0 200"), "\(answer)")
            #expect(answer.contains("c=IN \(family.sdpType) \(family.address)\r\n"))
            let mediaLine = try #require(answer.split(whereSeparator: \.isNewline).first { $0.hasPrefix("m=audio ") })
            let pbxMediaPort = try #require(Int(mediaLine.split(separator: " ")[1]))
            let toTag = try #require(answer.sipHeaderValues("To").first?.digestParameter("tag"))
            signalling.send(Self.request("ACK", peer: signalling, pbxPort: port, callID: callID, cseq: 1, toTag: toTag), toPort: port)
            #expect(pbx.waitForLog("Executing [1001@default:2] Wait"))

            for index in 0..<50 {
                var packet: [UInt8] = [0x80, 0x00, UInt8(index >> 8), UInt8(index & 0xFF), 0, 0, UInt8(index * 160 >> 8 & 0xFF), UInt8(index * 160 & 0xFF), 1, 2, 3, 4]
                packet += [UInt8](repeating: 0xFF, count: 160)
                media.send(bytes: packet, toPort: pbxMediaPort)
                usleep(2_000)
            }
            usleep(200_000)
            let stats = try pbx.command("sip show channelstats")
            let row = try #require(stats.output.split(separator: "\n").first { $0.contains(callID) })
            let columns = row.split(separator: " ")
            let received = Int(columns[columns.count - 2]) ?? -1
            #expect(received == 50, "\(stats.output)")

            signalling.send(Self.request("BYE", peer: signalling, pbxPort: port, callID: callID, cseq: 2, toTag: toTag), toPort: port)
            let byeAnswer = try #require(signalling.receiveFinal())
            #expect(byeAnswer.hasPrefix("SIP/2.0 200"), "\(byeAnswer)")
        }
    }
}
