@testable import Channels
import PBXCore
import Testing

@Suite("SDPNegotiation")
struct SDPNegotiationTests {
    /// An offer with the given audio line and attributes, c= in `family`.
    private func offer(_ media: String = "m=audio 49170 RTP/AVP 8 0 101", connection: String? = "c=IN IP4 192.0.2.10",
                       attributes: [String] = ["a=rtpmap:101 telephone-event/8000"]) throws -> SessionDescription {
        let lines = ["v=0", "o=- 1 1 IN IP4 192.0.2.10", "s=-"] + (connection.map { [$0] } ?? []) + ["t=0 0", media] + attributes
        return try SessionDescription(parsing: SIPWire.sdp(lines))
    }

    private func failure(_ offer: SessionDescription) -> SDPParseError? {
        do throws(SDPParseError) {
            _ = try SDPNegotiation.answer(offer: offer, allowed: .default)
            return nil
        } catch {
            return error
        }
    }

    @Test func ourPreferenceDecidesAmongOfferedFormats() throws {
        let offered = try offer()
        let ulawFirst = try #require(try SDPNegotiation.answer(offer: offered, allowed: FormatSet([.ulaw, .alaw])))
        #expect(ulawFirst.format == .ulaw)
        #expect(ulawFirst.payloadType == 0)
        let alawFirst = try #require(try SDPNegotiation.answer(offer: offered, allowed: FormatSet([.alaw, .ulaw])))
        #expect(alawFirst.format == .alaw)
        #expect(alawFirst.payloadType == 8)
    }

    @Test func allowedFormatsTheOfferLacksAreSkipped() throws {
        let offered = try offer("m=audio 49170 RTP/AVP 8 101")
        let negotiation = try #require(try SDPNegotiation.answer(offer: offered, allowed: FormatSet([.ulaw, .alaw])))
        #expect(negotiation.format == .alaw)
        #expect(negotiation.payloadType == 8)
    }

    @Test func telephoneEventPayloadTypeIsKept() throws {
        let negotiation = try #require(try SDPNegotiation.answer(offer: try offer(), allowed: .default))
        #expect(negotiation.telephoneEventPayloadType == 101)
        #expect(negotiation.remoteAddress == IPAddress("192.0.2.10"))
        #expect(negotiation.remotePort == 49170)
        #expect(negotiation.family == .ipv4)
        let withoutEvents = try #require(try SDPNegotiation.answer(offer: try offer("m=audio 49170 RTP/AVP 0", attributes: []), allowed: .default))
        #expect(withoutEvents.telephoneEventPayloadType == nil)
    }

    @Test func dynamicPayloadTypesAreMatchedByNameAndRate() throws {
        let dynamic = try offer("m=audio 4000 RTP/AVP 97 98", attributes: ["a=rtpmap:97 L16/16000", "a=rtpmap:98 pcmu/8000"])
        let ulaw = try #require(try SDPNegotiation.answer(offer: dynamic, allowed: .default))
        #expect(ulaw.format == .ulaw)
        #expect(ulaw.payloadType == 98)
        let wide = try #require(try SDPNegotiation.answer(offer: dynamic, allowed: FormatSet([.slin16, .ulaw])))
        #expect(wide.format == .slin16)
        #expect(wide.payloadType == 97)
        // L16 at 16 kHz is not the 8 kHz slin.
        let narrow = try SDPNegotiation.answer(offer: dynamic, allowed: FormatSet([.slin]))
        #expect(narrow == nil)
    }

    @Test func noCommonCodecGivesNil() throws {
        let g729 = try offer("m=audio 49170 RTP/AVP 18 101", attributes: ["a=rtpmap:18 G729/8000", "a=rtpmap:101 telephone-event/8000"])
        #expect(try SDPNegotiation.answer(offer: g729, allowed: .default) == nil)
        #expect(try SDPNegotiation.answer(offer: try offer(), allowed: FormatSet()) == nil)
    }

    @Test(arguments: [("a=sendonly", "recvonly"), ("a=recvonly", "sendonly"), ("a=inactive", "inactive"), ("a=sendrecv", "sendrecv")])
    func directionIsMirrored(_ attribute: String, _ answer: String) throws {
        let offered = try offer(attributes: [attribute])
        #expect(try SDPNegotiation.answer(offer: offered, allowed: .default)?.answerDirection == answer)
    }

    @Test func noDirectionMeansSendrecv() throws {
        let offered = try offer(attributes: [])
        #expect(try SDPNegotiation.answer(offer: offered, allowed: .default)?.answerDirection == "sendrecv")
    }

    @Test func offerWithoutConnectionIsAnError() throws {
        let offered = try offer(connection: nil)
        #expect(failure(offered)?.reason == "offer has no c= line")
    }

    @Test func offerWithoutAudioIsAnError() throws {
        #expect(failure(try offer("m=video 5006 RTP/AVP 31", attributes: []))?.reason == "offer has no audio stream")
        #expect(failure(try offer("m=audio 0 RTP/AVP 0", attributes: []))?.reason == "offer has no audio stream")
    }

    @Test func ipv6OfferGivesAnIPv6Answer() throws {
        let offered = try SessionDescription(parsing: SessionDescriptionTests.ipv6Offer)
        let negotiation = try #require(try SDPNegotiation.answer(offer: offered, allowed: .default))
        #expect(negotiation.remoteAddress == IPAddress("2001:db8::2"))
        #expect(negotiation.family == .ipv6)
        #expect(negotiation.telephoneEventPayloadType == 96)
        #expect(negotiation.answerDirection == "recvonly")

        let local = try #require(IPAddress("2001:db8::100"))
        let answer = negotiation.answerDescription(localAddress: local, localPort: 10_000, sessionID: 42, version: 1)
        let text = answer.text
        #expect(text == [
            "v=0",
            "o=SwiftPBX 42 1 IN IP6 2001:db8::100",
            "s=SwiftPBX",
            "c=IN IP6 2001:db8::100",
            "t=0 0",
            "m=audio 10000 RTP/AVP 0 96",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:96 telephone-event/8000",
            "a=fmtp:96 0-16",
            "a=ptime:20",
            "a=recvonly",
        ].map { $0 + "\r\n" }.joined())
        #expect(!text.contains("["))
    }

    @Test func answerFollowsTheFamilyOfTheLocalAddress() throws {
        let negotiation = try #require(try SDPNegotiation.answer(offer: try offer(), allowed: .default))
        let v4 = negotiation.answerDescription(localAddress: try #require(IPAddress("192.0.2.1")), localPort: 10_002, sessionID: 7, version: 2)
        #expect(v4.text.contains("o=SwiftPBX 7 2 IN IP4 192.0.2.1\r\n"))
        #expect(v4.text.contains("c=IN IP4 192.0.2.1\r\n"))
        #expect(v4.connection?.family == .ipv4)
        let v6 = negotiation.answerDescription(localAddress: try #require(IPAddress("2001:db8::100")), localPort: 10_002, sessionID: 7, version: 2)
        #expect(v6.text.contains("c=IN IP6 2001:db8::100\r\n"))
        #expect(v6.originAddress.family == .ipv6)
    }

    @Test func ourAnswerIsItselfAnAcceptableOffer() throws {
        let negotiation = try #require(try SDPNegotiation.answer(offer: try offer(), allowed: .default))
        let answer = negotiation.answerDescription(localAddress: try #require(IPAddress("192.0.2.1")), localPort: 10_004, sessionID: 1, version: 1)
        let reread = try SessionDescription(parsing: Array(answer.text.utf8))
        #expect(reread == answer)
        let back = try #require(try SDPNegotiation.answer(offer: reread, allowed: .default))
        #expect(back.format == negotiation.format)
        #expect(back.payloadType == negotiation.payloadType)
        #expect(back.telephoneEventPayloadType == 101)
        #expect(back.remotePort == 10_004)
    }
}

@Suite("SDPNegotiation of compressed codecs") struct SDPCodecNegotiationTests {
    func offer(_ mline: String, _ attributes: [String]) throws -> SessionDescription {
        let text = (["v=0", "o=- 1 1 IN IP4 192.0.2.10", "s=-", "c=IN IP4 192.0.2.10", "t=0 0", mline] + attributes)
            .joined(separator: "\r\n") + "\r\n"
        return try SessionDescription(parsing: Array(text.utf8))
    }

    @Test func g722IsMatchedByItsEightKilohertzClock() throws {
        let g722 = try offer("m=audio 4000 RTP/AVP 9 0", ["a=rtpmap:9 G722/8000"])
        let answer = try #require(try SDPNegotiation.answer(offer: g722, allowed: FormatSet([.g722, .ulaw])))
        #expect(answer.format == .g722 && answer.payloadType == 9)
        let text = answer.answerDescription(localAddress: IPAddress("192.0.2.1")!, localPort: 5000, sessionID: 1, version: 1).text
        #expect(text.contains("m=audio 5000 RTP/AVP 9\r\n") && text.contains("a=rtpmap:9 G722/8000"))
        // Static payload type 9 without an rtpmap is G.722 too.
        let bare = try offer("m=audio 4000 RTP/AVP 9", [])
        #expect(try SDPNegotiation.answer(offer: bare, allowed: FormatSet([.g722]))?.format == .g722)
    }

    @Test func opusAndItsParametersAreTaken() throws {
        let opus = try offer("m=audio 4000 RTP/AVP 96 8", ["a=rtpmap:96 opus/48000/2", "a=fmtp:96 useinbandfec=1; maxplaybackrate=16000"])
        let answer = try #require(try SDPNegotiation.answer(offer: opus, allowed: FormatSet([.opus, .alaw])))
        #expect(answer.format == .opus && answer.payloadType == 96)
        #expect(answer.formatParameters.contains("useinbandfec=1"))
        #expect(OpusCodec.Options(fmtp: answer.formatParameters).maxPlaybackRate == 16000)
        // Opus at another clock is not Opus as RFC 7587 defines it.
        let wrong = try offer("m=audio 4000 RTP/AVP 96", ["a=rtpmap:96 opus/16000"])
        #expect(try SDPNegotiation.answer(offer: wrong, allowed: FormatSet([.opus])) == nil)
    }

    @Test func thePeersOrderOfPreferenceDecides() throws {
        let both = try offer("m=audio 4000 RTP/AVP 0 8 9 3", [])
        #expect(try SDPNegotiation.answer(offer: both, allowed: FormatSet([.gsm, .ulaw]))?.format == .gsm)
        #expect(try SDPNegotiation.answer(offer: both, allowed: FormatSet([.alaw, .gsm]))?.format == .alaw)
        // Nothing in common: nil, which the INVITE answers with 488.
        let pcmaOnly = try offer("m=audio 4000 RTP/AVP 8", [])
        #expect(try SDPNegotiation.answer(offer: pcmaOnly, allowed: FormatSet([.ulaw, .g722])) == nil)
    }

    @Test func anOfferListsEveryCodecWithRtpmaps() {
        let description = SDPNegotiation.description(formats: [(.g722, 9), (.opus, 107), (.g726, 111), (.ulaw, 0)], telephoneEvent: 101,
                                                     direction: "sendrecv", localAddress: IPAddress("::1")!, localPort: 6000,
                                                     sessionID: 1, version: 1)
        let text = description.text
        #expect(text.contains("m=audio 6000 RTP/AVP 9 107 111 0 101"))
        #expect(text.contains("a=rtpmap:107 opus/48000/2") && text.contains("a=fmtp:107 useinbandfec=1"))
        #expect(text.contains("a=rtpmap:111 G726-32/8000"))
        #expect(text.contains("c=IN IP6 ::1"))
    }

    @Test func allowAndDisallowKnowTheNewCodecs() {
        var formats = FormatSet()
        #expect(formats.apply(allow: true, list: "g722,opus, gsm,g726,bogus") == ["bogus"])
        #expect(formats.formats == [.g722, .opus, .gsm, .g726])
        formats.apply(allow: false, list: "opus")
        #expect(formats.formats == [.g722, .gsm, .g726])
        formats.apply(allow: true, list: "all")
        #expect(formats.contains(.opus) && !formats.contains(.slin))
    }
}
