/// The translators each codec module registers, by module name. Codec
/// modules (`codec_g722` ...) are thin: load registers their list with the
/// PBX's `TranslationMatrix`, unload removes it.
public enum CodecCatalog {
    /// One codec module: its name, a description and its translators.
    public struct Entry: Sendable {
        public let module: String
        public let description: String
        public let translators: [TranslatorDescriptor]
    }

    public static let ulaw = Entry(module: "codec_ulaw", description: "mu-Law Coder/Decoder", translators: [
        TranslatorDescriptor(name: "ulawtolin", source: .ulaw, destination: .slin) { G711Translator(.ulawToLinear) },
        TranslatorDescriptor(name: "lintoulaw", source: .slin, destination: .ulaw) { G711Translator(.linearToULaw) },
    ])

    public static let alaw = Entry(module: "codec_alaw", description: "A-law Coder/Decoder", translators: [
        TranslatorDescriptor(name: "alawtolin", source: .alaw, destination: .slin) { G711Translator(.alawToLinear) },
        TranslatorDescriptor(name: "lintoalaw", source: .slin, destination: .alaw) { G711Translator(.linearToALaw) },
    ])

    public static let aMu = Entry(module: "codec_a_mu", description: "A-law and Mulaw direct Coder/Decoder", translators: [
        TranslatorDescriptor(name: "ulawtoalaw", source: .ulaw, destination: .alaw) { G711Translator(.ulawToALaw) },
        TranslatorDescriptor(name: "alawtoulaw", source: .alaw, destination: .ulaw) { G711Translator(.alawToULaw) },
    ])

    public static let g722 = Entry(module: "codec_g722", description: "ITU G.722-64kbps G722 Transcoder", translators: [
        TranslatorDescriptor(name: "g722tolin16", source: .g722, destination: .slin16) { SpanDSPCodec(.g722Decoder) },
        TranslatorDescriptor(name: "lin16tog722", source: .slin16, destination: .g722) { SpanDSPCodec(.g722Encoder) },
    ])

    public static let g726 = Entry(module: "codec_g726", description: "ITU G.726-32kbps G726 Transcoder", translators: [
        TranslatorDescriptor(name: "g726tolin", source: .g726, destination: .slin) { SpanDSPCodec(.g726Decoder) },
        TranslatorDescriptor(name: "lintog726", source: .slin, destination: .g726) { SpanDSPCodec(.g726Encoder) },
    ])

    public static let gsm = Entry(module: "codec_gsm", description: "GSM Coder/Decoder", translators: [
        TranslatorDescriptor(name: "gsmtolin", source: .gsm, destination: .slin) { SpanDSPCodec(.gsmDecoder) },
        TranslatorDescriptor(name: "lintogsm", source: .slin, destination: .gsm) { SpanDSPCodec(.gsmEncoder) },
    ])

    /// Opus in wideband: decoded to and encoded from 16 kHz signed linear.
    public static let opus = Entry(module: "codec_opus", description: "OPUS Coder/Decoder", translators: [
        TranslatorDescriptor(name: "opustolin16", source: .opus, destination: .slin16) { OpusCodec(decoderAt: 16000) },
        TranslatorDescriptor(name: "lin16toopus", source: .slin16, destination: .opus, makeWith: { parameters in
            OpusCodec(encoderAt: 16000, options: OpusCodec.Options(fmtp: parameters.destinationFormatParameters))
        }),
    ])

    public static let resample = Entry(module: "codec_resample", description: "resample module", translators:
        [(AudioFormat.slin, AudioFormat.slin16), (.slin, .slin48), (.slin16, .slin), (.slin16, .slin48), (.slin48, .slin), (.slin48, .slin16)]
            .map { source, destination in
                TranslatorDescriptor(name: "\(source.name)to\(destination.name)", source: source, destination: destination) {
                    SpeexResampler(from: source.sampleRate, to: destination.sampleRate)
                }
            })

    /// Every codec module of this build, in load order.
    public static let all: [Entry] = [ulaw, alaw, aMu, g722, g726, gsm, opus, resample]
}
