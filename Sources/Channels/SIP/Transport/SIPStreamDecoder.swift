import Logging
import NIOCore
import PBXCore

/// Frames SIP messages on a byte stream (RFC 3261 §18.3): the head ends at
/// the first empty line and the body is exactly Content-Length bytes, so on
/// a stream Content-Length is required. CRLFs between messages are skipped
/// (§7.5) and a CRLFCRLF ping is answered with a CRLF pong (RFC 5626 §4.4.1).
///
/// A message that frames but does not parse is answered with 400 and the
/// stream goes on. One that cannot be framed (no or a bad Content-Length, a
/// head or body over the limits) leaves no way to find the next message: it
/// is answered with 400 when it is a request with enough headers to route
/// one, and the decoder throws a `FramingError`, on which the connection
/// handler closes the connection.
struct SIPStreamDecoder: ByteToMessageDecoder {
    typealias InboundOut = SIPMessage

    /// Why the stream cannot be framed any further.
    enum FramingError: Error, Equatable, CustomStringConvertible {
        case headTooLong(limit: Int)
        case missingContentLength
        case badContentLength(String)
        case bodyTooLong(length: Int, limit: Int)

        var description: String {
            switch self {
            case .headTooLong(let limit): "header block longer than \(limit) bytes"
            case .missingContentLength: "Content-Length is required on a stream"
            case .badContentLength(let value): "bad Content-Length '\(value)'"
            case .bodyTooLong(let length, let limit): "Content-Length \(length) over the limit of \(limit)"
            }
        }
    }

    /// What a head says about the body's length.
    enum ContentLength: Equatable {
        case missing
        case invalid(String)
        case length(Int)
    }

    static let defaultHeadLimit = 65_536
    static let defaultBodyLimit = 65_536

    private static let cr: UInt8 = 13
    private static let lf: UInt8 = 10
    private static let ping: [UInt8] = [13, 10, 13, 10]

    let headLimit: Int
    let bodyLimit: Int
    private let logger: Logger?
    /// How far the head at the front has been searched for its end, so a
    /// message arriving in many reads is not searched from its start each time.
    private var searched = 0
    /// The whole length of the message at the front, once its head is read.
    private var frameLength: Int?

    init(headLimit: Int = SIPStreamDecoder.defaultHeadLimit, bodyLimit: Int = SIPStreamDecoder.defaultBodyLimit,
         logger: Logger? = nil) {
        self.headLimit = headLimit
        self.bodyLimit = bodyLimit
        self.logger = logger
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if frameLength == nil {
            guard skipKeepAlives(context: context, buffer: &buffer) else { return .needMoreData }
            guard let length = try measure(context: context, buffer: buffer) else { return .needMoreData }
            frameLength = length
        }
        guard let length = frameLength, let frame = buffer.readSlice(length: length) else { return .needMoreData }
        frameLength = nil
        searched = 0
        deliver(frame, context: context)
        return .continue
    }

    /// At the end of the stream whole messages still buffered are delivered;
    /// a partial one goes with the connection.
    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }

    /// Consumes CR/LF before a start line, answering each CRLFCRLF ping.
    /// True when a message's first byte is at the front.
    private mutating func skipKeepAlives(context: ChannelHandlerContext, buffer: inout ByteBuffer) -> Bool {
        while let first = buffer.readableBytesView.first, first == SIPStreamDecoder.cr || first == SIPStreamDecoder.lf {
            searched = 0
            let view = buffer.readableBytesView
            if view.starts(with: SIPStreamDecoder.ping) {
                buffer.moveReaderIndex(forwardBy: 4)
                write("\r\n", context: context)
                continue
            }
            // The start of a ping whose rest has not arrived: wait for it.
            if view.count < 4, SIPStreamDecoder.ping.starts(with: view) { return false }
            buffer.moveReaderIndex(forwardBy: view.starts(with: [SIPStreamDecoder.cr, SIPStreamDecoder.lf]) ? 2 : 1)
        }
        return buffer.readableBytes > 0
    }

    /// The length of the message at the front of `buffer`, nil while its
    /// head is incomplete.
    private mutating func measure(context: ChannelHandlerContext, buffer: ByteBuffer) throws(FramingError) -> Int? {
        let from = searched
        guard let end = buffer.withUnsafeReadableBytes({ SIPStreamDecoder.headEnd(in: $0, from: from) }) else {
            if buffer.readableBytes > headLimit { throw refuse(.headTooLong(limit: headLimit), head: buffer, context: context) }
            searched = max(0, buffer.readableBytes - 2)
            return nil
        }
        guard end.bodyStart <= headLimit else { throw refuse(.headTooLong(limit: headLimit), head: buffer, context: context) }
        let declared = buffer.withUnsafeReadableBytes { raw in
            SIPStreamDecoder.contentLength(inHead: UnsafeRawBufferPointer(rebasing: raw[0..<end.headLength]))
        }
        switch declared {
        case .missing:
            throw refuse(.missingContentLength, head: buffer, context: context)
        case .invalid(let value):
            throw refuse(.badContentLength(value), head: buffer, context: context)
        case .length(let length):
            guard length <= bodyLimit else {
                throw refuse(.bodyTooLong(length: length, limit: bodyLimit), head: buffer, context: context)
            }
            return end.bodyStart + length
        }
    }

    /// Parses a framed message and hands it on; a bad one is answered with 400.
    private func deliver(_ frame: ByteBuffer, context: ChannelHandlerContext) {
        let parsed: Result<SIPMessage, SIPParseError> = frame.withUnsafeReadableBytes { raw in
            do throws(SIPParseError) {
                return .success(try SIPMessage(parsing: raw))
            } catch {
                return .failure(error)
            }
        }
        switch parsed {
        case .success(let message):
            context.fireChannelRead(SIPStreamDecoder.wrapInboundOut(message))
        case .failure(let error):
            logger?.notice("Malformed SIP from \(remoteDescription(context)): \(error.reason)")
            if let response = SIPBadRequest.response(for: frame, reason: error.reason) { write(response, context: context) }
        }
    }

    /// Logs a framing error and answers it with 400 when possible.
    private func refuse(_ error: FramingError, head: ByteBuffer, context: ChannelHandlerContext) -> FramingError {
        logger?.notice("Closing SIP connection from \(remoteDescription(context)): \(error)")
        if let response = SIPBadRequest.response(for: head, reason: error.description) { write(response, context: context) }
        return error
    }

    private func write(_ text: String, context: ChannelHandlerContext) {
        let bytes = context.channel.allocator.buffer(string: text)
        context.writeAndFlush(NIOAny(bytes), promise: nil)
    }

    private func remoteDescription(_ context: ChannelHandlerContext) -> String {
        context.channel.remoteAddress.flatMap { HostPort(socketAddress: $0)?.description } ?? "unknown"
    }

    /// Where the head ends, searching from `start`: the index of the LF that
    /// ends the last header line, and where the body starts (after CRLF CRLF,
    /// or a tolerated LF LF or LF CRLF).
    static func headEnd(in raw: UnsafeRawBufferPointer, from start: Int) -> (headLength: Int, bodyStart: Int)? {
        var index = max(0, start)
        while index < raw.count {
            if raw[index] == lf {
                if index + 1 < raw.count, raw[index + 1] == lf { return (index, index + 2) }
                if index + 2 < raw.count, raw[index + 1] == cr, raw[index + 2] == lf { return (index, index + 3) }
            }
            index += 1
        }
        return nil
    }

    /// The Content-Length (or compact `l`) a head declares; several must agree.
    static func contentLength(inHead head: UnsafeRawBufferPointer) -> ContentLength {
        var found: Int?
        var lineStart = 0
        var isFirstLine = true
        while lineStart < head.count {
            var lineEnd = lineStart
            while lineEnd < head.count, head[lineEnd] != lf { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            if isFirstLine {
                isFirstLine = false
                continue
            }
            // A continuation line (leading SP/HT) belongs to the field before it.
            guard lineStart < lineEnd, head[lineStart] != 0x20, head[lineStart] != 0x09,
                  let value = contentLengthValue(head, trimmed(head, lineStart, lineEnd)) else { continue }
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: head[value]), as: UTF8.self)
            guard !value.isEmpty, value.count <= 18, value.allSatisfy({ head[$0] >= 0x30 && head[$0] <= 0x39 }),
                  let length = Int(text) else {
                return .invalid(text)
            }
            if let found, found != length { return .invalid("\(found) and \(length)") }
            found = length
        }
        return found.map(ContentLength.length) ?? .missing
    }

    /// The value's range when the line (a range of `head`) is a
    /// Content-Length header field; nil for any other line.
    private static func contentLengthValue(_ head: UnsafeRawBufferPointer, _ line: Range<Int>) -> Range<Int>? {
        guard let colon = line.first(where: { head[$0] == 0x3A }) else { return nil }
        let name = trimmed(head, line.lowerBound, colon)
        let lowered = String(decoding: UnsafeRawBufferPointer(rebasing: head[name]), as: UTF8.self).lowercased()
        guard lowered == "content-length" || lowered == "l" else { return nil }
        return trimmed(head, colon + 1, line.upperBound)
    }

    /// `start..<end` without spaces, tabs and CR at either end.
    private static func trimmed(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Range<Int> {
        var lower = start
        var upper = end
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == cr }
        while lower < upper, isSpace(bytes[lower]) { lower += 1 }
        while upper > lower, isSpace(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }
}
