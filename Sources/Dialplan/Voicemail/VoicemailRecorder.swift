import PBXCore

/// Records what the caller says into a `RecordingFile` until a key (`#`),
/// `maxsilence` seconds of silence, `maxsecs`, or the hangup. Silence is
/// judged per frame by its mean absolute level against `silencethreshold`
/// (Asterisk's DSP silence test); trailing silence is cut off.
struct VoicemailRecorder {
    enum Ending: Equatable {
        case key(Character)
        case silence
        case maxLength
        case hangUp
    }

    let settings: VoicemailSettings
    /// Decodes callers whose codec is not G.711 or signed linear (G.722, Opus...).
    var translations: TranslationMatrix?
    /// Keys that end the recording.
    var stopKeys: Set<Character> = ["#", "*"]
    /// Longest recording when `maxsecs` is 0 (no limit asked).
    static let ceilingSeconds = 3_600

    func record(from channel: any Channel, into file: RecordingFile) async throws -> Ending {
        let limitSeconds = settings.maxSeconds > 0 ? settings.maxSeconds : Self.ceilingSeconds
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(limitSeconds)
        let silenceLimit = settings.maxSilence * WAVWriter.sampleRate
        var silentSamples = 0
        var decoder: (format: AudioFormat, chain: TranslationChain)?
        var decoded: [UInt8] = []
        // Audio that arrived during the prompts is not part of the message.
        try await channel.discardInput()
        // Bounded by the deadline: at most one frame per 20 ms, plus idle polls.
        for _ in 0..<(limitSeconds * 60 + 100) {
            if clock.now >= deadline { return .maxLength }
            let input: ChannelInput?
            do {
                input = try await channel.read(timeout: .milliseconds(200))
            } catch ChannelError.hungUp {
                return .hangUp
            }
            switch input {
            case .digit(let key) where stopKeys.contains(key):
                return .key(key)
            case .digit:
                continue
            case .voice(let frame):
                var samples = frame.linearSamples
                if samples.isEmpty, let translations {
                    if decoder?.format != frame.format {
                        decoder = translations.makeChain(from: frame.format, to: .slin).map { (frame.format, $0) }
                    }
                    guard let chain = decoder?.chain else { continue }
                    decoded.removeAll(keepingCapacity: true)
                    frame.payload.withUnsafeReadableBytes { chain.convert($0, into: &decoded) }
                    // Signed linear in memory is host-endian Int16.
                    samples = decoded.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
                }
                guard !samples.isEmpty else { continue }
                try file.append(samples)
                if Self.isSilent(samples, threshold: settings.silenceThreshold) {
                    silentSamples += samples.count
                } else {
                    silentSamples = 0
                }
            case nil:
                if channel.isHungUp { return .hangUp }
                // No audio arriving counts as silence.
                silentSamples += WAVWriter.sampleRate / 5
            }
            if silenceLimit > 0, silentSamples >= silenceLimit {
                file.truncate(samples: min(silentSamples, file.sampleCount))
                return .silence
            }
        }
        return .maxLength
    }

    static func isSilent(_ samples: [Int16], threshold: Int) -> Bool {
        guard !samples.isEmpty else { return true }
        var total = 0
        for sample in samples { total += abs(Int(sample)) }
        return total / samples.count < threshold
    }
}
