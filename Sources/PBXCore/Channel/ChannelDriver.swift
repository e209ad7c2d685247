/// A channel technology as the core sees it (Asterisk's `ast_channel_tech`
/// requester): Dial asks it for an outgoing channel by address.
public protocol ChannelDriver: Sendable {
    /// The name before the slash in a dial string: `SIP`, `Console`.
    var technology: String { get }
    /// A new, not yet called, outgoing channel to `address` (`dev2`,
    /// `dev2/100`). Throws `DialError` when the target cannot be reached.
    func request(_ address: String, formats: FormatSet, callerID: CallerID, requester: (any Channel)?) async throws -> any OutgoingChannel
}

/// Why a channel could not be requested (Dial's CHANUNAVAIL and friends).
public struct DialError: Error, Sendable, Equatable, CustomStringConvertible {
    public let cause: HangupCause
    public let reason: String

    public init(cause: HangupCause, reason: String) {
        self.cause = cause
        self.reason = reason
    }

    public var description: String { reason }
}

/// What an outgoing call reports while it is set up.
public enum CallProgress: Sendable, Equatable {
    /// The far end is alerting (SIP 180).
    case ringing
    /// Early media or progress (SIP 183); `earlyMedia` when media flows.
    case progress(earlyMedia: Bool)
    /// Answered: media flows both ways.
    case answered
    /// The call failed with a cause (busy, no answer, unreachable...).
    case failed(HangupCause)
}

/// A channel the PBX places a call on (Dial's callee).
public protocol OutgoingChannel: Channel {
    /// Starts the call; the stream ends after `.answered` or `.failed`.
    func call() -> AsyncStream<CallProgress>
}
