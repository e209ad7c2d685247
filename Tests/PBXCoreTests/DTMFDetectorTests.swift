import Foundation
import PBXCore
import Testing

@Suite struct DTMFDetectorTests {
    /// `seconds` of the two tones of a key, µ-law encoded, then silence.
    static func keyPress(low: Double, high: Double, seconds: Double = 0.1) -> [UInt8] {
        let count = Int(seconds * 8000)
        let tone = (0..<count).map { index -> Int16 in
            let t = Double(index) / 8000
            return Int16(4000 * sin(2 * .pi * low * t) + 4000 * sin(2 * .pi * high * t))
        }
        return G711.encodeULaw(tone + [Int16](repeating: 0, count: 800))
    }

    @Test func findsTheKeyInG711Frames() throws {
        let detector = try #require(DTMFDetector())
        var heard: [Character] = []
        for (low, high) in [(770.0, 1336.0), (941.0, 1477.0)] {  // 5 and #
            let audio = Self.keyPress(low: low, high: high)
            for start in stride(from: 0, to: audio.count, by: 160) {
                heard += audio[start..<min(start + 160, audio.count)].withUnsafeBytes { detector.process(g711: $0, format: .ulaw) }
            }
        }
        #expect(heard == ["5", "#"])
    }

    @Test func aPlainToneIsNoDigit() throws {
        let detector = try #require(DTMFDetector())
        let tone = G711.encodeULaw((0..<4000).map { Int16(8000 * sin(2 * .pi * 1000 * Double($0) / 8000)) })
        #expect(tone.withUnsafeBytes { detector.process(g711: $0, format: .ulaw) }.isEmpty)
    }
}
