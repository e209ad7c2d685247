@testable import Channels
import PBXCore
import Testing

@Suite("SessionDescription")
struct SessionDescriptionTests {
    static let ipv4Offer = SIPWire.sdp([
        "v=0",
        "o=alice 2890844526 2890844527 IN IP4 192.0.2.10",
        "s=-",
        "c=IN IP4 192.0.2.10",
        "t=0 0",
        "m=audio 49170 RTP/AVP 8 0 101",
        "a=rtpmap:8 PCMA/8000",
        "a=rtpmap:0 PCMU/8000",
        "a=rtpmap:101 telephone-event/8000",
        "a=fmtp:101 0-15",
        "a=ptime:20",
        "a=sendrecv",
    ])

    static let ipv6Offer = SIPWire.sdp([
        "v=0",
        "o=bob 1 2 IN IP6 2001:db8::1",
        "s=call",
        "c=IN IP6 2001:db8::1",
        "t=0 0",
        "m=audio 40000 RTP/AVP 0 96",
        "c=IN IP6 2001:db8::2",
        "a=rtpmap:96 telephone-event/8000",
        "a=sendonly",
        "m=video 0 RTP/AVP 31",
    ])

    private func refusal(_ bytes: [UInt8]) -> SDPParseError? {
        do throws(SDPParseError) {
            _ = try SessionDescription(parsing: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func ipv4OfferIsRead() throws {
        let sdp = try SessionDescription(parsing: Self.ipv4Offer)
        #expect(sdp.originUser == "alice")
        #expect(sdp.sessionID == 2890844526)
        #expect(sdp.sessionVersion == 2890844527)
        #expect(sdp.originAddress == IPAddress("192.0.2.10"))
        #expect(sdp.sessionName == "-")
        #expect(sdp.connection == IPAddress("192.0.2.10"))
        let audio = try #require(sdp.audio)
        #expect(audio.type == "audio")
        #expect(audio.port == 49170)
        #expect(audio.proto == "RTP/AVP")
        #expect(audio.payloadTypes == [8, 0, 101])
        #expect(audio.rtpmap == [8: "PCMA/8000", 0: "PCMU/8000", 101: "telephone-event/8000"])
        #expect(audio.fmtp == [101: "0-15"])
        #expect(audio.ptime == 20)
        #expect(audio.direction == "sendrecv")
        #expect(audio.connection == nil)
        #expect(sdp.connection(for: audio) == IPAddress("192.0.2.10"))
        #expect(audio.encodingName(of: 101) == "telephone-event")
    }

    @Test func ipv6OfferWithMediaLevelConnection() throws {
        let sdp = try SessionDescription(parsing: Self.ipv6Offer)
        let session = try #require(IPAddress("2001:db8::1"))
        let media = try #require(IPAddress("2001:db8::2"))
        #expect(sdp.originAddress == session)
        #expect(sdp.connection == session)
        #expect(sdp.media.count == 2)
        let audio = try #require(sdp.audio)
        #expect(audio.connection == media)
        #expect(sdp.connection(for: audio) == media)
        #expect(audio.direction == "sendonly")
        #expect(audio.ptime == nil)
        // The video stream has no c= of its own: the session's applies.
        #expect(sdp.media[1].type == "video")
        #expect(sdp.media[1].port == 0)
        #expect(sdp.connection(for: sdp.media[1]) == session)
    }

    @Test func staticPayloadTypesNeedNoRtpmap() throws {
        let sdp = try SessionDescription(parsing: SIPWire.sdp([
            "v=0", "o=- 1 1 IN IP4 192.0.2.10", "s=-", "c=IN IP4 192.0.2.10", "t=0 0", "m=audio 5004 RTP/AVP 0 8 18",
        ]))
        let audio = try #require(sdp.audio)
        #expect(audio.encodingName(of: 0) == "PCMU")
        #expect(audio.encodingName(of: 8) == "PCMA")
        #expect(audio.encodingName(of: 18) == nil)
    }

    @Test func connectionWithTTLAndBareLFLines() throws {
        let text = "v=0\no=- 1 1 IN IP4 192.0.2.10\ns=-\nc=IN IP4 233.252.0.1/127\nt=0 0\nm=audio 5004/2 RTP/AVP 0\n"
        let sdp = try SessionDescription(parsing: Array(text.utf8))
        #expect(sdp.connection == IPAddress("233.252.0.1"))
        #expect(sdp.audio?.port == 5004)
    }

    @Test func ipv4MappedAddressInIP6IsTakenAsIPv4() throws {
        let sdp = try SessionDescription(parsing: SIPWire.sdp(["v=0", "c=IN IP6 ::ffff:192.0.2.10", "m=audio 5004 RTP/AVP 0"]))
        #expect(sdp.connection == IPAddress("192.0.2.10"))
        #expect(sdp.connection?.family == .ipv4)
    }

    @Test(arguments: [
        (["v=0", "garbage"], "bad SDP line 'garbage'"),
        (["v=0", "m=audio notaport RTP/AVP 0"], "bad m= line 'audio notaport RTP/AVP 0'"),
        (["v=0", "m=audio 70000 RTP/AVP 0"], "bad m= line 'audio 70000 RTP/AVP 0'"),
        (["v=0", "m=audio"], "bad m= line 'audio'"),
        (["v=0", "c=IN IP4 2001:db8::1"], "c= address type IP4 does not match '2001:db8::1'"),
        (["v=0", "c=IN IP4 300.1.1.1"], "bad c= address '300.1.1.1'"),
        (["v=0", "c=IN IP4 [2001:db8::1]"], "bad c= address '[2001:db8::1]'"),
        (["v=0", "c=ATM NSAP 47.0091"], "bad c= line 'ATM NSAP 47.0091'"),
        (["v=0", "o=alice 1 2 IN IP4"], "bad o= line 'alice 1 2 IN IP4'"),
        (["v=1"], "unsupported SDP version '1'"),
        (["s=-", "m=audio 5004 RTP/AVP 0"], "SDP without v=0"),
    ])
    func badLinesAreRefused(_ lines: [String], _ reason: String) throws {
        let error = try #require(refusal(SIPWire.sdp(lines)), "\(lines) must be refused")
        #expect(error.reason == reason)
        #expect(error.description == reason)
    }

    @Test func ipv6TextHasNoBracketsAndCRLFLineEnds() throws {
        let sdp = try SessionDescription(parsing: Self.ipv6Offer)
        let text = sdp.text
        #expect(!text.contains("["))
        #expect(!text.contains("]"))
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.last == "")
        #expect(lines.allSatisfy { !$0.contains("\n") && !$0.contains("\r") })
        #expect(lines.dropLast() == [
            "v=0",
            "o=bob 1 2 IN IP6 2001:db8::1",
            "s=call",
            "c=IN IP6 2001:db8::1",
            "t=0 0",
            "m=audio 40000 RTP/AVP 0 96",
            "c=IN IP6 2001:db8::2",
            "a=rtpmap:96 telephone-event/8000",
            "a=sendonly",
            "m=video 0 RTP/AVP 31",
        ])
    }

    @Test func ipv4TextReadsBackTheSame() throws {
        let sdp = try SessionDescription(parsing: Self.ipv4Offer)
        #expect(sdp.text == String(decoding: Self.ipv4Offer, as: UTF8.self))
        #expect(try SessionDescription(parsing: Array(sdp.text.utf8)) == sdp)
    }

    @Test func scopedAddressLosesItsZoneInSDP() throws {
        var sdp = SessionDescription()
        let linkLocal = IPAddress.v6(high: 0xFE80_0000_0000_0000, low: 1, scope: "eth0")
        sdp.originAddress = linkLocal
        sdp.connection = linkLocal
        #expect(sdp.text.contains("o=- 0 0 IN IP6 fe80::1\r\n"))
        #expect(sdp.text.contains("c=IN IP6 fe80::1\r\n"))
        #expect(!sdp.text.contains("%"))
    }
}
