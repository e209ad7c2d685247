import CSpanDSP

/// The one wrapper around libspandsp's speech codecs (G.722, G.726, GSM
/// 06.10): one encoder or decoder state per instance, created on init and
/// freed on deinit. Pointers never leave this type. Converts whole frames of
/// one RTP payload at a time; confined to one call's event loop.
public final class SpanDSPCodec: Translator {
    public enum Kind: Sendable, Equatable {
        case g722Encoder, g722Decoder
        case g726Encoder, g726Decoder
        case gsmEncoder, gsmDecoder
    }

    public let kind: Kind
    private let state: OpaquePointer
    private var scratch: [Int16] = []

    /// nil if the library could not make the state (out of memory).
    public init?(_ kind: Kind) {
        self.kind = kind
        let made: OpaquePointer?
        switch kind {
        case .g722Encoder: made = g722_encode_init(nil, 64000, 0)
        case .g722Decoder: made = g722_decode_init(nil, 64000, 0)
        // RFC 3551 packing puts the first code word in the low bits: spandsp's right packing.
        case .g726Encoder, .g726Decoder: made = g726_init(nil, 32000, Int32(G726_ENCODING_LINEAR),
                                                          Int32(G726_PACKING_RIGHT))
        // RFC 3551 §4.5.8: GSM frames in RTP use the 33-byte "VoIP" packing.
        case .gsmEncoder, .gsmDecoder: made = gsm0610_init(nil, Int32(GSM0610_PACKING_VOIP))
        }
        guard let made else { return nil }
        state = made
    }

    deinit {
        switch kind {
        case .g722Encoder: g722_encode_free(state)
        case .g722Decoder: g722_decode_free(state)
        case .g726Encoder, .g726Decoder: g726_free(state)
        case .gsmEncoder, .gsmDecoder: gsm0610_free(state)
        }
    }

    public func convert(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        let state = self.state
        switch kind {
        case .g722Encoder, .g726Encoder, .gsmEncoder:
            SignedLinear.withSamples(input, scratch: &scratch) { samples in
                guard let base = samples.baseAddress else { return }
                let count = samples.count
                switch kind {
                case .g722Encoder:
                    SignedLinear.appendBytes(count / 2 + 1, to: &output) { bytes in
                        Int(g722_encode(state, bytes.baseAddress, base, Int32(count)))
                    }
                case .g726Encoder:
                    SignedLinear.appendBytes(count / 2 + 1, to: &output) { bytes in
                        Int(g726_encode(state, bytes.baseAddress, base, Int32(count)))
                    }
                default:
                    // Whole 160-sample blocks only; a partial block is dropped.
                    let usable = count / 160 * 160
                    SignedLinear.appendBytes(usable / 160 * 33, to: &output) { bytes in
                        Int(gsm0610_encode(state, bytes.baseAddress, base, Int32(usable)))
                    }
                }
            }
        case .g722Decoder, .g726Decoder, .gsmDecoder:
            guard let base = input.baseAddress?.assumingMemoryBound(to: UInt8.self), !input.isEmpty else { return }
            let count = input.count
            switch kind {
            case .g722Decoder:
                SignedLinear.appendSamples(count * 2, to: &output) { samples in
                    Int(g722_decode(state, samples.baseAddress, base, Int32(count)))
                }
            case .g726Decoder:
                SignedLinear.appendSamples(count * 2, to: &output) { samples in
                    Int(g726_decode(state, samples.baseAddress, base, Int32(count)))
                }
            default:
                let usable = count / 33 * 33
                SignedLinear.appendSamples(usable / 33 * 160, to: &output) { samples in
                    Int(gsm0610_decode(state, samples.baseAddress, base, Int32(usable)))
                }
            }
        }
    }
}
