/// Encoded audio ready to be sent in fixed 20 ms frames: what Playback hands a
/// channel. The bytes are shared (copy-on-write), so one loaded sound serves
/// every call that plays it without a copy.
///
/// Fixed-size formats cut `bytes` every `bytesPerFrame`; variable-size ones
/// (Opus) list where each frame ends in `frameEnds`.
public struct AudioSource: Sendable {
    public let format: AudioFormat
    public let bytes: [UInt8]
    /// Milliseconds of audio per frame.
    public let frameMilliseconds: Int
    /// End offset of each frame in `bytes`, for variable-size formats; empty otherwise.
    public let frameEnds: [Int]

    public init(format: AudioFormat, bytes: [UInt8], frameMilliseconds: Int = 20, frameEnds: [Int] = []) {
        self.format = format
        self.bytes = bytes
        self.frameMilliseconds = frameMilliseconds
        self.frameEnds = frameEnds
    }

    /// Bytes in one full frame; 0 for variable-size formats.
    public var bytesPerFrame: Int { format.bytes(milliseconds: frameMilliseconds) ?? 0 }
    public var samplesPerFrame: Int { format.samples(milliseconds: frameMilliseconds) }
    /// RTP timestamp ticks per frame (G.722: half the samples).
    public var ticksPerFrame: Int { format.rtpTicks(samples: samplesPerFrame) }
    public var frameCount: Int {
        if format.framing == .variable { return frameEnds.count }
        return bytesPerFrame == 0 ? 0 : (bytes.count + bytesPerFrame - 1) / bytesPerFrame
    }
    public var duration: Duration { .milliseconds(frameCount * frameMilliseconds) }

    /// The bytes of frame `index` (the last fixed-size frame may be short).
    public func frame(_ index: Int) -> ArraySlice<UInt8> {
        if format.framing == .variable {
            let start = index == 0 ? 0 : frameEnds[index - 1]
            return bytes[start..<frameEnds[index]]
        }
        let start = index * bytesPerFrame
        return bytes[start..<min(start + bytesPerFrame, bytes.count)]
    }
}
