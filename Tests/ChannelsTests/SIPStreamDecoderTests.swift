import NIOCore
import NIOEmbedded
import Testing
@testable import Channels

/// SIP framing on a stream (RFC 3261 §18.3) in an `EmbeddedChannel`: reads
/// split anywhere, several messages in one read, keep-alives, and the
/// messages that cannot be framed.
@Suite("SIPStreamDecoder")
struct SIPStreamDecoderTests {
    private func channel(headLimit: Int = SIPStreamDecoder.defaultHeadLimit,
                         bodyLimit: Int = SIPStreamDecoder.defaultBodyLimit) -> EmbeddedChannel {
        EmbeddedChannel(handler: ByteToMessageHandler(SIPStreamDecoder(headLimit: headLimit, bodyLimit: bodyLimit)))
    }

    private func write(_ bytes: [UInt8], to channel: EmbeddedChannel) throws {
        try channel.writeInbound(ByteBuffer(bytes: bytes))
    }

    private func messages(from channel: EmbeddedChannel) throws -> [SIPMessage] {
        var messages: [SIPMessage] = []
        while let message = try channel.readInbound(as: SIPMessage.self) { messages.append(message) }
        return messages
    }

    private func outbound(from channel: EmbeddedChannel) throws -> [String] {
        var texts: [String] = []
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { texts.append(String(buffer: buffer)) }
        return texts
    }

    @Test func messageArrivingByteByByteIsDeliveredOnceWhole() throws {
        let channel = channel()
        let bytes = invite(callID: "split-1")
        for (index, byte) in bytes.enumerated() {
            try write([byte], to: channel)
            let delivered = try messages(from: channel)
            if index < bytes.count - 1 {
                #expect(delivered.isEmpty, "nothing before the last body byte (byte \(index))")
            } else {
                try #require(delivered.count == 1)
                #expect(delivered[0].method == .invite)
                #expect(delivered[0].callID == "split-1")
                #expect(delivered[0].body == Array(sdp.utf8))
            }
        }
        #expect(try outbound(from: channel).isEmpty)
    }

    @Test func twoMessagesInOneReadComeOutInOrder() throws {
        let channel = channel()
        try write(invite(callID: "first") + options(callID: "second"), to: channel)
        let delivered = try messages(from: channel)
        #expect(delivered.map(\.callID) == ["first", "second"])
        #expect(delivered[0].body == Array(sdp.utf8))
        #expect(delivered.last?.body.isEmpty == true)
    }

    @Test func messageAndHalfThenTheRest() throws {
        let channel = channel()
        let second = options(callID: "second")
        try write(options(callID: "first") + second[0..<40], to: channel)
        #expect(try messages(from: channel).map(\.callID) == ["first"])
        try write(Array(second[40...]), to: channel)
        #expect(try messages(from: channel).map(\.callID) == ["second"])
    }

    @Test func pingIsAnsweredWithPongAndLoneCRLFsAreSkipped() throws {
        let channel = channel()
        try write(Array("\r\n\r\n".utf8), to: channel)
        #expect(try outbound(from: channel) == ["\r\n"], "RFC 5626 §4.4.1: CRLFCRLF is answered with CRLF")

        // A CRLF before a start line (a pong, or padding) is skipped unanswered.
        try write(Array("\r\n".utf8) + options(callID: "after-crlf"), to: channel)
        #expect(try messages(from: channel).map(\.callID) == ["after-crlf"])
        #expect(try outbound(from: channel).isEmpty)

        // A ping split over two reads is still one ping.
        try write(Array("\r\n".utf8), to: channel)
        #expect(try outbound(from: channel).isEmpty)
        try write(Array("\r\n".utf8), to: channel)
        #expect(try outbound(from: channel) == ["\r\n"])

        // Two pings and a message in one read.
        try write(Array("\r\n\r\n\r\n\r\n".utf8) + options(callID: "after-pings"), to: channel)
        #expect(try outbound(from: channel) == ["\r\n", "\r\n"])
        #expect(try messages(from: channel).map(\.callID) == ["after-pings"])
    }

    @Test func requestWithoutContentLengthIsRefusedWith400AndEndsTheStream() throws {
        let channel = channel()
        let bytes = SIPWire.message(optionsLines(callID: "no-length"))
        #expect(throws: SIPStreamDecoder.FramingError.missingContentLength) {
            try write(bytes, to: channel)
        }
        let sent = try outbound(from: channel)
        try #require(sent.count == 1)
        #expect(sent[0].hasPrefix("SIP/2.0 400 "))
        #expect(sent[0].contains("Content-Length is required"))
        #expect(sent[0].contains("Call-ID: no-length\r\n"))
        #expect(sent[0].contains("Via: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bK-no-length"))
        #expect(try messages(from: channel).isEmpty)
    }

    @Test func responseWithoutContentLengthEndsTheStreamUnanswered() throws {
        let channel = channel()
        let response = SIPWire.message([
            "SIP/2.0 200 OK", "Via: SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bKr", "From: <sip:a@example.com>;tag=1",
            "To: <sip:b@example.com>;tag=2", "Call-ID: resp", "CSeq: 1 OPTIONS",
        ])
        #expect(throws: SIPStreamDecoder.FramingError.missingContentLength) {
            try write(response, to: channel)
        }
        #expect(try outbound(from: channel).isEmpty, "a response is never answered")
    }

    @Test func badAndConflictingContentLengthsEndTheStream() throws {
        let bad = channel()
        #expect(throws: SIPStreamDecoder.FramingError.badContentLength("12x")) {
            try write(SIPWire.message(optionsLines(callID: "bad") + ["Content-Length: 12x"]), to: bad)
        }
        #expect(try outbound(from: bad).first?.hasPrefix("SIP/2.0 400 ") == true)

        let conflicting = channel()
        #expect(throws: SIPStreamDecoder.FramingError.badContentLength("0 and 4")) {
            try write(SIPWire.message(optionsLines(callID: "two") + ["Content-Length: 0", "l: 4"], body: "abcd"), to: conflicting)
        }
    }

    @Test func compactContentLengthFrames() throws {
        let channel = channel()
        let first = SIPWire.message(optionsLines(callID: "compact") + ["l:  4 "], body: "abcd")
        try write(first + options(callID: "next"), to: channel)
        let delivered = try messages(from: channel)
        #expect(delivered.map(\.callID) == ["compact", "next"])
        #expect(delivered.first?.body == Array("abcd".utf8))
    }

    @Test func bodyOverTheLimitIsRefusedBeforeItArrives() throws {
        let channel = channel(bodyLimit: 100)
        // Only the head is sent: the declared length alone is enough to refuse.
        let head = SIPWire.message(optionsLines(callID: "big") + ["Content-Length: 101"])
        #expect(throws: SIPStreamDecoder.FramingError.bodyTooLong(length: 101, limit: 100)) {
            try write(head, to: channel)
        }
        #expect(try outbound(from: channel).first?.hasPrefix("SIP/2.0 400 ") == true)

        let fits = self.channel(bodyLimit: 100)
        try write(SIPWire.message(optionsLines(callID: "fits") + ["Content-Length: 100"], body: String(repeating: "x", count: 100)), to: fits)
        #expect(try messages(from: fits).first?.body.count == 100)
    }

    @Test func headOverTheLimitIsRefusedEvenUnfinished() throws {
        let channel = channel(headLimit: 300)
        var lines = optionsLines(callID: "long")
        lines.append("X-Padding: " + String(repeating: "p", count: 200))
        let unfinished = Array(lines.joined(separator: "\r\n").utf8) + Array("\r\n".utf8)
        try #require(unfinished.count > 300)
        // Up to the limit the decoder waits; one byte more and it gives up.
        try write(Array(unfinished[0..<300]), to: channel)
        #expect(try messages(from: channel).isEmpty)
        #expect(throws: SIPStreamDecoder.FramingError.headTooLong(limit: 300)) {
            try write([unfinished[300]], to: channel)
        }
    }

    @Test func framedButMalformedMessageGets400AndTheStreamGoesOn() throws {
        let channel = channel()
        let malformed = SIPWire.message(optionsLines(callID: "broken").map { $0.hasPrefix("CSeq") ? "CSeq: one OPTIONS" : $0 }
                                        + ["Content-Length: 0"])
        try write(malformed + options(callID: "fine"), to: channel)
        let sent = try outbound(from: channel)
        try #require(sent.count == 1)
        #expect(sent[0].hasPrefix("SIP/2.0 400 "))
        #expect(sent[0].contains("Call-ID: broken"))
        #expect(try messages(from: channel).map(\.callID) == ["fine"])
    }

    @Test func partialMessageAtTheEndOfTheStreamIsDroppedQuietly() throws {
        let channel = channel()
        let second = options(callID: "cut")
        try write(options(callID: "whole") + second[0..<30], to: channel)
        #expect(try messages(from: channel).map(\.callID) == ["whole"])
        let leftOver = try channel.finish()
        #expect(leftOver.isClean, "the cut message is neither delivered nor an error")
    }

    @Test func headEndIsFoundFromAResumePoint() {
        let bytes = Array("OPTIONS sip:a SIP/2.0\r\nCall-ID: x\r\n\r\nbody".utf8)
        bytes.withUnsafeBytes { raw in
            let found = SIPStreamDecoder.headEnd(in: raw, from: 0)
            #expect(found?.headLength == 34, "the LF that ends the Call-ID line")
            #expect(found?.bodyStart == 37)
            #expect(SIPStreamDecoder.headEnd(in: raw, from: 33)?.bodyStart == 37)
            #expect(SIPStreamDecoder.headEnd(in: raw, from: 35) == nil, "past the blank line there is none")
        }
        Array("A\n\nB".utf8).withUnsafeBytes { raw in
            #expect(SIPStreamDecoder.headEnd(in: raw, from: 0)?.bodyStart == 3, "bare LF LF is tolerated")
        }
    }

    @Test func contentLengthIsReadFromTheHeadOnly() {
        func declared(_ text: String) -> SIPStreamDecoder.ContentLength {
            Array(text.utf8).withUnsafeBytes { SIPStreamDecoder.contentLength(inHead: $0) }
        }
        #expect(declared("INVITE sip:a SIP/2.0\r\nContent-Length: 42\r") == .length(42))
        #expect(declared("INVITE sip:a SIP/2.0\r\ncontent-length:7") == .length(7))
        #expect(declared("INVITE sip:a SIP/2.0\r\nL : 3\r\nl: 3") == .length(3))
        #expect(declared("INVITE sip:a SIP/2.0\r\nX-Content-Length: 5") == .missing)
        #expect(declared("INVITE sip:a SIP/2.0\r\nSubject: hi\r\n Content-Length: 5") == .missing, "a continuation line is no header")
        #expect(declared("INVITE sip:a SIP/2.0\r\nContent-Length: -1") == .invalid("-1"))
        #expect(declared("INVITE sip:a SIP/2.0\r\nContent-Length:") == .invalid(""))
        #expect(declared("Content-Length: 9 SIP/2.0") == .missing, "the start line is no header")
    }
}

private let sdp = "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n"

private func optionsLines(callID: String) -> [String] {
    [
        "OPTIONS sip:ping@192.0.2.1 SIP/2.0",
        "Via: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bK-\(callID)",
        "From: <sip:tester@192.0.2.10>;tag=t1",
        "To: <sip:ping@192.0.2.1>",
        "Call-ID: \(callID)",
        "CSeq: 1 OPTIONS",
        "Max-Forwards: 70",
    ]
}

private func options(callID: String) -> [UInt8] {
    SIPWire.message(optionsLines(callID: callID) + ["Content-Length: 0"])
}

private func invite(callID: String) -> [UInt8] {
    SIPWire.message(SIPWire.inviteLines(replacing: ["Call-ID": callID]) + ["Content-Type: application/sdp", "Content-Length: \(sdp.utf8.count)"],
                    body: sdp)
}
