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

    public var family: AddressFamily { remoteAddress.family }

    /// Picks a codec for `offer` from `allowed` (our order of preference)
    /// and the offer's telephone-event; nil when nothing matches.
    public static func answer(offer: SessionDescription, allowed: FormatSet) throws(SDPParseError) -> SDPNegotiation? {
        guard let audio = offer.audio, audio.port > 0 else { throw SDPParseError(reason: "offer has no audio stream") }
        guard let address = offer.connection(for: audio) else { throw SDPParseError(reason: "offer has no c= line") }
        var chosen: (AudioFormat, Int)?
        for format in allowed {
            if let payload = audio.payloadTypes.first(where: { pt in
                audio.encodingName(of: pt)?.caseInsensitiveEquals(format.encodingName) == true
                    && (audio.rtpmap[pt].map { $0.hasSuffix("/\(format.sampleRate)") || $0.contains("/\(format.sampleRate)/") } ?? true)
            }) {
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
                              remoteAddress: address, remotePort: audio.port, answerDirection: direction)
    }

    /// Our SDP answer: one codec (plus telephone-event), in `localAddress`'s
    /// family, which the caller chose to match the offer's.
    public func answerDescription(localAddress: IPAddress, localPort: Int, sessionID: UInt64, version: UInt64) -> SessionDescription {
        var description = SessionDescription()
        description.originUser = "SwiftPBX"
        description.sessionID = sessionID
        description.sessionVersion = version
        description.originAddress = localAddress
        description.sessionName = "SwiftPBX"
        description.connection = localAddress
        var media = SessionDescription.Media(type: "audio", port: localPort, proto: "RTP/AVP", payloadTypes: [payloadType])
        media.rtpmap[payloadType] = "\(format.encodingName)/\(format.sampleRate)"
        if let event = telephoneEventPayloadType {
            media.payloadTypes.append(event)
            media.rtpmap[event] = "telephone-event/8000"
            media.fmtp[event] = "0-16"
        }
        media.ptime = 20
        media.direction = answerDirection
        description.media = [media]
        return description
    }
}
