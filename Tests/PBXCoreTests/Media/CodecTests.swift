@testable import PBXCore
import Testing

/// Every codec through encode and decode: tone quality above a floor stated
/// per codec, speech-like noise keeps its level, no clicks where frames meet,
/// and frames the size RTP expects.
@Suite struct CodecTests {
    struct Case: Sendable, CustomStringConvertible {
        let format: AudioFormat
        let rate: Int
        /// Tone-to-rest floor in dB after encode and decode.
        let floor: Double
        /// Encoded bytes per 20 ms (nil: variable).
        let frameBytes: Int?
        let encoder: @Sendable () -> (any Translator)?
        let decoder: @Sendable () -> (any Translator)?
        var description: String { format.name }
    }

    static let cases: [Case] = [
        Case(format: .ulaw, rate: 8000, floor: 35, frameBytes: 160,
             encoder: { G711Translator(.linearToULaw) }, decoder: { G711Translator(.ulawToLinear) }),
        Case(format: .alaw, rate: 8000, floor: 35, frameBytes: 160,
             encoder: { G711Translator(.linearToALaw) }, decoder: { G711Translator(.alawToLinear) }),
        Case(format: .g722, rate: 16000, floor: 40, frameBytes: 160,
             encoder: { SpanDSPCodec(.g722Encoder) }, decoder: { SpanDSPCodec(.g722Decoder) }),
        Case(format: .g726, rate: 8000, floor: 30, frameBytes: 80,
             encoder: { SpanDSPCodec(.g726Encoder) }, decoder: { SpanDSPCodec(.g726Decoder) }),
        Case(format: .gsm, rate: 8000, floor: 25, frameBytes: 33,
             encoder: { SpanDSPCodec(.gsmEncoder) }, decoder: { SpanDSPCodec(.gsmDecoder) }),
        Case(format: .opus, rate: 16000, floor: 35, frameBytes: nil,
             encoder: { OpusCodec(encoderAt: 16000) }, decoder: { OpusCodec(decoderAt: 16000) }),
    ]

    @Test(arguments: cases)
    func toneSurvivesAboveTheFloor(_ codec: Case) throws {
        let encoder = try #require(codec.encoder())
        let decoder = try #require(codec.decoder())
        let input = AudioSignal.tone(1000, rate: codec.rate, count: codec.rate)  // one second
        let (decoded, sizes) = AudioSignal.roundTrip(input, rate: codec.rate, encoder: encoder, decoder: decoder)
        #expect(decoded.count == input.count)
        // Leave the first 100 ms for adaptive codecs to settle.
        let steady = decoded[(codec.rate / 10)...].prefix(codec.rate / 2)
        let ratio = AudioSignal.toneToRest(1000, in: steady, rate: codec.rate)
        #expect(ratio >= codec.floor, "\(codec.format.name): \(ratio) dB")
        // The level is kept within 2 dB.
        let gain = AudioSignal.meanPower(steady) / AudioSignal.meanPower(input[...])
        #expect(gain > 0.63 && gain < 1.58, "\(codec.format.name): power ratio \(gain)")
        if let frameBytes = codec.frameBytes {
            #expect(sizes.allSatisfy { $0 == frameBytes })
            #expect(codec.format.bytes(milliseconds: 20) == frameBytes)
        } else {
            #expect(sizes.allSatisfy { $0 > 0 && $0 <= 1275 })
        }
    }

    @Test(arguments: cases)
    func noClicksAtFrameBoundaries(_ codec: Case) throws {
        let encoder = try #require(codec.encoder())
        let decoder = try #require(codec.decoder())
        let input = AudioSignal.tone(1000, rate: codec.rate, count: codec.rate / 2)
        let (decoded, _) = AudioSignal.roundTrip(input, rate: codec.rate, encoder: encoder, decoder: decoder)
        let roughness = AudioSignal.boundaryRoughness(decoded, frame: codec.rate / 50, skip: codec.rate / 10)
        #expect(roughness < 1.5, "\(codec.format.name): boundary roughness \(roughness)")
    }

    @Test(arguments: cases)
    func speechLikeNoiseKeepsItsLevel(_ codec: Case) throws {
        let encoder = try #require(codec.encoder())
        let decoder = try #require(codec.decoder())
        let input = AudioSignal.speechLikeNoise(rate: codec.rate, count: codec.rate)
        let (decoded, _) = AudioSignal.roundTrip(input, rate: codec.rate, encoder: encoder, decoder: decoder)
        let ratio = AudioSignal.meanPower(decoded[(codec.rate / 10)...]) / AudioSignal.meanPower(input[(codec.rate / 10)...])
        #expect(ratio > 0.4 && ratio < 2.5, "\(codec.format.name): power ratio \(ratio)")
    }

    @Test func g711MatchesTheSampleByItselfAbove35dB() {
        let input = AudioSignal.tone(1000, rate: 8000, count: 8000)
        let ulaw = G711Translator(.linearToULaw), back = G711Translator(.ulawToLinear)
        let (decoded, _) = AudioSignal.roundTrip(input, rate: 8000, encoder: ulaw, decoder: back)
        #expect(AudioSignal.snr(original: input[...], decoded: decoded[...]) >= 35)
        // The table encoder agrees with the segment search for every sample.
        for value in stride(from: -32768, through: 32767, by: 7) {
            let sample = Int16(value)
            #expect(G711.ulawEncodeTable[Int(UInt16(bitPattern: sample))] == G711.ulaw(fromLinear: sample))
            #expect(G711.alawEncodeTable[Int(UInt16(bitPattern: sample))] == G711.alaw(fromLinear: sample))
        }
    }

    @Test func rtpTimingPerFormat() {
        // Samples and RTP ticks per 20 ms: G.722 has 320 samples but 160 ticks; Opus ticks at 48 kHz.
        #expect(AudioSource(format: .ulaw, bytes: []).ticksPerFrame == 160)
        #expect(AudioSource(format: .g722, bytes: []).samplesPerFrame == 320)
        #expect(AudioSource(format: .g722, bytes: []).ticksPerFrame == 160)
        #expect(AudioSource(format: .opus, bytes: []).ticksPerFrame == 960)
        #expect(AudioSource(format: .gsm, bytes: [UInt8](repeating: 0, count: 66)).frameCount == 2)
        #expect(AudioFormat.g722.rtpmap == "G722/8000")
        #expect(AudioFormat.opus.rtpmap == "opus/48000/2")
        #expect(AudioFormat.g726.rtpmap == "G726-32/8000")
        #expect(AudioFormat.gsm.staticPayloadType == 3)
        #expect(AudioFormat.g722.staticPayloadType == 9)
        let opus = AudioSource(format: .opus, bytes: [1, 2, 3, 4, 5], frameEnds: [2, 5])
        #expect(opus.frameCount == 2)
        #expect(Array(opus.frame(1)) == [3, 4, 5])
    }

    @Test func opusReadsItsFormatParameters() {
        let options = OpusCodec.Options(fmtp: "maxplaybackrate=16000; useinbandfec=1")
        #expect(options.inbandFEC)
        #expect(options.maxPlaybackRate == 16000)
        #expect(OpusCodec.Options(fmtp: "useinbandfec=0").inbandFEC == false)
        #expect(OpusCodec.Options(fmtp: "maxplaybackrate=999999").maxPlaybackRate == 48000)
        // An encoder made with FEC still round-trips.
        #expect(OpusCodec(encoderAt: 16000, options: options) != nil)
    }
}
