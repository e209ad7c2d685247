import COpus

/// The one wrapper around libopus: an encoder or a decoder for mono voice
/// at one signed-linear rate (8, 16 or 48 kHz; the RTP clock stays 48 kHz).
/// Pointers never leave this type; confined to one call's event loop.
public final class OpusCodec: Translator {
    /// The far end's fmtp wishes an encoder honours (RFC 7587 §7).
    public struct Options: Sendable, Equatable {
        /// `useinbandfec=1`: put forward error correction in each packet.
        public var inbandFEC: Bool
        /// `maxplaybackrate`: the highest rate the far end will play; caps the coded bandwidth.
        public var maxPlaybackRate: Int
        /// Expected loss (percent) the FEC is sized for.
        public var packetLossPercent: Int
        /// libopus complexity 0...10; 5 keeps wideband voice cheap.
        public var complexity: Int

        public init(inbandFEC: Bool = false, maxPlaybackRate: Int = 48000, packetLossPercent: Int = 5, complexity: Int = 5) {
            self.inbandFEC = inbandFEC
            self.maxPlaybackRate = maxPlaybackRate
            self.packetLossPercent = packetLossPercent
            self.complexity = complexity
        }

        /// Reads `useinbandfec` and `maxplaybackrate` from an fmtp line (`maxplaybackrate=16000; useinbandfec=1`).
        public init(fmtp: String) {
            self.init()
            for pair in fmtp.split(whereSeparator: { $0 == ";" || $0 == " " }) {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let value = Int(parts[1]) else { continue }
                switch parts[0].lowercased() {
                case "useinbandfec": inbandFEC = value == 1
                case "maxplaybackrate" where (8000...48000).contains(value): maxPlaybackRate = value
                default: break
                }
            }
        }

        /// The Opus bandwidth that fits a playback rate.
        var maxBandwidth: Int32 {
            switch maxPlaybackRate {
            case ..<12000: OPUS_BANDWIDTH_NARROWBAND
            case ..<16000: OPUS_BANDWIDTH_MEDIUMBAND
            case ..<24000: OPUS_BANDWIDTH_WIDEBAND
            case ..<48000: OPUS_BANDWIDTH_SUPERWIDEBAND
            default: OPUS_BANDWIDTH_FULLBAND
            }
        }
    }

    private enum State {
        case encoder(OpaquePointer)
        case decoder(OpaquePointer)
    }

    /// The signed-linear rate on our side.
    public let rate: Int
    private let state: State
    private var scratch: [Int16] = []
    /// The longest packet one 20 ms frame may become (RFC 6716 caps a frame at 1275 bytes).
    private static let maxPacketBytes = 1275

    /// An encoder from `rate` Hz signed linear; nil when libopus refuses.
    public init?(encoderAt rate: Int, options: Options = Options()) {
        var error: Int32 = 0
        guard let encoder = opus_encoder_create(Int32(rate), 1, OPUS_APPLICATION_VOIP, &error), error == OPUS_OK else { return nil }
        self.rate = rate
        state = .encoder(encoder)
        _ = swiftpbx_opus_set_int(encoder, OPUS_SET_COMPLEXITY_REQUEST, Int32(options.complexity))
        _ = swiftpbx_opus_set_int(encoder, OPUS_SET_MAX_BANDWIDTH_REQUEST, options.maxBandwidth)
        _ = swiftpbx_opus_set_int(encoder, OPUS_SET_INBAND_FEC_REQUEST, options.inbandFEC ? 1 : 0)
        _ = swiftpbx_opus_set_int(encoder, OPUS_SET_PACKET_LOSS_PERC_REQUEST, Int32(options.inbandFEC ? options.packetLossPercent : 0))
        _ = swiftpbx_opus_set_int(encoder, OPUS_SET_SIGNAL_REQUEST, OPUS_SIGNAL_VOICE)
    }

    /// A decoder to `rate` Hz signed linear; nil when libopus refuses.
    public init?(decoderAt rate: Int) {
        var error: Int32 = 0
        guard let decoder = opus_decoder_create(Int32(rate), 1, &error), error == OPUS_OK else { return nil }
        self.rate = rate
        state = .decoder(decoder)
    }

    deinit {
        switch state {
        case .encoder(let encoder): opus_encoder_destroy(encoder)
        case .decoder(let decoder): opus_decoder_destroy(decoder)
        }
    }

    /// Encodes one frame (2.5 to 60 ms of samples) into one packet, or
    /// decodes one packet. A packet that does not decode becomes 20 ms of
    /// concealment, so the stream keeps its timing.
    public func convert(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        switch state {
        case .encoder(let encoder):
            SignedLinear.withSamples(input, scratch: &scratch) { samples in
                guard let base = samples.baseAddress else { return }
                SignedLinear.appendBytes(Self.maxPacketBytes, to: &output) { bytes in
                    guard let out = bytes.baseAddress else { return 0 }
                    return Int(max(0, opus_encode(encoder, base, Int32(samples.count), out, Int32(bytes.count))))
                }
            }
        case .decoder(let decoder):
            let data = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
            // Room for exactly what the packet holds (usually 20 ms, at most
            // 120 ms), so a frame does not zero six times the buffer it needs;
            // a packet Opus cannot read gets 20 ms of concealment.
            let packetSamples = data.map { opus_decoder_get_nb_samples(decoder, $0, Int32(input.count)) } ?? -1
            let capacity = packetSamples > 0 ? min(Int(packetSamples), rate * 120 / 1000) : rate / 50
            SignedLinear.appendSamples(capacity, to: &output) { samples in
                guard let out = samples.baseAddress else { return 0 }
                var decoded = opus_decode(decoder, data, Int32(input.count), out, Int32(capacity), 0)
                if decoded < 0 {
                    decoded = opus_decode(decoder, nil, 0, out, Int32(rate / 50), 0)
                }
                return Int(max(0, decoded))
            }
        }
    }
}
