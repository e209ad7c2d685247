#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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
        let result: Result<SIPMessage, SIPParseError> = raw.withMemoryRebound(to: UInt8.self) { octets in
            do throws(SIPParseError) {
                return .success(try SIPMessage(octets: octets, split: split))
            } catch {
                return .failure(error)
            }
        }
        self = try result.get()
    }

    private init(octets: UnsafeBufferPointer<UInt8>, split: (headerLength: Int, bodyStart: Int)) throws(SIPParseError) {
        let head = UnsafeBufferPointer(rebasing: octets[0..<split.headerLength])
        var parsed: (message: SIPMessage, contentLength: Int?)
        if head.isASCII {
            parsed = try SIPMessage.parseHead(head)
        } else {
            // Invalid UTF-8 is read as U+FFFD, as text made from bytes always is.
            var text = String(decoding: head, as: UTF8.self)
            let result: Result<(message: SIPMessage, contentLength: Int?), SIPParseError> = text.withUTF8 { repaired in
                do throws(SIPParseError) {
                    return .success(try SIPMessage.parseHead(repaired))
                } catch {
                    return .failure(error)
                }
            }
            parsed = try result.get()
        }

        let available = octets.count - split.bodyStart
        let bodyLength = parsed.contentLength ?? available
        guard bodyLength <= available else {
            throw SIPParseError("Content-Length \(bodyLength) larger than the \(available) bytes received")
        }
        parsed.message.body = Array(octets[split.bodyStart..<(split.bodyStart + bodyLength)])
        self = parsed.message
    }

    /// Where the header block ends: CRLF CRLF (or a tolerated bare LF LF).
    static func headerEnd(in raw: UnsafeRawBufferPointer) -> (headerLength: Int, bodyStart: Int)? {
        guard let start = raw.baseAddress else { return nil }
        var index = 0
        // Leading CRLFs are keep-alives, not part of the message.
        while index < raw.count, raw[index] == 13 || raw[index] == 10 { index += 1 }
        while index < raw.count, let found = memchr(start + index, 10, raw.count - index) {
            index = start.distance(to: UnsafeRawPointer(found))
            if index + 1 < raw.count, raw[index + 1] == 10 { return (index, index + 2) }
            if index + 2 < raw.count, raw[index + 1] == 13, raw[index + 2] == 10 { return (index, index + 3) }
            index += 1
        }
        return nil
    }

    /// The start line and header fields; the body is the caller's. Returns
    /// the Content-Length too, which only framing needs.
    private static func parseHead(_ head: UnsafeBufferPointer<UInt8>) throws(SIPParseError) -> (message: SIPMessage, contentLength: Int?) {
        let (joined, lines) = unfoldedLines(head)
        guard let joined else { return try parseLines(head, lines) }
        let result: Result<(message: SIPMessage, contentLength: Int?), SIPParseError> = joined.withUnsafeBufferPointer { buffer in
            do throws(SIPParseError) {
                return .success(try parseLines(buffer, lines))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The head's lines without their CR LF, continuation lines (leading
    /// SP/HT) joined to the line before as RFC 3261 §7.3.1 folds them.
    /// Unfolded heads, the usual case, are returned as ranges of `head`
    /// itself; folded ones are rebuilt in `joined` and ranges point there.
    static func unfoldedLines(_ head: UnsafeBufferPointer<UInt8>) -> (joined: [UInt8]?, lines: [Range<Int>]) {
        var lines: [Range<Int>] = []
        lines.reserveCapacity(24)
        var folded = false
        var start = 0
        // Skip keep-alive CRLFs before the start line.
        while start < head.count, head[start] == 13 || head[start] == 10 { start += 1 }
        func addLine(_ end: Int) {
            var lineEnd = end
            if lineEnd > start, head[lineEnd - 1] == 13 { lineEnd -= 1 }
            guard lineEnd > start else { return }
            if head[start] == 32 || head[start] == 9, !lines.isEmpty { folded = true }
            lines.append(start..<lineEnd)
        }
        let whole = head[...]
        while let newline = whole.firstIndex(of: 10, from: start) {
            addLine(newline)
            start = newline + 1
        }
        if start < head.count { addLine(head.count) }
        guard folded else { return (nil, lines) }

        // Each joined line is the last one written, so joining appends.
        var joined: [UInt8] = []
        joined.reserveCapacity(head.count)
        var joinedLines: [Range<Int>] = []
        for range in lines {
            let line = head[range]
            if let first = line.first, first == 32 || first == 9, let previous = joinedLines.last {
                joined.append(32)
                joined.append(contentsOf: line.trimmedWhitespace)
                joinedLines[joinedLines.count - 1] = previous.lowerBound..<joined.count
            } else {
                let lineStart = joined.count
                joined.append(contentsOf: line)
                joinedLines.append(lineStart..<joined.count)
            }
        }
        return (joined, joinedLines)
    }

    /// The header fields the parser types; every other one is kept as text only.
    private enum TypedField {
        case via, from, to, callID, cseq, maxForwards, contentLength, contact, expires, other

        /// `canonical` comes from `SIPHeaders.canonicalName`, so known names
        /// are spelt exactly as here; grouping by length keeps the string
        /// comparisons to one or two.
        init(canonical: String) {
            switch canonical.utf8.count {
            case 2: self = canonical == "To" ? .to : .other
            case 3: self = canonical == "Via" ? .via : .other
            case 4: self = canonical == "From" ? .from : canonical == "CSeq" ? .cseq : .other
            case 7: self = canonical == "Call-ID" ? .callID : canonical == "Contact" ? .contact : canonical == "Expires" ? .expires : .other
            case 12: self = canonical == "Max-Forwards" ? .maxForwards : .other
            case 14: self = canonical == "Content-Length" ? .contentLength : .other
            default: self = .other
            }
        }
    }

    private static func parseLines(_ buffer: UnsafeBufferPointer<UInt8>, _ lines: [Range<Int>]) throws(SIPParseError) -> (message: SIPMessage, contentLength: Int?) {
        guard let firstLine = lines.first else { throw SIPParseError("empty message") }
        let startLine = try SIPMessage.parseStartLine(buffer[firstLine])

        var headers = SIPHeaders()
        headers.reserveCapacity(lines.count - 1)
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

        for range in lines.dropFirst() {
            let line = buffer[range]
            guard let colon = line.firstIndex(of: 0x3A, from: line.startIndex) else {
                throw SIPParseError("header without ':' '\(line.text)'")
            }
            let name = line[..<colon].trimmedWhitespace
            guard SIPToken.isToken(name) else { throw SIPParseError("bad header name '\(name.text)'") }
            let value = line[(colon + 1)...].trimmedWhitespace
            let valueText = value.text
            let canonical = SIPHeaders.canonicalName(name)
            headers.append(canonicalName: canonical, value: valueText)
            switch TypedField(canonical: canonical) {
            case .via:
                try SIPToken.forEachListItem(value) { item throws(SIPParseError) in via.append(try Via(bytes: item)) }
            case .from:
                guard from == nil else { throw SIPParseError("more than one From") }
                from = try NameAddr(bytes: value)
            case .to:
                guard to == nil else { throw SIPParseError("more than one To") }
                to = try NameAddr(bytes: value)
            case .callID:
                guard callID == nil else { throw SIPParseError("more than one Call-ID") }
                guard !value.isEmpty, !value.contains(byte: 0x20) else { throw SIPParseError("bad Call-ID '\(valueText)'") }
                callID = valueText
            case .cseq:
                guard cseq == nil else { throw SIPParseError("more than one CSeq") }
                cseq = try CSeq(bytes: value)
            case .maxForwards:
                guard let number = Int(valueText), (0...255).contains(number) else { throw SIPParseError("bad Max-Forwards '\(valueText)'") }
                maxForwards = number
            case .contentLength:
                guard let number = Int(valueText), number >= 0 else { throw SIPParseError("bad Content-Length '\(valueText)'") }
                guard contentLength == nil || contentLength == number else { throw SIPParseError("conflicting Content-Length") }
                contentLength = number
            case .contact:
                if value.equals("*") {
                    contactIsWildcard = true
                } else {
                    try SIPToken.forEachListItem(value) { item throws(SIPParseError) in contacts.append(try NameAddr(bytes: item)) }
                }
            case .expires:
                guard let number = UInt32(valueText) else { throw SIPParseError("bad Expires '\(valueText)'") }
                expires = Int(number)
            case .other:
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
        let message = SIPMessage(startLine: startLine, headers: headers, body: [], via: via, from: from, to: to, callID: callID,
                                 cseq: cseq, maxForwards: maxForwards, contacts: contacts, contactIsWildcard: contactIsWildcard,
                                 expires: expires)
        return (message, contentLength)
    }

    /// `METHOD URI SIP/2.0` or `SIP/2.0 CODE REASON`, split at the first two spaces.
    static func parseStartLine(_ line: SIPBytes) throws(SIPParseError) -> StartLine {
        guard let firstSpace = line.firstIndex(of: 0x20, from: line.startIndex),
              let secondSpace = line.firstIndex(of: 0x20, from: firstSpace + 1) else {
            throw SIPParseError("bad start line '\(line.text)'")
        }
        let first = line[..<firstSpace]
        let second = line[(firstSpace + 1)..<secondSpace]
        let third = line[(secondSpace + 1)...]
        if first.equals("SIP/2.0") {
            guard second.count == 3, let code = Int(second.text), (100...699).contains(code) else {
                throw SIPParseError("bad status code '\(second.text)'")
            }
            return .response(statusCode: code, reason: third.text)
        }
        guard SIPToken.isToken(first) else { throw SIPParseError("bad method '\(first.text)'") }
        guard third.equals("SIP/2.0") else { throw SIPParseError("unsupported version '\(third.text)'") }
        let uri = try SIPURI(bytes: second)
        return .request(method: SIPMethod(first.text), uri: uri)
    }
}
