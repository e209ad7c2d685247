import PBXCore

extension SIPMessage {
    /// Parses one whole message (a UDP datagram, or a TCP frame).
    ///
    /// The body is `Content-Length` bytes; with no Content-Length it is the
    /// rest of the bytes (allowed on UDP). A Content-Length larger than what
    /// arrived is an error, as RFC 3261 §18.3 asks.
    public init(parsing bytes: [UInt8]) throws(SIPParseError) {
        let result: Result<SIPMessage, SIPParseError> = bytes.withUnsafeBytes { raw in
            do throws(SIPParseError) {
                return .success(try SIPMessage(parsing: raw))
            } catch {
                return .failure(error)
            }
        }
        self = try result.get()
    }

    public init(parsing raw: UnsafeRawBufferPointer) throws(SIPParseError) {
        guard let split = SIPMessage.headerEnd(in: raw) else {
            throw SIPParseError("no end of headers")
        }
        let headText = String(decoding: UnsafeRawBufferPointer(rebasing: raw[0..<split.headerLength]), as: UTF8.self)
        var lines = SIPMessage.unfoldedLines(headText)
        guard !lines.isEmpty else { throw SIPParseError("empty message") }
        let startLine = try SIPMessage.parseStartLine(lines.removeFirst())

        var headers = SIPHeaders()
        var via: [Via] = []
        var from: NameAddr?
        var to: NameAddr?
        var callID: String?
        var cseq: CSeq?
        var maxForwards: Int?
        var contentLength: Int?
        var contacts: [NameAddr] = []
        var contactIsWildcard = false
        var expires: Int?

        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw SIPParseError("header without ':' '\(line)'") }
            let name = line[..<colon].trimmedWhitespace
            guard SIPToken.isToken(name) else { throw SIPParseError("bad header name '\(name)'") }
            let value = line[line.index(after: colon)...].trimmedWhitespace
            let canonical = SIPHeaders.canonicalName(name)
            headers.add(canonical, String(value))
            switch canonical {
            case "Via":
                for item in SIPToken.splitList(value) { via.append(try Via(parsing: item)) }
            case "From":
                guard from == nil else { throw SIPParseError("more than one From") }
                from = try NameAddr(parsing: value)
            case "To":
                guard to == nil else { throw SIPParseError("more than one To") }
                to = try NameAddr(parsing: value)
            case "Call-ID":
                guard callID == nil else { throw SIPParseError("more than one Call-ID") }
                guard !value.isEmpty, !value.contains(" ") else { throw SIPParseError("bad Call-ID '\(value)'") }
                callID = String(value)
            case "CSeq":
                guard cseq == nil else { throw SIPParseError("more than one CSeq") }
                cseq = try CSeq(parsing: value)
            case "Max-Forwards":
                guard let number = Int(value), (0...255).contains(number) else { throw SIPParseError("bad Max-Forwards '\(value)'") }
                maxForwards = number
            case "Content-Length":
                guard let number = Int(value), number >= 0 else { throw SIPParseError("bad Content-Length '\(value)'") }
                guard contentLength == nil || contentLength == number else { throw SIPParseError("conflicting Content-Length") }
                contentLength = number
            case "Contact":
                if value == "*" {
                    contactIsWildcard = true
                } else {
                    for item in SIPToken.splitList(value) { contacts.append(try NameAddr(parsing: item)) }
                }
            case "Expires":
                guard let number = UInt32(value) else { throw SIPParseError("bad Expires '\(value)'") }
                expires = Int(number)
            default:
                break
            }
        }

        guard !via.isEmpty else { throw SIPParseError("missing Via") }
        guard let from else { throw SIPParseError("missing From") }
        guard let to else { throw SIPParseError("missing To") }
        guard let callID else { throw SIPParseError("missing Call-ID") }
        guard let cseq else { throw SIPParseError("missing CSeq") }
        if case .request(let method, _) = startLine, method != cseq.method {
            throw SIPParseError("CSeq method \(cseq.method) does not match \(method)")
        }

        let available = raw.count - split.bodyStart
        let bodyLength = contentLength ?? available
        guard bodyLength <= available else {
            throw SIPParseError("Content-Length \(bodyLength) larger than the \(available) bytes received")
        }
        let body = Array(UnsafeRawBufferPointer(rebasing: raw[split.bodyStart..<(split.bodyStart + bodyLength)]))

        self.init(startLine: startLine, headers: headers, body: body, via: via, from: from, to: to, callID: callID,
                  cseq: cseq, maxForwards: maxForwards, contacts: contacts, contactIsWildcard: contactIsWildcard,
                  expires: expires)
    }

    /// Where the header block ends: CRLF CRLF (or a tolerated bare LF LF).
    static func headerEnd(in raw: UnsafeRawBufferPointer) -> (headerLength: Int, bodyStart: Int)? {
        var index = 0
        // Leading CRLFs are keep-alives, not part of the message.
        while index < raw.count, raw[index] == 13 || raw[index] == 10 { index += 1 }
        while index < raw.count {
            if raw[index] == 10 {
                if index + 1 < raw.count, raw[index + 1] == 10 { return (index, index + 2) }
                if index + 2 < raw.count, raw[index + 1] == 13, raw[index + 2] == 10 { return (index, index + 3) }
            }
            index += 1
        }
        return nil
    }

    /// Splits the head into lines and joins continuation lines (leading
    /// SP/HT) to the line before, as RFC 3261 §7.3.1 folds them.
    static func unfoldedLines(_ text: String) -> [Substring] {
        var lines: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        // Skip keep-alive CRLFs before the start line.
        while start < utf8.endIndex, utf8[start] == 13 || utf8[start] == 10 { start = utf8.index(after: start) }
        var index = start
        func addLine(_ end: String.UTF8View.Index) {
            var lineEnd = end
            if lineEnd > start, utf8[utf8.index(before: lineEnd)] == 13 { lineEnd = utf8.index(before: lineEnd) }
            let line = text[start..<lineEnd]
            if let first = line.utf8.first, first == 32 || first == 9, let previous = lines.last {
                let joined = String(previous) + " " + String(line.trimmedWhitespace)
                lines[lines.count - 1] = Substring(joined)
            } else if !line.isEmpty {
                lines.append(line)
            }
        }
        while index < utf8.endIndex {
            if utf8[index] == 10 {
                addLine(index)
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if start < utf8.endIndex { addLine(utf8.endIndex) }
        return lines
    }

    static func parseStartLine(_ line: Substring) throws(SIPParseError) -> StartLine {
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw SIPParseError("bad start line '\(line)'") }
        if parts[0] == "SIP/2.0" {
            guard parts[1].utf8.count == 3, let code = Int(parts[1]), (100...699).contains(code) else {
                throw SIPParseError("bad status code '\(parts[1])'")
            }
            return .response(statusCode: code, reason: String(parts[2]))
        }
        guard SIPToken.isToken(parts[0]) else { throw SIPParseError("bad method '\(parts[0])'") }
        guard parts[2] == "SIP/2.0" else { throw SIPParseError("unsupported version '\(parts[2])'") }
        let uri = try SIPURI(parsing: parts[1])
        return .request(method: SIPMethod(String(parts[0])), uri: uri)
    }
}
