import NIOCore

/// One 20 ms (or so) of encoded audio with its timing.
public struct AudioFrame: Sendable {
    public var format: AudioFormat
    public var payload: ByteBuffer
    public var samples: Int
    public var timestamp: UInt32

    public init(format: AudioFormat, payload: ByteBuffer, samples: Int, timestamp: UInt32) {
        self.format = format
        self.payload = payload
        self.samples = samples
        self.timestamp = timestamp
    }
}

/// Call control carried with media (Asterisk's AST_CONTROL_*).
public enum ControlFrame: Sendable, Equatable {
    case ringing, progress, answer, hold, unhold, hangup
}

/// What moves between channels: voice, DTMF and control.
public enum Frame: Sendable {
    case voice(AudioFrame)
    case dtmfBegin(Character)
    case dtmfEnd(Character, Duration)
    case control(ControlFrame)
}
