/// A media format as the core knows it: name (Asterisk's), the audio sample
/// rate, the RTP clock rate and payload type SDP uses, and how encoded bytes
/// map to samples.
///
/// Compressed codecs do not have a size per sample: G.722 packs two samples
/// in a byte, GSM 160 samples in 33 bytes, and Opus packets vary. `Framing`
/// says which, so byte counts and durations are derived in one place.
public struct AudioFormat: Hashable, Sendable, CustomStringConvertible {
    /// How encoded bytes relate to samples.
    public enum Framing: Hashable, Sendable {
        /// Every `bytes` bytes hold exactly `samples` samples (G.711 1:1, G.726-32 1:2, GSM 33:160).
        case blocks(bytes: Int, samples: Int)
        /// Each packet carries its own length (Opus); nothing is derived from the byte count.
        case variable
    }

    /// Asterisk's short name: `ulaw`, `alaw`, `slin`, `slin16`, `g722`, `opus`.
    public let name: String
    /// The SDP encoding name (`PCMU`), as rtpmap spells it.
    public let encodingName: String
    /// Samples per second of the audio the codec carries (16000 for G.722).
    public let sampleRate: Int
    /// The RTP timestamp clock (8000 for G.722 by RFC 3551's historic error, 48000 for Opus).
    public let rtpClockRate: Int
    /// Channels named in rtpmap (`opus/48000/2`); the audio itself is mono here.
    public let rtpmapChannels: Int
    /// The static RTP payload type, if RFC 3551 fixes one.
    public let staticPayloadType: UInt8?
    /// The dynamic payload type we offer for formats without a static one.
    public let dynamicPayloadType: UInt8?
    public let framing: Framing

    public init(name: String, encodingName: String, sampleRate: Int, rtpClockRate: Int? = nil, rtpmapChannels: Int = 1,
                staticPayloadType: UInt8?, dynamicPayloadType: UInt8? = nil, framing: Framing) {
        self.name = name
        self.encodingName = encodingName
        self.sampleRate = sampleRate
        self.rtpClockRate = rtpClockRate ?? sampleRate
        self.rtpmapChannels = rtpmapChannels
        self.staticPayloadType = staticPayloadType
        self.dynamicPayloadType = dynamicPayloadType
        self.framing = framing
    }

    public static let ulaw = AudioFormat(name: "ulaw", encodingName: "PCMU", sampleRate: 8000, staticPayloadType: 0,
                                         framing: .blocks(bytes: 1, samples: 1))
    public static let alaw = AudioFormat(name: "alaw", encodingName: "PCMA", sampleRate: 8000, staticPayloadType: 8,
                                         framing: .blocks(bytes: 1, samples: 1))
    public static let gsm = AudioFormat(name: "gsm", encodingName: "GSM", sampleRate: 8000, staticPayloadType: 3,
                                        framing: .blocks(bytes: 33, samples: 160))
    /// G.726 at 32 kbit/s, packed as RFC 3551 §4.5.4 says (first code word in the low bits).
    public static let g726 = AudioFormat(name: "g726", encodingName: "G726-32", sampleRate: 8000, staticPayloadType: nil,
                                         dynamicPayloadType: 111, framing: .blocks(bytes: 1, samples: 2))
    /// G.722: 16 kHz audio, but an 8000 Hz RTP clock (RFC 3551 §4.5.2).
    public static let g722 = AudioFormat(name: "g722", encodingName: "G722", sampleRate: 16000, rtpClockRate: 8000,
                                         staticPayloadType: 9, framing: .blocks(bytes: 1, samples: 2))
    /// Opus (RFC 7587): always `opus/48000/2` in SDP, whatever the audio bandwidth.
    public static let opus = AudioFormat(name: "opus", encodingName: "opus", sampleRate: 48000, rtpmapChannels: 2,
                                         staticPayloadType: nil, dynamicPayloadType: 107, framing: .variable)
    /// Signed linear, host-endian 16-bit samples in memory (little-endian in files).
    public static let slin = AudioFormat(name: "slin", encodingName: "L16", sampleRate: 8000, staticPayloadType: nil,
                                         framing: .blocks(bytes: 2, samples: 1))
    public static let slin16 = AudioFormat(name: "slin16", encodingName: "L16", sampleRate: 16000, staticPayloadType: nil,
                                           framing: .blocks(bytes: 2, samples: 1))
    public static let slin48 = AudioFormat(name: "slin48", encodingName: "L16", sampleRate: 48000, staticPayloadType: nil,
                                           framing: .blocks(bytes: 2, samples: 1))

    /// Every format this build knows, in the default order of preference.
    public static let known: [AudioFormat] = [.ulaw, .alaw, .g722, .opus, .g726, .gsm, .slin, .slin16, .slin48]

    /// Looks a format up by its Asterisk name (`ulaw`) or SDP name (`PCMU`), case-insensitively.
    public static func named(_ name: String) -> AudioFormat? {
        let lowered = name.lowercased()
        return known.first { $0.name == lowered } ?? known.first { $0.isNegotiable && $0.encodingName.lowercased() == lowered }
    }

    /// The payload type we put in an offer: the static one, else our dynamic choice.
    public var offerPayloadType: UInt8? { staticPayloadType ?? dynamicPayloadType }
    /// Whether the format goes in SDP at all (signed linear stays inside the PBX).
    public var isNegotiable: Bool { offerPayloadType != nil }
    /// Whether the format is signed linear (what translators meet in).
    public var isSignedLinear: Bool { encodingName == "L16" }
    /// `a=rtpmap` text after the payload type: `G722/8000`, `opus/48000/2`.
    public var rtpmap: String {
        rtpmapChannels > 1 ? "\(encodingName)/\(rtpClockRate)/\(rtpmapChannels)" : "\(encodingName)/\(rtpClockRate)"
    }

    /// Samples in one frame of `milliseconds`.
    public func samples(milliseconds: Int) -> Int { sampleRate * milliseconds / 1000 }

    /// Encoded bytes of `milliseconds` of audio; nil for variable-size formats.
    public func bytes(milliseconds: Int) -> Int? {
        guard case .blocks(let bytes, let samples) = framing else { return nil }
        return self.samples(milliseconds: milliseconds) / samples * bytes
    }

    /// Samples held in `count` encoded bytes; nil for variable-size formats.
    public func samples(inBytes count: Int) -> Int? {
        guard case .blocks(let bytes, let samples) = framing else { return nil }
        return count / bytes * samples
    }

    /// RTP timestamp ticks that `samples` audio samples span.
    public func rtpTicks(samples: Int) -> Int {
        rtpClockRate == sampleRate ? samples : samples * rtpClockRate / sampleRate
    }

    /// The byte that encodes silence, for formats where one byte is one sample.
    public var silenceByte: UInt8? {
        switch name {
        case "ulaw": 0xFF
        case "alaw": 0xD5
        default: nil
        }
    }

    public var description: String { name }

    /// Formats are identified by name alone: cheap enough to compare per packet.
    public static func == (a: AudioFormat, b: AudioFormat) -> Bool { a.name == b.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}
