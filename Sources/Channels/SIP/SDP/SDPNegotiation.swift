import PBXCore

/// The outcome of an SDP offer/answer for one audio stream (RFC 3264).
public struct SDPNegotiation: Sendable, Equatable {
    public var format: AudioFormat
    public var payloadType: Int
    /// RFC 4733 telephone-event payload type, if both sides have it.
    public var telephoneEventPayloadType: Int?
    public var remoteAddress: IPAddress
    public var remotePort: Int
    /// The direction the answer states.
    public var answerDirection: String
    /// The offer's fmtp for the chosen payload (`useinbandfec=1` for Opus).
    public var formatParameters: String = ""

    public var family: AddressFamily { remoteAddress.family }

    /// The payload type `media` uses for `format`: same encoding name and
    /// RTP clock rate (`G722/8000`, `opus/48000/2`), or the static number
    /// without an rtpmap; nil when absent.
    public static func payloadType(of format: AudioFormat, in media: SessionDescription.Media) -> Int? {
        media.payloadTypes.first { pt in
            guard let map = media.rtpmap[pt] else { return format.staticPayloadType.map(Int.init) == pt }
            let parts = map.split(separator: "/")
            return parts.count >= 2 && String(parts[0]).caseInsensitiveEquals(format.encodingName)
                && Int(parts[1]) == format.rtpClockRate
        }
    }

    /// Picks a codec for `offer` from `allowed` (the peer's `allow` order of
    /// preference) and the offer's telephone-event; nil when nothing matches.
    public static func answer(offer: SessionDescription, allowed: FormatSet) throws(SDPParseError) -> SDPNegotiation? {
        guard let audio = offer.audio, audio.port > 0 else { throw SDPParseError(reason: "offer has no audio stream") }
        guard let address = offer.connection(for: audio) else { throw SDPParseError(reason: "offer has no c= line") }
        var chosen: (AudioFormat, Int)?
        for format in allowed {
            if let payload = payloadType(of: format, in: audio) {
                chosen = (format, payload)
                break
            }
        }
        guard let (format, payload) = chosen else { return nil }
        let event = audio.payloadTypes.first { audio.encodingName(of: $0)?.caseInsensitiveEquals("telephone-event") == true }
        let direction: String
        switch audio.direction {
        case "sendonly": direction = "recvonly"
        case "recvonly": direction = "sendonly"
        case "inactive": direction = "inactive"
        default: direction = "sendrecv"
        }
        return SDPNegotiation(format: format, payloadType: payload, telephoneEventPayloadType: event,
                              remoteAddress: address, remotePort: audio.port, answerDirection: direction,
                              formatParameters: audio.fmtp[payload] ?? "")
    }

    /// Our SDP answer: one codec (plus telephone-event), in `localAddress`'s
    /// family, which the caller chose to match the offer's.
    public func answerDescription(localAddress: IPAddress, localPort: Int, sessionID: UInt64, version: UInt64) -> SessionDescription {
        Self.description(formats: [(format, payloadType)], telephoneEvent: telephoneEventPayloadType, direction: answerDirection,
                         localAddress: localAddress, localPort: localPort, sessionID: sessionID, version: version)
    }

    /// An SDP body listing `formats` (payload type each) in order, plus
    /// telephone-event: an offer with every codec we allow, or an answer with one.
    public static func description(formats: [(AudioFormat, Int)], telephoneEvent: Int?, direction: String, localAddress: IPAddress,
                                   localPort: Int, sessionID: UInt64, version: UInt64) -> SessionDescription {
        var description = SessionDescription()
        description.originUser = "SwiftPBX"
        description.sessionID = sessionID
        description.sessionVersion = version
        description.originAddress = localAddress
        description.sessionName = "SwiftPBX"
        description.connection = localAddress
        var media = SessionDescription.Media(type: "audio", port: localPort, proto: "RTP/AVP", payloadTypes: formats.map(\.1))
        for (format, payloadType) in formats {
            media.rtpmap[payloadType] = format.rtpmap
            // We decode in-band FEC and play wide-band audio (RFC 7587 §6.1).
            if format == .opus { media.fmtp[payloadType] = "useinbandfec=1" }
        }
        if let event = telephoneEvent {
            media.payloadTypes.append(event)
            media.rtpmap[event] = "telephone-event/8000"
            media.fmtp[event] = "0-16"
        }
        media.ptime = 20
        media.direction = direction
        description.media = [media]
        return description
    }
}
