import Foundation
import PBXCore
import Testing

@Suite struct G711Tests {
    @Test func everyULawCodeRoundTrips() {
        for code in 0...255 {
            let byte = UInt8(code)
            let again = G711.ulaw(fromLinear: G711.linear(fromULaw: byte))
            if byte == 0x7F {
                // Negative zero decodes to 0, which encodes as positive zero.
                #expect(again == 0xFF)
            } else {
                #expect(again == byte, "µ-law code \(code)")
            }
        }
    }

    @Test func everyALawCodeRoundTrips() {
        for code in 0...255 {
            let byte = UInt8(code)
            #expect(G711.alaw(fromLinear: G711.linear(fromALaw: byte)) == byte, "A-law code \(code)")
        }
    }

    /// End points of the laws as G.711 defines them: µ-law spans ±8031 in
    /// 14-bit units (×4 here), A-law ±4032 in 13-bit units (×8), and A-law's
    /// smallest step is ±1 unit (±8).
    @Test func tableEndPointsMatchTheRecommendation() {
        #expect(G711.linear(fromULaw: 0xFF) == 0)
        #expect(G711.linear(fromULaw: 0x7F) == 0)
        #expect(G711.linear(fromULaw: 0x80) == 8031 * 4)
        #expect(G711.linear(fromULaw: 0x00) == -8031 * 4)
        #expect(G711.linear(fromALaw: 0xD5) == 8)
        #expect(G711.linear(fromALaw: 0x55) == -8)
        #expect(G711.linear(fromALaw: 0xAA) == 4032 * 8)
        #expect(G711.linear(fromALaw: 0x2A) == -4032 * 8)
    }

    @Test func extremeSamplesClipToTheLargestCodes() {
        #expect(G711.ulaw(fromLinear: .max) == 0x80)
        #expect(G711.ulaw(fromLinear: .min) == 0x00)
        #expect(G711.alaw(fromLinear: .max) == 0xAA)
        #expect(G711.alaw(fromLinear: .min) == 0x2A)
    }

    @Test func decodingIsMonotonicInTheCodeMagnitude() {
        // Within the positive half, a larger µ-law magnitude (lower code) is a larger value.
        let positive = (0x80...0xFF).map { G711.linear(fromULaw: UInt8($0)) }
        #expect(zip(positive, positive.dropFirst()).allSatisfy { $0 > $1 })
        // A-law: code ^ 0x55 orders magnitudes upward within the positive half.
        let alaw = (0x80...0xFF).map { G711.linear(fromALaw: UInt8($0) ^ 0x55) }
        #expect(zip(alaw, alaw.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test(arguments: [0.5, 0.05])
    func sineSurvivesWithGoodSNR(amplitude: Double) {
        // One second of 1 kHz at 8 kHz, started off a sample boundary.
        let samples: [Int16] = (0..<8000).map {
            Int16((amplitude * 32767 * sin(2 * Double.pi * 1000 * Double($0) / 8000 + 0.3)).rounded())
        }
        for (encode, decode) in [(G711.encodeULaw, G711.decodeULaw), (G711.encodeALaw, G711.decodeALaw)] {
            let decoded = decode(encode(samples))
            #expect(decoded.count == samples.count)
            var signal = 0.0
            var noise = 0.0
            for (original, result) in zip(samples, decoded) {
                signal += Double(original) * Double(original)
                let error = Double(original) - Double(result)
                noise += error * error
            }
            let snr = 10 * log10(signal / noise)
            #expect(snr >= 35, "SNR \(snr) dB at amplitude \(amplitude)")
        }
    }

    @Test func lawToLawConversionGoesThroughTheLinearValue() {
        let codes = (0...255).map(UInt8.init)
        let alaw = G711.ulawToALaw(codes)
        let ulaw = G711.alawToULaw(codes)
        for code in codes {
            let index = Int(code)
            #expect(alaw[index] == G711.alaw(fromLinear: G711.linear(fromULaw: code)))
            #expect(ulaw[index] == G711.ulaw(fromLinear: G711.linear(fromALaw: code)))
            // The converted value stays within one A-law step of the original.
            let before = Int(G711.linear(fromULaw: code))
            let after = Int(G711.linear(fromALaw: alaw[index]))
            #expect(abs(before - after) <= max(16, abs(before) / 16))
        }
    }

    @Test func bufferHelpersMatchSingleSampleFunctions() {
        let samples: [Int16] = [0, 1, -1, 100, -100, 1000, -1000, 32767, -32768]
        #expect(G711.encodeULaw(samples) == samples.map(G711.ulaw(fromLinear:)))
        #expect(G711.encodeALaw(samples) == samples.map(G711.alaw(fromLinear:)))
        let codes: [UInt8] = [0x00, 0x7F, 0x80, 0xFF, 0x55, 0xD5]
        #expect(G711.decodeULaw(codes) == codes.map(G711.linear(fromULaw:)))
        #expect(G711.decodeALaw(codes) == codes.map(G711.linear(fromALaw:)))
    }
}
