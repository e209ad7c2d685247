import Crypto
import Foundation
import Testing

extension IntegrationSuite {
    @Suite("REGISTER with a SHA-256 digest (RFC 8760)")
    struct DigestSHA256Tests {
        private static func sha256(_ text: String) -> String {
            SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
        }

        private static func register(peer: UDPPeer, pbxPort: Int, user: String, cseq: Int, callID: String,
                                     authorization: String?) -> String {
            let host = peer.family.uriHost
            var text = "REGISTER sip:\(host):\(pbxPort) SIP/2.0\r\n"
            text += "Via: SIP/2.0/UDP \(host):\(peer.port);branch=z9hG4bK\(callID)\(cseq);rport\r\n"
            text += "From: <sip:\(user)@\(host):\(pbxPort)>;tag=t\(callID)\r\n"
            text += "To: <sip:\(user)@\(host):\(pbxPort)>\r\n"
            text += "Call-ID: \(callID)\r\nCSeq: \(cseq) REGISTER\r\nMax-Forwards: 70\r\n"
            text += "Contact: <sip:\(user)@\(host):\(peer.port)>\r\nExpires: 600\r\n"
            if let authorization { text += "Authorization: \(authorization)\r\n" }
            text += "Content-Length: 0\r\n\r\n"
            return text
        }

        @Test("challenges offer SHA-256 first and a SHA-256 answer registers; unknown users look the same",
              arguments: LoopbackFamily.allCases)
        func sha256Registration(family: LoopbackFamily) throws {
            let port = TestEnvironment.ports()
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000, digest: "sha-256,md5"), name: "sha256")
            defer { pbx.stop() }
            let peer = try UDPPeer(family: family, port: port + 4)
            let callID = "sha\(port)"
            peer.send(Self.register(peer: peer, pbxPort: port, user: "dev1", cseq: 1, callID: callID, authorization: nil), toPort: port)
            let challenge = try #require(peer.receiveFinal())
            #expect(challenge.hasPrefix("SIP/2.0 401"))
            let offers = challenge.sipHeaderValues("WWW-Authenticate")
            #expect(offers.count == 2)
            #expect(offers.first?.contains("algorithm=SHA-256") == true)
            #expect(offers.last?.contains("algorithm=MD5") == true)
            #expect(challenge.sipHeaderValues("Via").first?.contains("rport=\(port + 4)") == true)

            // The same shape for a user that does not exist: names cannot be probed.
            peer.send(Self.register(peer: peer, pbxPort: port, user: "nobody", cseq: 1, callID: callID + "x", authorization: nil), toPort: port)
            let unknownChallenge = try #require(peer.receiveFinal())
            #expect(unknownChallenge.hasPrefix("SIP/2.0 401"))
            let unknownOffers = unknownChallenge.sipHeaderValues("WWW-Authenticate")
            #expect(unknownOffers.map { $0.replacingOccurrences(of: $0.digestParameter("nonce") ?? "", with: "N") }
                    == offers.map { $0.replacingOccurrences(of: $0.digestParameter("nonce") ?? "", with: "N") })

            let offer = try #require(offers.first)
            let realm = try #require(offer.digestParameter("realm"))
            let nonce = try #require(offer.digestParameter("nonce"))
            let uri = "sip:\(family.uriHost):\(port)"
            let cnonce = "0a4f113b"
            let ha1 = Self.sha256("dev1:\(realm):dev1pass")
            let ha2 = Self.sha256("REGISTER:\(uri)")
            let response = Self.sha256("\(ha1):\(nonce):00000001:\(cnonce):auth:\(ha2)")
            let authorization = "Digest username=\"dev1\", realm=\"\(realm)\", nonce=\"\(nonce)\", uri=\"\(uri)\", "
                + "response=\"\(response)\", algorithm=SHA-256, qop=auth, nc=00000001, cnonce=\"\(cnonce)\""
            peer.send(Self.register(peer: peer, pbxPort: port, user: "dev1", cseq: 2, callID: callID, authorization: authorization), toPort: port)
            let accepted = try #require(peer.receiveFinal())
            #expect(accepted.hasPrefix("SIP/2.0 200"), "\(accepted)")
            #expect(accepted.sipHeaderValues("Contact").first?.contains("expires=600") == true)

            // The same answer with a wrong password is refused.
            let wrong = authorization.replacingOccurrences(of: response, with: Self.sha256("\(Self.sha256("dev1:\(realm):bad")):\(nonce):00000001:\(cnonce):auth:\(ha2)"))
            peer.send(Self.register(peer: peer, pbxPort: port, user: "dev1", cseq: 3, callID: callID, authorization: wrong), toPort: port)
            let refused = try #require(peer.receiveFinal())
            #expect(refused.hasPrefix("SIP/2.0 403"), "\(refused)")
        }
    }
}
