/// Turns a stored sound into the frames a channel sends: 20 ms at a time
/// through the translation path, so codecs with frames (GSM, Opus) get
/// whole ones and variable-size output keeps its frame boundaries.
enum SoundConversion {
    static let frameMilliseconds = 20

    /// `bytes` in `source` as an `AudioSource` in `target`; nil without a path.
    static func convert(_ bytes: [UInt8], from source: AudioFormat, to target: AudioFormat,
                        using translations: TranslationMatrix) -> AudioSource? {
        if source == target { return AudioSource(format: target, bytes: bytes) }
        guard let chain = translations.makeChain(from: source, to: target),
              let frameBytes = source.bytes(milliseconds: frameMilliseconds), frameBytes > 0 else { return nil }
        var output: [UInt8] = []
        var frameEnds: [Int] = []
        var padded: [UInt8] = []
        padded.reserveCapacity(frameBytes)
        var start = 0
        while start < bytes.count {
            let end = min(start + frameBytes, bytes.count)
            padded.removeAll(keepingCapacity: true)
            padded.append(contentsOf: bytes[start..<end])
            if padded.count < frameBytes {
                // The last frame: pad with the source's silence so block codecs get whole blocks.
                guard source.isSignedLinear || source.silenceByte != nil else { break }
                padded.append(contentsOf: repeatElement(source.silenceByte ?? 0, count: frameBytes - padded.count))
            }
            padded.withUnsafeBytes { chain.convert($0, into: &output) }
            frameEnds.append(output.count)
            start = end
        }
        return AudioSource(format: target, bytes: output, frameMilliseconds: frameMilliseconds,
                           frameEnds: target.framing == .variable ? frameEnds : [])
    }
}
