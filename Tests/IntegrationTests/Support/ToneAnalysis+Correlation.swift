import Foundation

extension ToneAnalysis {
    /// The best normalized cross-correlation of `reference` within `signal`
    /// over every lag up to `maximumLag` samples, and the lag it is at:
    /// 1 means `signal` holds an exact (scaled) copy of `reference` there.
    static func bestCorrelation(of reference: [Int16], in signal: [Int16], maximumLag: Int) -> (value: Double, lag: Int) {
        guard !reference.isEmpty, signal.count >= reference.count else { return (0, 0) }
        let referenceEnergy = reference.reduce(0.0) { $0 + Double($1) * Double($1) }
        var best = (value: 0.0, lag: 0)
        for lag in 0...min(maximumLag, signal.count - reference.count) {
            var product = 0.0
            var energy = 0.0
            for index in 0..<reference.count {
                let sample = Double(signal[lag + index])
                product += Double(reference[index]) * sample
                energy += sample * sample
            }
            guard energy > 0 else { continue }
            let value = product / (referenceEnergy * energy).squareRoot()
            if value > best.value { best = (value, lag) }
        }
        return best
    }
}
