/// Encoded audio ready to be sent in fixed 20 ms frames: what Playback hands a
/// channel. The bytes are shared (copy-on-write), so one loaded sound serves
/// every call that plays it without a copy.
public struct AudioSource: Sendable {
    public let format: AudioFormat
    public let bytes: [UInt8]
    /// Milliseconds of audio per frame.
    public let frameMilliseconds: Int

    public init(format: AudioFormat, bytes: [UInt8], frameMilliseconds: Int = 20) {
        self.format = format
        self.bytes = bytes
        self.frameMilliseconds = frameMilliseconds
    }

    public var bytesPerFrame: Int { format.samples(milliseconds: frameMilliseconds) * format.bytesPerSample }
    public var samplesPerFrame: Int { format.samples(milliseconds: frameMilliseconds) }
    public var frameCount: Int { bytesPerFrame == 0 ? 0 : (bytes.count + bytesPerFrame - 1) / bytesPerFrame }
    public var duration: Duration { .milliseconds(frameCount * frameMilliseconds) }
}
