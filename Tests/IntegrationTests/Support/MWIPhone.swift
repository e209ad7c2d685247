import Foundation

/// A phone that registers and watches its message light: REGISTERs over a
/// bare UDP socket, answers the PBX's NOTIFYs with 200, and keeps their
/// bodies. Every wait is bounded.
final class MWIPhone {
    let peer: UDPPeer
    let name: String
    let pbxPort: Int
    private(set) var notifies: [String] = []

    init(name: String, family: LoopbackFamily, port: Int, pbxPort: Int) throws {
        self.peer = try UDPPeer(family: family, port: port)
        self.name = name
        self.pbxPort = pbxPort
    }

    var family: LoopbackFamily { peer.family }

    /// REGISTER (no authentication); true when the PBX answered 200.
    func register() -> Bool {
        let host = family.uriHost
        peer.send("""
            REGISTER sip:\(host):\(pbxPort) SIP/2.0\r
            Via: SIP/2.0/UDP \(host):\(peer.port);branch=z9hG4bK-reg\(UInt32.random(in: 1...UInt32.max));rport\r
            From: <sip:\(name)@\(host):\(pbxPort)>;tag=reg\(peer.port)\r
            To: <sip:\(name)@\(host):\(pbxPort)>\r
            Call-ID: register-\(peer.port)@test\r
            CSeq: \(notifies.count + 1) REGISTER\r
            Contact: <sip:\(name)@\(host):\(peer.port)>\r
            Expires: 300\r
            Max-Forwards: 70\r
            Content-Length: 0\r
            \r

            """, toPort: pbxPort)
        for _ in 0..<5 {
            guard let message = receiveOne() else { return false }
            if message.hasPrefix("SIP/2.0 200") { return true }
            if message.hasPrefix("SIP/2.0 ") { return false }
        }
        return false
    }

    /// Waits up to `timeout` seconds for a NOTIFY whose body contains
    /// `text`, among those after the first `skipping` received.
    func waitForNotify(containing text: String, skipping: Int = 0, timeout: TimeInterval = 10) -> String? {
        if let found = notifies.dropFirst(skipping).first(where: { $0.contains(text) }) { return found }
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard let message = receiveOne() else { continue }
            if message.hasPrefix("NOTIFY"), message.contains(text) { return message }
        }
        return nil
    }

    /// One datagram; NOTIFYs are answered 200 and remembered.
    private func receiveOne() -> String? {
        guard let message = peer.receive() else { return nil }
        if message.hasPrefix("NOTIFY") {
            notifies.append(message)
            var response = "SIP/2.0 200 OK\r\n"
            for header in ["Via", "From", "To", "Call-ID", "CSeq"] {
                for value in message.sipHeaderValues(header) { response += "\(header): \(value)\r\n" }
            }
            response += "Content-Length: 0\r\n\r\n"
            peer.send(response, toPort: pbxPort)
        }
        return message
    }
}
