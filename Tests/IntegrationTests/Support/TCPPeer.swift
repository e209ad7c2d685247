import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal SIP phone on one TCP connection to the PBX: registers with an
/// MD5 digest, then answers the PBX's INVITE on that same connection (200
/// with SDP, ACK, BYE). Blocking reads with a timeout; test use only.
final class TCPPeer {
    /// One SIP message as read off the stream.
    struct Message {
        let startLine: String
        let headers: [(name: String, value: String)]
        let body: String

        func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
        func headers(_ name: String) -> [String] {
            headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
        }
        var statusCode: Int? {
            guard startLine.hasPrefix("SIP/2.0 ") else { return nil }
            return Int(startLine.dropFirst(8).prefix(3))
        }
        var method: String? { startLine.hasPrefix("SIP/2.0") ? nil : startLine.split(separator: " ").first.map(String.init) }
        var text: String { ([startLine] + headers.map { "\($0.name): \($0.value)" }).joined(separator: "\r\n") + "\r\n\r\n" + body }
    }

    struct PeerError: Error, CustomStringConvertible {
        let description: String
    }

    let family: LoopbackFamily
    let pbxPort: Int
    private(set) var localPort = 0
    private let socket: Int32
    private var received: [UInt8] = []
    /// Everything sent and received, for failure messages.
    private(set) var trace = ""

    init(family: LoopbackFamily, pbxPort: Int, readTimeout: Int = 10) throws {
        self.family = family
        self.pbxPort = pbxPort
        var hints = addrinfo()
        hints.ai_family = family == .ipv4 ? AF_INET : AF_INET6
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(family.address, "\(pbxPort)", &hints, &list) == 0, let info = list else {
            throw PeerError(description: "cannot resolve \(family.address)")
        }
        defer { freeaddrinfo(list) }
        socket = Glibc.socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard socket >= 0 else { throw PeerError(description: "socket() failed: \(errno)") }
        var timeout = timeval(tv_sec: readTimeout, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard connect(socket, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            close(socket)
            throw PeerError(description: "connect to \(family.uriHost):\(pbxPort) failed: \(errno)")
        }
        var local = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        withUnsafeMutablePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(socket, $0, &length) }
        }
        // The port sits at the same offset in sockaddr_in and sockaddr_in6.
        let port = withUnsafeBytes(of: &local) { UInt16($0[2]) << 8 | UInt16($0[3]) }
        localPort = Int(port)
    }

    deinit { close(socket) }

    private var pbxHost: String { "\(family.uriHost):\(pbxPort)" }
    private var localHost: String { "\(family.uriHost):\(localPort)" }

    func send(_ text: String) throws {
        trace += "--> sent\n\(text)\n"
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw PeerError(description: "send failed: \(errno)") }
            offset += sent
        }
    }

    /// The next message, framed by its Content-Length.
    func receive() throws -> Message {
        while true {
            // CRLF keep-alives between messages (RFC 5626) are skipped.
            while let first = received.first, first == 13 || first == 10 { received.removeFirst() }
            if let end = headerEnd() {
                let head = String(decoding: received[..<end], as: UTF8.self)
                var lines = head.components(separatedBy: "\r\n")
                let startLine = lines.removeFirst()
                let headers = lines.compactMap { line -> (name: String, value: String)? in
                    guard let colon = line.firstIndex(of: ":") else { return nil }
                    return (String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                            String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
                }
                let lengthHeader = headers.first { ["content-length", "l"].contains($0.name.lowercased()) }?.value
                let length = Int(lengthHeader ?? "0") ?? 0
                if received.count >= end + 4 + length {
                    let body = String(decoding: received[(end + 4)..<(end + 4 + length)], as: UTF8.self)
                    received.removeFirst(end + 4 + length)
                    let message = Message(startLine: startLine, headers: headers, body: body)
                    trace += "<-- received\n\(message.text)\n"
                    return message
                }
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw PeerError(description: "connection read ended (\(count), errno \(errno))\n\(trace)") }
            received += chunk[..<count]
        }
    }

    private func headerEnd() -> Int? {
        guard received.count >= 4 else { return nil }
        for index in 0...(received.count - 4)
        where received[index] == 13 && received[index + 1] == 10 && received[index + 2] == 13 && received[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// REGISTER, answer the 401 with an MD5 digest; the final status.
    func register(user: String, secret: String) throws -> Int {
        let callID = "\(UInt32.random(in: 0...UInt32.max))@tcppeer"
        let tag = "\(UInt32.random(in: 0...UInt32.max))"
        let uri = "sip:\(pbxHost)"
        func request(cseq: Int, authorization: String?) -> String {
            var lines = ["REGISTER \(uri) SIP/2.0",
                         "Via: SIP/2.0/TCP \(localHost);branch=z9hG4bK-tcppeer-\(UInt32.random(in: 0...UInt32.max));rport",
                         "Max-Forwards: 70",
                         "From: <sip:\(user)@\(pbxHost)>;tag=\(tag)",
                         "To: <sip:\(user)@\(pbxHost)>",
                         "Call-ID: \(callID)",
                         "CSeq: \(cseq) REGISTER",
                         "Contact: <sip:\(user)@\(localHost);transport=tcp>",
                         "Expires: 300"]
            if let authorization { lines.append("Authorization: \(authorization)") }
            lines.append("Content-Length: 0")
            return lines.joined(separator: "\r\n") + "\r\n\r\n"
        }
        try send(request(cseq: 1, authorization: nil))
        let challenge = try receive()
        guard challenge.statusCode == 401 else { return challenge.statusCode ?? 0 }
        let offers = challenge.headers("WWW-Authenticate").map(Self.digestParameters)
        guard let offer = offers.first(where: { ($0["algorithm"] ?? "MD5").uppercased() == "MD5" }),
              let realm = offer["realm"], let nonce = offer["nonce"] else {
            throw PeerError(description: "no MD5 challenge in \(challenge.text)")
        }
        let ha1 = Self.md5("\(user):\(realm):\(secret)")
        let ha2 = Self.md5("REGISTER:\(uri)")
        var authorization = "Digest username=\"\(user)\", realm=\"\(realm)\", nonce=\"\(nonce)\", uri=\"\(uri)\", algorithm=MD5"
        if let qop = offer["qop"], qop.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == "auth" }) {
            let cnonce = String(UInt32.random(in: 0...UInt32.max), radix: 16)
            let response = Self.md5("\(ha1):\(nonce):00000001:\(cnonce):auth:\(ha2)")
            authorization += ", qop=auth, nc=00000001, cnonce=\"\(cnonce)\", response=\"\(response)\""
        } else {
            authorization += ", response=\"\(Self.md5("\(ha1):\(nonce):\(ha2)"))\""
        }
        if let opaque = offer["opaque"] { authorization += ", opaque=\"\(opaque)\"" }
        try send(request(cseq: 2, authorization: authorization))
        return try receive().statusCode ?? 0
    }

    /// Waits for the PBX's INVITE, answers 200 with SDP (media at
    /// `rtpPort`), reads the ACK; returns the INVITE.
    func answerCall(rtpPort: Int) throws -> Message {
        var invite = try receive()
        while invite.method != "INVITE" { invite = try receive() }
        let sdp = ["v=0", "o=tcppeer 1 1 IN \(family.sdpType) \(family.address)", "s=-",
                   "c=IN \(family.sdpType) \(family.address)", "t=0 0", "m=audio \(rtpPort) RTP/AVP 0",
                   "a=rtpmap:0 PCMU/8000"].joined(separator: "\r\n") + "\r\n"
        var lines = ["SIP/2.0 200 OK"] + invite.headers("Via").map { "Via: \($0)" }
        lines += ["From: \(invite.header("From") ?? "")", "To: \(invite.header("To") ?? "");tag=tcppeer",
                  "Call-ID: \(invite.header("Call-ID") ?? "")", "CSeq: \(invite.header("CSeq") ?? "")",
                  "Contact: <sip:dev2@\(localHost);transport=tcp>", "Content-Type: application/sdp",
                  "Content-Length: \(sdp.utf8.count)"]
        try send(lines.joined(separator: "\r\n") + "\r\n\r\n" + sdp)
        let ack = try receive()
        guard ack.method == "ACK" else { throw PeerError(description: "expected ACK, got \(ack.startLine)\n\(trace)") }
        return invite
    }

    /// Waits for a BYE and answers it with 200.
    func answerBye() throws -> Message {
        var bye = try receive()
        while bye.method != "BYE" { bye = try receive() }
        var lines = ["SIP/2.0 200 OK"] + bye.headers("Via").map { "Via: \($0)" }
        lines += ["From: \(bye.header("From") ?? "")", "To: \(bye.header("To") ?? "")", "Call-ID: \(bye.header("Call-ID") ?? "")",
                  "CSeq: \(bye.header("CSeq") ?? "")", "Content-Length: 0"]
        try send(lines.joined(separator: "\r\n") + "\r\n\r\n")
        return bye
    }

    /// `Digest realm="x", nonce="y", ...` as a dictionary, keys lowercased.
    private static func digestParameters(_ header: String) -> [String: String] {
        var result: [String: String] = [:]
        let body = header.drop { $0 != " " }
        var rest = Substring(body)
        while let equals = rest.firstIndex(of: "=") {
            let key = rest[..<equals].trimmingCharacters(in: CharacterSet(charactersIn: " ,")).lowercased()
            rest = rest[rest.index(after: equals)...]
            let value: Substring
            if rest.first == "\"" {
                let afterQuote = rest.dropFirst()
                let close = afterQuote.firstIndex(of: "\"") ?? afterQuote.endIndex
                value = afterQuote[..<close]
                rest = close < afterQuote.endIndex ? afterQuote[afterQuote.index(after: close)...] : ""
            } else {
                let comma = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<comma]
                rest = rest[comma...]
            }
            result[key] = value.trimmingCharacters(in: .whitespaces)
        }
        return result
    }

    private static func md5(_ text: String) -> String {
        Insecure.MD5.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
