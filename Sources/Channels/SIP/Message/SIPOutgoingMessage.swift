import NIOCore

/// A message the PBX sends: start line, header fields and body, written to
/// bytes once. Content-Length is always added from the body.
public struct SIPOutgoingMessage: Sendable {
    public var startLine: SIPMessage.StartLine
    public var headers: SIPHeaders
    public var body: [UInt8]

    public init(startLine: SIPMessage.StartLine, headers: SIPHeaders = SIPHeaders(), body: [UInt8] = []) {
        self.startLine = startLine
        self.headers = headers
        self.body = body
    }

    public var statusCode: Int? {
        if case .response(let code, _) = startLine { return code }
        return nil
    }

    public var method: SIPMethod? {
        if case .request(let method, _) = startLine { return method }
        return nil
    }

    /// The wire form.
    public func write(into buffer: inout ByteBuffer) {
        switch startLine {
        case .request(let method, let uri):
            buffer.writeString("\(method.rawValue) \(uri) SIP/2.0\r\n")
        case .response(let code, let reason):
            buffer.writeString("SIP/2.0 \(code) \(reason)\r\n")
        }
        for field in headers.fields where field.name != "Content-Length" {
            buffer.writeString(field.name)
            buffer.writeString(": ")
            buffer.writeString(field.value)
            buffer.writeString("\r\n")
        }
        buffer.writeString("Content-Length: \(body.count)\r\n\r\n")
        buffer.writeBytes(body)
    }

    public var bytes: [UInt8] {
        var buffer = ByteBufferAllocator().buffer(capacity: 512 + body.count)
        write(into: &buffer)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

extension SIPOutgoingMessage {
    /// A response to `request` (RFC 3261 §8.2.6): Via, From, To, Call-ID and
    /// CSeq copied; a To tag added when `toTag` is given and the To has none.
    public static func response(to request: SIPMessage, status: Int, reason: String? = nil, toTag: String? = nil) -> SIPOutgoingMessage {
        var headers = SIPHeaders()
        for via in request.via { headers.add("Via", via.description) }
        var to = request.to
        if to.tag == nil, let toTag { to.tag = toTag }
        headers.add("From", request.headers["From"] ?? request.from.description)
        headers.add("To", to.tag == request.to.tag ? (request.headers["To"] ?? to.description) : to.description)
        headers.add("Call-ID", request.callID)
        headers.add("CSeq", request.cseq.description)
        // A reason may quote received text: keep it to one short line.
        let phrase = String((reason ?? SIPOutgoingMessage.reasonPhrase(for: status)).prefix(100).map { $0.isNewline ? " " : $0 })
        return SIPOutgoingMessage(startLine: .response(statusCode: status, reason: phrase), headers: headers)
    }

    /// RFC 3261's reason phrases for the codes a PBX sends.
    public static func reasonPhrase(for status: Int) -> String {
        switch status {
        case 100: "Trying"
        case 180: "Ringing"
        case 183: "Session Progress"
        case 200: "OK"
        case 202: "Accepted"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 407: "Proxy Authentication Required"
        case 408: "Request Timeout"
        case 415: "Unsupported Media Type"
        case 420: "Bad Extension"
        case 423: "Interval Too Brief"
        case 480: "Temporarily Unavailable"
        case 481: "Call/Transaction Does Not Exist"
        case 482: "Loop Detected"
        case 483: "Too Many Hops"
        case 484: "Address Incomplete"
        case 486: "Busy Here"
        case 487: "Request Terminated"
        case 488: "Not Acceptable Here"
        case 491: "Request Pending"
        case 500: "Server Internal Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 505: "Version Not Supported"
        case 513: "Message Too Large"
        case 603: "Decline"
        default: "Unknown"
        }
    }
}
